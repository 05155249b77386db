"""The deadline-day rush as locust users (bench/rush.py runs it; never imported by Django's process: locust patches
the standard library with gevent). Each reporter opens its prefecture's report, saves the draft twice with
different values and submits, once, as a browser does it (the form's fields and CSRF token read from the page, each
POST answered by a redirect back to the report); leadership reloads the dashboard and the charts it fetches; a
third kind of user asks for the trivial view, the floor, under the same load.

Configured by the plan bench/rush.py writes (RUSH_PLAN: accounts' sessions, reports, pacing); writes every
request's time, the failures, and what each reporter was told and sent (its last acknowledged POST, and the one it
gave up on, if any) to RUSH_OUT when locust quits.

Run alone:  RUSH_PLAN=plan.json RUSH_OUT=out.json locust -f bench/locustfile.py --headless --host http://…
"""

import json
import os
import random
import re
import time
from decimal import Decimal
from http.cookiejar import Cookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import gevent
from locust import FastHttpUser, between, constant_pacing, events, task
from locust.exception import StopUser

PLAN = json.loads(Path(os.environ["RUSH_PLAN"]).read_text(encoding="utf-8")) if os.environ.get("RUSH_PLAN") else {
    "reporters": [], "leaders": [], "trivial": [], "think": [1, 3], "arrival_seconds": 0, "leader_wait": [2, 5],
    "trivial_pacing": 0.5, "timeout_seconds": 60, "keep_alive": False}
# How long a browser's request may wait for its answer: 60 s, as a reverse proxy in front waits by default (nginx's
# proxy_read_timeout) before it answers 504 itself.
TIMEOUT = float(PLAN.get("timeout_seconds", 60))
# Each request on a connection of its own, as a reverse proxy in front forwards it (nginx speaks HTTP/1.0 to its
# upstream unless told otherwise), unless the plan asks for keep-alive. With keep-alive, a gthread worker closes a
# connection idle for 2 s (gunicorn's keepalive) and a POST sent on it at that moment gets no answer and is never
# served: an error of the client's wiring (this client does not retry), not of the portal.
HEADERS = None if PLAN.get("keep_alive") else {"Connection": "close"}

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'<input type="hidden" name="version" value="(\d+)">')
ITEM_FIELD = re.compile(r'name="item-(\d+)-status"')
LINE_FIELD = re.compile(r'name="line-(\d+)-(value|numerator|denominator|source_note)"')
STATUS_SELECT = re.compile(r'<select[^>]*name="item-\d+-status"[^>]*>(.*?)</select>', re.DOTALL)
OPTION = re.compile(r'<option value="([^"]+)"')
CHART_URL = re.compile(r'class="chart[^"]*" data-url="([^"]+)"')
FIELD_ERRORS = re.compile(r'<div class="alert alert-danger"[^>]*>(.*?)</div>', re.DOTALL)

# What the run saw, written out when locust quits (bench/rush.py reads it).
TIMES: dict[str, list] = {}
ERRORS: list[dict] = []
REPORTERS: dict[int, dict] = {}
RUN = {"started": time.time(), "done": 0}


@events.request.add_listener
def _timed(request_type, name, response_time, exception, **kwargs):
    TIMES.setdefault(name, []).append([round(response_time, 2), exception is None])
    if exception is not None and len(ERRORS) < 200:
        ERRORS.append({"name": name, "error": str(exception)[:500], "at": round(time.time() - RUN["started"], 1)})


@events.quitting.add_listener
def _written(environment, **kwargs):
    if not os.environ.get("RUSH_OUT"):
        return
    out = {"times": TIMES, "errors": ERRORS, "reporters": REPORTERS, "seconds": time.time() - RUN["started"],
           "finished": sum(1 for r in REPORTERS.values() if r["submitted"])}
    with open(os.environ["RUSH_OUT"], "w", encoding="utf-8") as file:
        json.dump(out, file)


def _session_cookie(user: FastHttpUser, session: str) -> None:
    """Sign the user in as the browser would be: the session cookie (the session was created in the database)."""
    host = urlsplit(user.host).hostname
    host = host if "." in host else f"{host}.local"  # how the cookie jar names a dotless host (localhost)
    user.client.cookiejar.set_cookie(Cookie(0, "sessionid", session, None, False, host, False, False, "/", True, False,
                                            None, False, None, None, {}))


