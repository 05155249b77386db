"""Numbers as people write them: 144.0000 → "144", 0.9000 → "0.9", 1E+3 → "1000", and a float's binary noise
gone (1.2 stays "1.2", not 1.1999999999999999555…): one formatter for reasons, notices, messages and labels. And
the one reading of numbers people type (pages, workbooks), bounded before any arithmetic."""

import re
from decimal import Decimal, InvalidOperation

# A float carries 15 significant digits safely; beyond them there is only its binary noise, never a digit anyone
# wrote (0.1 + 0.2 is 0.30000000000000004, and 0.3 to 15 digits).
FLOAT_DIGITS = 15


def plain_number(value) -> str:
    if isinstance(value, float):
        value = format(value, f".{FLOAT_DIGITS}g")
    return f"{Decimal(value).normalize():f}"


# Every value the portal stores has at most 12 digits before the point and 4 after (DecimalField 14/16 places);
# a number far outside that (1e999999999, 1e-999999) is refused as it is read, before arithmetic whose default
# context would overflow on it.
LARGEST_EXPONENT = 12
SMALLEST_EXPONENT = -12


def parse_number(value) -> Decimal | None:
    """A number as typed or as a workbook holds it: None when blank; InvalidOperation for anything else that is not
    an ordinary finite number within the bounds above."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise InvalidOperation
    text = str(value).strip()
    if text == "":
        return None
    number = Decimal(text)
    if not number.is_finite() or (number and not SMALLEST_EXPONENT <= number.adjusted() < LARGEST_EXPONENT):
        raise InvalidOperation
    return number


def parse_int(text, *, largest: int = 2**31 - 1) -> int | None:
    """A whole number written with the digits 0-9 (not "²" or "٣"), from 0 to `largest`; None otherwise."""
    text = str(text).strip()
    if not re.fullmatch(r"[0-9]{1,10}", text):
        return None
    number = int(text)
    return number if number <= largest else None
