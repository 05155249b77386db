"""How prefecture values add up to the province's figure, by the target's roll-up method."""

from decimal import Decimal

from indicators.models import RollupMethod


def rollup_value(method: str, lines) -> Decimal | None:
    """The province's value from prefecture lines (anything with value, numerator and denominator), in the
    order they were submitted: a ratio adds numerators and denominators separately."""
    values = [line.value for line in lines if line.value is not None]
    if method == RollupMethod.RATIO:
        parts = [(line.numerator, line.denominator) for line in lines if line.denominator]
        denominator = sum((d for _n, d in parts), Decimal(0))
        return (sum((n for n, _d in parts), Decimal(0)) / denominator * 100).quantize(Decimal("0.0001")) \
            if denominator else None
    if not values:
        return None
    if method == RollupMethod.SUM:
        return sum(values, Decimal(0))
    if method == RollupMethod.AVERAGE:
        return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.0001"))
    if method == RollupMethod.MINIMUM:
        return min(values)
    if method == RollupMethod.MAXIMUM:
        return max(values)
    return values[-1]  # latest: lines are ordered by submission time