def _status(response) -> str:
    """The HTTP status, or what went wrong on the wire when no answer came (status 0)."""
    if response.status_code:
        return f"HTTP {response.status_code}"
    return f"no answer: {getattr(response, 'error', None)!r}"


def _decimal_text(number: Decimal) -> str:
    return f"{number.quantize(Decimal('0.0001')):f}"


class ReportForm:
    """The report page's form as the browser holds it: the CSRF token, the version it was opened at, the fields."""

    def __init__(self, html: str):
        token, version = CSRF.search(html), VERSION.search(html)
        if token is None or version is None or 'id="savebar"' not in html:
            raise ValueError("the page has no editable report form")
        self.token, self.version = token.group(1), int(version.group(1))
        self.items = sorted({int(pk) for pk in ITEM_FIELD.findall(html)})
        self.lines: dict[int, set] = {}
        for pk, field in LINE_FIELD.findall(html):
            self.lines.setdefault(int(pk), set()).add(field)
        select = STATUS_SELECT.search(html)
        self.statuses = OPTION.findall(select.group(1)) if select else []

    def filled(self, report: int, save: int) -> dict:
        """What a clerk types at the `save`-th save: every field different from the save before."""
        items = {}
        for pk in self.items:
            status = self.statuses[(pk + save) % len(self.statuses)] if self.statuses else ""
            problems = "资金缺口待协调，需省级支持" if (pk + save) % 4 == 0 else ""
            items[pk] = [status, f"报告{report}·事项{pk}·第{save}次保存：已按计划推进，完成阶段性工作。", problems]
        lines = {}
        for pk, fields in self.lines.items():
            values = {"source_note": f"第{save}次填报·州市统计局"}
            if "numerator" in fields:  # a ratio: its value is computed from the two parts (the page does it too)
                numerator, denominator = Decimal(pk % 50 + save), Decimal(100 + save)
                values |= {"numerator": str(numerator), "denominator": str(denominator),
                           "value": _decimal_text(numerator / denominator * 100)}
            elif "value" in fields:
                values["value"] = f"{(pk * 7 + save * 13) % 90 + 1}.{save}5"
            lines[pk] = values
        return {"items": items, "lines": lines}

    def body(self, action: str, values: dict) -> str:
        fields = [("csrfmiddlewaretoken", self.token), ("version", str(self.version))]
        for pk, (status, narrative, problems) in values["items"].items():
            fields += [(f"item-{pk}-status", status), (f"item-{pk}-narrative", narrative),
                       (f"item-{pk}-problems", problems)]
        for pk, line in values["lines"].items():
            fields += [(f"line-{pk}-{field}", value) for field, value in line.items()]
        return urlencode([*fields, ("action", action)])


