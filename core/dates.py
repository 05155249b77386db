"""Calendar arithmetic the rules share."""

from datetime import date, timedelta

# The plan runs from 2021; its long-range goals are for 2035: every date the office sets lies between.
PLAN_START, HORIZON_END = date(2021, 1, 1), date(2035, 12, 31)


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days (Monday to Friday) after `start`. Public holidays and the weekend days
    worked in their place (调休) are not known to the portal, so a deadline may fall a day or two early in a
    holiday week: the office can allow for that when it urges."""
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            remaining -= 1
    return current
