"""The command's name before the redesign (#15), kept for cron jobs and runbooks that still call it."""

from recompute.management.commands.recompute_snapshots import Command  # noqa: F401
