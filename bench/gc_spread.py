"""Why a list's p95 was five times its median: CPython's garbage collection. Times the task list API in-process
(as bench/run.py does) under the default collector, with what is loaded frozen (gc.freeze), and as the portal
serves (core.runtime.gc_tune), noting which slow requests had a full (generation-2) collection inside them.

    .venv/bin/python bench/gc_spread.py [--scale 1] [--requests 60]

Needs the bench database of that scale (make bench builds it)."""

import argparse
import gc
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: the portal's modules are beside bench/


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args()
    server = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
    os.environ.update(DJANGO_SETTINGS_MODULE="bench.settings", LOG_LEVEL="WARNING",
                      DATABASE_URL=f"{server}/yunnan_bench_n{args.scale}")
    # Django only once its settings are in the environment above.
    import django

    django.setup()
    # Only now: these modules need Django's settings and app registry, which setup() has just filled.
    from django.test import Client

    from agencies.models import User
    from core.runtime import gc_tune

    client = Client()
    client.force_login(User.objects.get(username="leader"))
    full_collections, inside = [], [False]
    gc.callbacks.append(lambda phase, info: full_collections.append(1) if (
        phase == "start" and inside[0] and info["generation"] == 2) else None)

    def run(label):
        times = []
        for _ in range(args.requests):
            full_collections.clear()
            inside[0] = True
            started = time.perf_counter()
            assert client.get("/api/v1/tasks/").status_code == 200
            times.append((1000 * (time.perf_counter() - started), bool(full_collections)))
            inside[0] = False
        ordered = sorted(t for t, _ in times)
        median, p95 = statistics.median(ordered), ordered[round(0.95 * (len(ordered) - 1))]
        slow = [full for t, full in times if t > 1.5 * median]
        print(f"| {label} | {median:.1f} | {p95:.1f} | {p95 / median:.2f} | {len(slow)} | {sum(slow)} |")

    print(f"N={args.scale}, task list API, {args.requests} requests each\n")
    print("| collector | median ms | p95 ms | p95/median | slow requests (>1.5× median) | of which with a full GC |")
    print("|---|---:|---:|---:|---:|---:|")
    run("warm-up (default)")
    run("default")
    gc.collect()
    gc.freeze()
    run("gc.freeze() only")
    gc.unfreeze()
    gc_tune()
    run("as served: core.runtime.gc_tune()")


if __name__ == "__main__":
    main()
