"""Benchmarks at national scale: the data generator (bench.data) and the runner (bench/run.py, `make bench`)."""

# The table bench_data leaves in a database it built, and the generator's version: the runner reuses a database
# only if both match.
MARKER_TABLE = "bench_meta"
GENERATOR_VERSION = 2
