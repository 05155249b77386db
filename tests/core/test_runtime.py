"""The WSGI entry point tunes garbage collection once the application is loaded (core.runtime): what is loaded is
frozen out of the collector's walks, and collections are rarer (bench/gc_spread.py measures the effect)."""

import gc
import importlib


def test_the_served_application_runs_with_the_collector_tuned():
    threshold = gc.get_threshold()
    try:
        gc.unfreeze()
        importlib.reload(importlib.import_module("yunnan_emergency.wsgi"))
        assert gc.get_threshold()[0] == 50_000 and gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
