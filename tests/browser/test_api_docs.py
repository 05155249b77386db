"""#20: the API's ReDoc page works offline under the site's CSP: it renders, and the browser refuses nothing (no
fonts, logo or worker from outside, no inline script)."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_redoc_renders_with_nothing_refused(users, sign_in, live_server):
    page = sign_in("coordinator")
    refused = []
    page.on("console", lambda message: refused.append(message.text) if message.type == "error" else None)
    # A request the page itself drops (its favicon, when a render replaces the head) is not a refusal.
    page.on("requestfailed", lambda request: refused.append(request.url)
            if "ERR_ABORTED" not in (request.failure or "") else None)
    page.goto(f"{live_server.url}/api/v1/redoc/")
    expect(page.get_by_role("heading", name="云南省应急体系规划跟踪平台 API", exact=False).first).to_be_visible(
        timeout=20000)
    page.get_by_text("API docs by Redocly", exact=False).first.wait_for(timeout=20000)  # the footer, with its logo
    page.wait_for_load_state("networkidle")
    assert refused == []
