"""Playwright driving Debian's chromium against the live test server. Skipped, with the reason, where no
chromium is installed (.ci/run installs it)."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
OUTPUT = Path(__file__).resolve().parent.parent.parent / "test-results" / "browser"


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM:
        pytest.skip("needs chromium: install Debian's chromium package (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright runs an event loop in this thread; the test's own ORM calls are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture
def sign_in(browser, live_server):
    """sign_in(username) → a page of a new browser context, signed in through the login form."""
    contexts = []

    def open_as(username, password="correct-horse-battery", viewport=None):
        context = browser.new_context(locale="zh-CN", viewport=viewport or {"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("#login-form button[type=submit]")
        # Home for most roles, the dashboard for leadership: anywhere past the sign-in page.
        page.wait_for_url(lambda url: url.startswith(live_server.url) and "/accounts/login/" not in url)
        return page

    yield open_as
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot():
    def save(page, name):
        OUTPUT.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(OUTPUT / f"{name}.png"), full_page=True)

    return save


AXE_SOURCE = Path(__file__).resolve().parent / "vendor" / "axe-core-4.11.0" / "axe.min.js"
# WCAG 2.1 A and AA, the level GB/T 37668 asks of government sites.
AXE_RUN = """() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
  resultTypes: ['violations']}).then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
  nodes: v.nodes.map(n => n.target.join(' ') + ' — ' + n.failureSummary)})))"""


@pytest.fixture
def axe_violations():
    """axe_violations(page, name) → the serious and critical WCAG 2.1 AA violations axe-core finds on the page as it
    stands, each as "rule: help — first nodes". Every finding (any impact) is kept beside the screenshots in
    axe-<name>.json. axe is evaluated through the DevTools protocol, which the page's CSP does not govern, so the
    page is checked under its real CSP."""
    import json

    def run(page, name):
        if not page.evaluate("typeof axe !== 'undefined'"):
            page.evaluate(AXE_SOURCE.read_text(encoding="utf-8"))
        found = page.evaluate(AXE_RUN)
        OUTPUT.mkdir(parents=True, exist_ok=True)
        (OUTPUT / f"axe-{name}.json").write_text(json.dumps(found, ensure_ascii=False, indent=1), encoding="utf-8")
        return [f"{v['id']} ({v['impact']}): {v['help']} — {'; '.join(v['nodes'][:3])}"
                for v in found if v["impact"] in ("serious", "critical")]

    return run
