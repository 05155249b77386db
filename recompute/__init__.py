"""Aggregate: judges every item, target and report and writes the day's snapshots (nightly and shortly after any
change; `manage.py recompute_snapshots`)."""
