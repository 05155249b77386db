from datetime import date

import pytest
import time_machine

from agencies.models import Agency
from notices.models import SupervisionNotice
from notices.services import notices_issue
from recompute.services import snapshots_recompute
from reporting.selectors import PartTerms, unit_part
from reporting.services import part_update_status
from supervision.services import assignment_save
from tasks.models import Task
from tests.factories import UserFactory

# 昆明市's part of task 4.1: its own deadline in mid-2027, 60% due by the end of 2026.
PART = PartTerms("建成昆明市级应急指挥平台", date(2027, 6, 30), ((2026, 60), (2027, 100)))


@pytest.fixture(autouse=True)
def today():
    """Wednesday 2 December 2026, 10:00 in Beijing; the clock runs on from there."""
    with time_machine.travel("2026-12-02 10:00 +0800"):
        yield


@pytest.fixture
def task(plan):
    return Task.objects.get(code="4.1")  # deadline 2025-12-31, led by 省消防救援总队; 各州、市人民政府 behind it


def kunming():
    return Agency.objects.get(name="昆明市")


@pytest.fixture
def kunming_leader(users):
    return UserFactory(username="kunming_leader", agency_name="昆明市", roles=["prefecture_reporter"])


@pytest.fixture
def kunming_part(task, users):
    """昆明市's part broken out and assigned (its contact: the kunming reporter)."""
    assignment_save(item=task, agency=kunming(), contact=users["kunming"], part=PART, actor=users["coordinator"])
    return unit_part(task, kunming())


def part_progress(task, user, percent, *, status="in_progress"):
    """The unit's own update of its part, then the day's lights."""
    part = unit_part(task, user.agency)
    part_update_status(item=task, status=status, percent=percent, narrative="推进中", actor=user,
                       expected_version=part.version)
    snapshots_recompute()


@pytest.fixture
def notices(task, users, kunming_part):
    """A yellow notice to 昆明市 (its part of 4.1 behind its milestone), a red one to 省消防救援总队 (4.1 overdue)."""
    part_progress(task, users["kunming"], 10)
    notices_issue()
    return {"kunming": SupervisionNotice.objects.get(agency=kunming()),
            "fire": SupervisionNotice.objects.get(agency__name="省消防救援总队")}
