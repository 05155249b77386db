"""Domain, above indicators: plan revisions (a deadline, target or scope changed by decision, with reason and
document) and what was in force on a past day."""
