"""Numbers as people write them: 144.0000 → "144", 0.9000 → "0.9", 1E+3 → "1000" (messages, labels, reasons)."""

from decimal import Decimal


def plain_number(value) -> str:
    return f"{Decimal(value).normalize():f}"
