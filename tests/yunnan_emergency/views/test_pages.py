"""The site's pages: every page needs sign-in and renders with a bounded number of queries, unknown items are a 404,
and the lights of the newest snapshot show on lists and item pages."""

import pytest
import time_machine
from django.urls import reverse

from recompute.services import snapshots_recompute
from tests.responses import html_of

AFTER_DEADLINE = "2026-01-05 10:00 +0800"
PAGES = [
    reverse("dashboard:home"),
    reverse("tasks:list"),
    reverse("tasks:detail", args=["3.4.2"]),
    reverse("projects:list"),
    reverse("projects:detail", args=[8]),
    reverse("indicators:list"),
    reverse("agencies:list"),
]


@pytest.mark.parametrize("url", PAGES)
def test_pages_need_sign_in(client, plan, url):
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("url", PAGES)
def test_pages_render_with_a_fixed_number_of_queries(auth_client, url, django_assert_max_num_queries):
    # 24: a coordinator's item page also loads the item's plan revisions, the tasks it could be merged into, and
    # the departments named (and once named) for 省级有关部门; the key projects' page lists the safeguards too
    # (their responsibilities, named departments and lights: five queries); 27 with the supervision panels (the
    # item's assignments and extension requests, and for the office the record of their steps) and the item's
    # completion decisions; 29 with the units' parts in the grid and the office's decisions on them in the record.
    with django_assert_max_num_queries(29):
        response = auth_client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("url", ["/tasks/9.9.9/", "/key-projects/99/"])
def test_unknown_items_are_404(auth_client, url):
    assert auth_client.get(url).status_code == 404


def test_lights_show_on_lists_and_pages(users, client_for):
    with time_machine.travel(AFTER_DEADLINE):
        snapshots_recompute()
        client = client_for("leader")
        assert "已超过完成时限(2025-12-31)" in html_of(client.get("/tasks/4.1/"))
        assert "light-red" in html_of(client.get("/tasks/"))
        assert "light-grey" in html_of(client.get("/indicators/"))