class Reporter(FastHttpUser):
    """A prefecture's reporter on deadline day: open, save the draft, save it again changed, submit; then gone."""

    fixed_count = len(PLAN["reporters"])
    weight = 0  # only the fixed count: none at all when the plan has none
    network_timeout = connection_timeout = TIMEOUT
    default_headers = HEADERS
    _next = iter(range(len(PLAN["reporters"])))

    def on_start(self):
        self.index = next(Reporter._next)
        account = PLAN["reporters"][self.index]
        self.report, self.url = account["report"], f"/reports/{account['report']}/"
        # What the browser was told: saves acknowledged, the submit acknowledged, the values of the last acknowledged
        # POST; and the POST it was waiting on when it failed ("post …" stage), with its values: the server may
        # have written it after the browser gave up.
        self.state = REPORTERS[self.report] = {"stage": "waiting", "saves_ok": 0, "submitted": False, "sent": None,
                                               "attempted": None, "seconds": None}
        self.random = random.Random(self.report)
        _session_cookie(self, account["session"])
        # Arrivals spread evenly over the window: the rush builds up rather than starting on one tick.
        gevent.sleep(self.index * PLAN["arrival_seconds"] / max(len(PLAN["reporters"]), 1))

    def think(self):
        gevent.sleep(self.random.uniform(*PLAN["think"]))

    def page(self, name: str) -> ReportForm | None:
        with self.client.get(self.url, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                location = response.headers.get("Location", "") if response.headers else ""
                response.failure(f"{_status(response)} {location}".strip())
                return None
            try:
                form = ReportForm(response.text)
            except ValueError as error:
                response.failure(str(error))
                return None
            return form

    def post(self, name: str, form: ReportForm, action: str, values: dict, *, stage: str) -> bool:
        self.state.update(stage=f"post {stage}", attempted=values)
        with self.client.post(self.url, name=name, data=form.body(action, values), allow_redirects=False,
                              headers={"Content-Type": "application/x-www-form-urlencoded"},
                              catch_response=True) as response:
            location = response.headers.get("Location", "") if response.headers else ""
            if response.status_code == 302 and urlsplit(location).path == self.url:
                self.state.update(stage=f"{stage} done", sent=values, attempted=None)
                return True
            said = " | ".join(re.sub(r"<[^>]+>|\s+", " ", text).strip()[:200]
                              for text in FIELD_ERRORS.findall(response.text or "")[:2])
            response.failure(f"{_status(response)} {location} {said}".strip())
            return False

    @task
    def deadline_day(self):
        try:
            self.flow()
        finally:
            RUN["done"] += 1
            if RUN["done"] >= len(PLAN["reporters"]):
                # Every reporter is through: the run ends. From a greenlet of its own, as quitting stops every user,
                # this one included.
                gevent.spawn(self.environment.runner.quit)
        raise StopUser()

    def flow(self):
        self.state["stage"], started = "open", time.monotonic()
        form = self.page("open report")
        for save in (1, 2):
            if form is None:
                return
            self.think()
            values = form.filled(self.report, save)
            if not self.post(f"save draft {save}", form, "save", values, stage=f"save {save}"):
                return
            self.state["saves_ok"] = save
            form = self.page("reload report")
        if form is None:
            return
        self.think()
        # The page holds the second save's values: Submit posts them again with the new version (no change).
        if self.post("submit", form, "submit", values, stage="submit"):
            self.state["submitted"] = True
            self.page_after_submit()
            self.state["seconds"] = round(time.monotonic() - started, 2)  # open to the page after submitting

    def page_after_submit(self):
        with self.client.get(self.url, name="reload report", allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200 or 'id="savebar"' in response.text:
                response.failure(f"{_status(response)}: the submitted report is still editable")


class Leader(FastHttpUser):
    """Leadership reloading the dashboard: the page, then the charts' data its script fetches."""

    fixed_count = len(PLAN["leaders"])
    weight = 0  # only the fixed count: none at all when the plan has none
    wait_time = between(*PLAN["leader_wait"])
    network_timeout = connection_timeout = TIMEOUT
    default_headers = HEADERS
    _next = iter(range(len(PLAN["leaders"])))

    def on_start(self):
        _session_cookie(self, PLAN["leaders"][next(Leader._next)])

    @task
    def reload(self):
        with self.client.get("/dashboard/", name="dashboard page", allow_redirects=False,
                             catch_response=True) as response:
            if response.status_code != 200:
                response.failure(_status(response))
                return
            charts = CHART_URL.findall(response.text)
        for url in charts:
            with self.client.get(url, name=f"dashboard chart {urlsplit(url).path.rstrip('/').rsplit('/', 1)[-1]}",
                                 headers={"Accept": "application/json"}, allow_redirects=False,
                                 catch_response=True) as response:
                if response.status_code != 200:
                    response.failure(_status(response))


class Trivial(FastHttpUser):
    """The floor: the trivial view (same server, middleware and session), asked at a steady pace."""

    fixed_count = len(PLAN["trivial"])
    weight = 0  # only the fixed count: none at all when the plan has none
    wait_time = constant_pacing(PLAN["trivial_pacing"])
    network_timeout = connection_timeout = TIMEOUT
    default_headers = HEADERS
    _next = iter(range(len(PLAN["trivial"])))

    def on_start(self):
        _session_cookie(self, PLAN["trivial"][next(Trivial._next)])

    @task
    def floor(self):
        self.client.get("/bench/trivial/", name="trivial view", allow_redirects=False)
