"""Domain, top layer beside reporting/ (neither imports the other): plan revisions (a deadline, target or scope
changed by decision, with reason and document), what an item was before them, and what was in force on a past
day; the revisions template filters let the apps below show "original → revised"."""
