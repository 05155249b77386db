"""#20: the dashboard prints on at most two A4 landscape pages (printed to PDF by the browser, pages counted),
with its charts drawn and nothing of the navigation."""

import io

import pytest
from pypdf import PdfReader

from recompute.services import snapshots_recompute
from tests.browser.conftest import OUTPUT

pytestmark = pytest.mark.django_db(transaction=True)

A4_LANDSCAPE = {"width": 1123, "height": 794}  # CSS pixels at 96 dpi


def test_the_dashboard_prints_on_two_a4_landscape_pages(users, sign_in, live_server, screenshot):
    snapshots_recompute()
    page = sign_in("leader", viewport=A4_LANDSCAPE)
    page.goto(f"{live_server.url}/dashboard/")
    for chart in ("#chart-groups", "#chart-map", "#chart-trend"):
        page.wait_for_selector(f"{chart}[data-ready='1'] canvas")
    page.wait_for_timeout(1200)  # the charts' first animation
    page.emulate_media(media="print")  # as the browser does when printing: the charts redraw to the print layout
    page.wait_for_timeout(300)
    screenshot(page, "dashboard-print-layout")  # the PDF itself is kept beside it
    pdf = page.pdf(format="A4", landscape=True, print_background=True, prefer_css_page_size=True)
    (OUTPUT / "dashboard-print.pdf").write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    text = "".join(p.extract_text() for p in reader.pages)
    assert len(reader.pages) <= 2, len(reader.pages)
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape
    assert "规划实施总览" in text and "各任务分组亮灯情况" in text
    assert "退出" not in text and "修改密码" not in text  # the navigation is not printed
