"""Domain, top layer beside revisions/ (neither imports the other): what units report against the plan as revised:
status updates and progress entries with evidence on tasks and key projects, and the prefectures' periodic
reports with their review cycle."""
