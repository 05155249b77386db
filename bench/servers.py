"""Where the benchmarks' databases and servers are, shared by bench/run.py and bench/rush.py."""

import os
import socket
import sys

SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
PYTHON = sys.executable


def database_url(scale: int) -> str:
    return f"{SERVER}/yunnan_bench_n{scale}"


def env_for(scale: int) -> dict:
    return {**os.environ, "DATABASE_URL": database_url(scale), "DJANGO_SETTINGS_MODULE": "bench.settings",
            "REDIS_URL": os.environ.get("BENCH_REDIS_URL", ""), "LOG_LEVEL": "WARNING",
            # one signed-in user drives each load: what is measured is the endpoint, not the per-user API limit
            # (600 a minute, which would answer most of a load run with 429)
            "API_RATE": "100000000/min"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
