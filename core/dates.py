"""Calendar arithmetic the rules share."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

# The plan runs from 2021 to the end of 2025; its long-range goals are for 2035: every date the office sets lies
# between the start and the horizon.
PLAN_START, PLAN_END, HORIZON_END = date(2021, 1, 1), date(2025, 12, 31), date(2035, 12, 31)


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


def not_in_the_future(day: date) -> None:
    if day > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."))


def parse_as_of(text: str | None) -> date | None:
    """The date a page is viewed "as of" (?as_of=2025-12-31), None for today. Not a date, before the plan or in
    the future: a ValidationError the page shows."""
    if not text:
        return None
    try:
        day = date.fromisoformat(text.strip())
    except ValueError as exc:
        raise ValidationError(_("Give the date as YYYY-MM-DD.")) from exc
    if day < PLAN_START or day > timezone.localdate():
        raise ValidationError(_("Choose a date between %(start)s and today.") % {"start": PLAN_START.isoformat()})
    return day
