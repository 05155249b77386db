"""Domain, above agencies: the dated lights and roll-ups every page reads (written by recompute/, an aggregate).
Subjects are named by kind and id, so any app can read its items' lights without a foreign key."""
