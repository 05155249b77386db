"""Leadership opens the dashboard: the charts and the map render with no console errors, a click on a
prefecture opens its page and a click on a part of a task group's bar opens that group's items of that light."""

import re

import pytest

from agencies.models import Agency
from recompute.services import snapshots_recompute

pytestmark = pytest.mark.django_db(transaction=True)


def click_in_chart(page, selector, script, url):
    """Click the pixel an ECharts instance computes for a data point (`script` returns [x, y]) and wait for the
    page it opens. Under a loaded test run the chart may still be animating or the layout settling when the
    pixel is computed, so a click that opens nothing is measured and made again (three tries at most)."""
    page.wait_for_selector(f"{selector}[data-ready='1']")
    for attempt in range(3):
        page.wait_for_timeout(1500)  # ECharts grows bars in over a second; click once they stand
        box = page.locator(selector).bounding_box()
        x, y = page.evaluate(script)
        page.mouse.click(box["x"] + x, box["y"] + y)
        try:
            page.wait_for_url(url, timeout=5000)
            return
        except Exception:  # playwright's TimeoutError: the click missed; measure again
            if attempt == 2:
                raise


def test_leadership_dashboard(users, sign_in, live_server, screenshot):
    snapshots_recompute()
    errors = []
    page = sign_in("leader", viewport={"width": 1400, "height": 1000})
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{live_server.url}/dashboard/")
    for chart in ("#chart-groups", "#chart-map", "#chart-trend"):
        page.wait_for_selector(f"{chart}[data-ready='1'] canvas")
    page.wait_for_timeout(500)  # let the map finish its first animation frame before the screenshot
    screenshot(page, "dashboard-leadership")
    assert errors == []

    kunming = Agency.objects.get(name="昆明市")
    click_in_chart(page, "#chart-map", """() => echarts.getInstanceByDom(document.getElementById('chart-map'))
        .convertToPixel({seriesIndex: 0}, [102.75, 25.3])""", f"{live_server.url}/dashboard/agency/{kunming.pk}/")
    assert "昆明市" in page.inner_text("h1")

    page.goto(f"{live_server.url}/dashboard/")
    click_in_chart(page, "#chart-groups", """() => {
        const chart = echarts.getInstanceByDom(document.getElementById('chart-groups'));
        const series = chart.getOption().series;
        const row = 2;  // (三)
        const first = series.findIndex(s => s.data[row] > 0);
        let start = 0;
        for (let i = 0; i < first; i++) start += series[i].data[row];
        return chart.convertToPixel({seriesIndex: first}, [start + series[first].data[row] / 2, row]);
    }""", re.compile(r".*/tasks/\?group=3&light=(red|yellow|green|grey)$"))
    light = page.url.rsplit("=", 1)[1]  # the light of the part clicked: the list holds that group's items of it
    assert "加强风险评估" in page.inner_text("main") and page.locator("#id_light").input_value() == light
    lights = page.locator("table.table-stack tbody td:first-child .light").evaluate_all(
        "els => els.map(e => e.className)")
    assert lights and all(f"light-{light}" in css for css in lights)
    assert errors == []
