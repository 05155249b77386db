"""督办单: the formal, numbered supervision notices the daily job issues to a unit by colour (blue: a deadline or
milestone is near; yellow: behind its pace or milestone; red: overdue), which the unit answers and the office closes,
escalating to the unit's leadership when unanswered."""
