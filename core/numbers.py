"""Numbers as people write them: 144.0000 → "144", 0.9000 → "0.9", 1E+3 → "1000", and a float's binary noise
gone (1.2 stays "1.2", not 1.1999999999999999555…): one formatter for reasons, notices, messages and labels."""

from decimal import Decimal

# A float carries 15 significant digits safely; beyond them there is only its binary noise, never a digit anyone
# wrote (0.1 + 0.2 is 0.30000000000000004, and 0.3 to 15 digits).
FLOAT_DIGITS = 15


def plain_number(value) -> str:
    if isinstance(value, float):
        value = format(value, f".{FLOAT_DIGITS}g")
    return f"{Decimal(value).normalize():f}"
