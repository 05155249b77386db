"""Aggregate: loads the whole plan from fixtures/plan.json, each app its part (`manage.py load_plan`)."""
