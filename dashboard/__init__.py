"""Aggregate: the home page and the leadership dashboard with its JSON, read from the snapshots and every app."""
