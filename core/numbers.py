"""Numbers as people write them: 144.0000 → "144", 0.9000 → "0.9", 1E+3 → "1000", and a float's binary noise
gone (1.2 stays "1.2", not 1.1999999999999999555…): one formatter for reasons, notices, messages and labels."""

from decimal import Decimal

# A float carries about 15 significant digits; beyond 12 there is only its binary noise, never a digit anyone wrote.
FLOAT_DIGITS = 12


def plain_number(value) -> str:
    if isinstance(value, float):
        value = format(value, f".{FLOAT_DIGITS}g")
    return f"{Decimal(value).normalize():f}"
