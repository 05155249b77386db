"""#23: leadership signs in on the demo history and the dashboard shows a map with values, a trend with a shape
and the units' ranking."""

import pytest
import time_machine

from agencies.services import demo_users_seed
from demo.services import demo_history_load
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_leadership_sees_the_demo_on_the_dashboard(users, sign_in, live_server, screenshot):
    demo_users_seed(password_factory=lambda: PASSWORD)
    with time_machine.travel("2026-12-02 09:00 +0800"):
        demo_history_load()
    page = sign_in("leader", viewport={"width": 1400, "height": 1000})
    page.goto(f"{live_server.url}/dashboard/")
    for chart in ("#chart-groups", "#chart-map", "#chart-trend"):
        page.wait_for_selector(f"{chart}[data-ready='1'] canvas")
    page.wait_for_timeout(800)
    screenshot(page, "demo-dashboard-leadership")
    values = page.evaluate("""() => echarts.getInstanceByDom(document.getElementById('chart-map')).getOption()
        .series[0].data.filter(d => d.value !== null).length""")
    points = page.evaluate("""() => echarts.getInstanceByDom(document.getElementById('chart-trend')).getOption()
        .xAxis[0].data.length""")
    assert values == 16 and points >= 12
    assert page.locator("#units tbody tr").count() >= 5
