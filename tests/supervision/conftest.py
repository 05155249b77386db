import pytest
import time_machine


@pytest.fixture(autouse=True)
def today():
    """The supervision tests' dates (deadlines in 2027, three working days) are judged on a fixed day: Wednesday
    2 December 2026, 10:00 in Beijing; the clock runs on from there."""
    with time_machine.travel("2026-12-02 10:00 +0800"):
        yield
