"""Serializer fields every app's API shares."""


def decimal_as_number(value):
    """144.0000 → 144 and 0.9000 → 0.9: targets read as the plan writes them, as JSON numbers."""
    normalized = value.normalize()
    return int(normalized) if normalized == normalized.to_integral_value() else float(normalized)
