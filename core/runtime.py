"""How a serving process runs: garbage collection tuned once the application is loaded.

CPython's full (generation-2) collection walks every object the process holds; with Django, the apps and their
caches loaded, that is some 140 ms on the machines here, and it fell inside one request in ten of a list page:
the lists' p95 was five times their median (bench/gc_spread.py shows it). Freezing what is loaded at start moves
it out of the collector's reach for good, and a larger first threshold makes the collections that remain rare and
small; reference cycles are still collected."""

import gc

FIRST_GENERATION_THRESHOLD = 50_000  # CPython's default is 700 allocations


def gc_tune() -> None:
    """Call once the application is loaded (the WSGI entry point does), before serving."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(FIRST_GENERATION_THRESHOLD, 20, 100)
