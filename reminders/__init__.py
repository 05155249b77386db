"""Aggregate: the daily reminders (催办) of items that turned yellow or red and of reports coming due."""
