"""Calendar arithmetic the rules share."""

from datetime import date, timedelta


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
