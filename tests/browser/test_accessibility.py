"""#20: the main pages of each role have no serious or critical WCAG 2.1 AA violation that axe-core finds
(GB/T 37668 asks WCAG 2.1 AA of government sites), on a desktop and on a phone."""

import pytest

from recompute.services import snapshots_recompute
from tasks.models import Task
from tests.factories import report_of

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def pages_of_each_role(period):
    task = Task.objects.get(code="5.1.2")  # led by 省水利厅, with a part for each prefecture
    report = report_of(period, "昆明市")
    # (name, path) per role: the name keeps each page's findings in a file of its own across runs
    return {
        "coordinator": [("home", "/"), ("plan", "/plan/"), ("tasks", "/tasks/"), ("task", f"/tasks/{task.code}/"),
                        ("reports", "/reports/"), ("notices", "/notices/"), ("problems", "/problems/"),
                        ("key-projects", "/key-projects/"), ("targets", "/indicators/"), ("exports", "/exports/")],
        "water": [("home", "/"), ("task", f"/tasks/{task.code}/")],
        "kunming": [("home", "/"), ("report", f"/reports/{report.pk}/")],
        "leader": [("dashboard", "/dashboard/")],
    }


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_main_pages_of_each_role_pass_axe(users, period, sign_in, live_server, axe_violations, screenshot, viewport):
    snapshots_recompute()
    found = {}
    device = "phone" if viewport else "desktop"
    for username, pages in pages_of_each_role(period).items():
        page = sign_in(username, viewport=viewport)
        for name, path in pages:
            page.goto(f"{live_server.url}{path}")
            page.wait_for_load_state("networkidle")
            if violations := axe_violations(page, f"{username}-{name}-{device}"):
                found[f"{username} {path}"] = violations
        screenshot(page, f"axe-{username}-{name}-{device}")
    assert found == {}
