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


MAP_OPTION = """() => { const o = echarts.getInstanceByDom(document.getElementById('chart-map')).getOption();
    return {min: o.visualMap[0].min, max: o.visualMap[0].max, text: o.visualMap[0].text, orient: o.visualMap[0].orient,
            labels: o.series[0].label.show, bottom: o.series[0].bottom}; }"""


def test_leadership_dashboard(users, sign_in, live_server, screenshot):
    errors = []
    page = sign_in("leader", viewport={"width": 1400, "height": 1000})
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    # Before the first snapshot the trend says why it is empty instead of drawing bare axes.
    page.wait_for_selector("#chart-trend[data-ready='1']")
    assert "暂无历史数据" in page.inner_text("#chart-trend")

    snapshots_recompute()
    page.goto(f"{live_server.url}/dashboard/")
    for chart in ("#chart-groups", "#chart-map", "#chart-trend"):
        page.wait_for_selector(f"{chart}[data-ready='1'] canvas")
    page.wait_for_timeout(500)  # let the map finish its first animation frame before the screenshot
    screenshot(page, "dashboard-leadership")
    assert errors == []
    # A rate is coloured on the whole 0–100% scale, the legend says so, and each prefecture is named on the map.
    assert page.evaluate(MAP_OPTION) == {"min": 0, "max": 100, "text": ["100%", "0%"], "orient": "vertical",
                                         "labels": True, "bottom": 8}
    assert "报送率 (%) · 灰色：暂无数据" in page.inner_text("#map-note")
    phone = sign_in("leader", viewport={"width": 390, "height": 844})
    phone.wait_for_selector("#chart-map[data-ready='1'] canvas")
    # On a phone the legend lies under the map (which leaves it room) rather than over it.
    assert phone.evaluate(MAP_OPTION)["orient"] == "horizontal" and phone.evaluate(MAP_OPTION)["bottom"] == 64
    screenshot(phone, "dashboard-leadership-phone")

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
