"""Where the trivial view's time goes: each middleware's own time per request, in-process.

A marker is put between every two middlewares of settings.MIDDLEWARE; it notes the time a request passes it on
the way in and the response on the way out, so a middleware's own time is (in: its marker → the next one) + (out:
the next one → its marker), whatever it calls. The view and what Django does around the chain are rows of their
own. Run in bench/run.py's child process (Django set up, a signed-in client)."""

import statistics
import time

from django.test import Client, override_settings

MARKS: list[tuple[str, int, float]] = []


def marker(index: int):
    """The marker placed before middleware `index` (len(MIDDLEWARE) before the view)."""
    def factory(get_response):
        def middleware(request):
            MARKS.append(("in", index, time.perf_counter()))
            response = get_response(request)
            MARKS.append(("out", index, time.perf_counter()))
            return response
        return middleware
    return factory


def _own_times(names: list[str]) -> dict[str, float]:
    """µs per middleware (and the view: what lies inside the last marker) for the request just made."""
    seen = {(side, index): at for side, index, at in MARKS}
    inner = len(names)
    own = {names[i]: 1e6 * ((seen["in", i + 1] - seen["in", i]) + (seen["out", i] - seen["out", i + 1]))
           for i in range(inner)}
    own["(the view)"] = 1e6 * (seen["out", inner] - seen["in", inner])
    return own


def middleware_costs(signed_in, path: str, middleware: list[str], repeat: int) -> tuple[list[dict], dict]:
    """Median µs of each middleware's own time on `path`; and the whole request median with and without markers
    (the markers' own cost is reported, not hidden). `signed_in`: a test client whose session is used."""
    names = list(middleware)
    chain = []
    module = __name__
    for i, name in enumerate(names):
        chain += [f"{module}.MARKER_{i}", name]
    chain.append(f"{module}.MARKER_{len(names)}")
    for i in range(len(names) + 1):
        globals()[f"MARKER_{i}"] = marker(i)
    samples: dict[str, list[float]] = {}
    totals = []
    with override_settings(MIDDLEWARE=chain):
        client = Client()  # a new one: a client loads its middleware once, at its first request
        client.cookies = signed_in.cookies
        client.get(path)
        for _ in range(repeat):
            MARKS.clear()
            started = time.perf_counter()
            response = client.get(path)
            totals.append(1e6 * (time.perf_counter() - started))
            assert response.status_code == 200, response.status_code
            for name, micros in _own_times(names).items():
                samples.setdefault(name, []).append(micros)
    bare = []
    client = Client()
    client.cookies = signed_in.cookies
    client.get(path)
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(path)
        bare.append(1e6 * (time.perf_counter() - started))
    rows = [{"name": name, "median_us": statistics.median(values)} for name, values in samples.items()]
    whole = {"with_markers_us": statistics.median(totals), "request_us": statistics.median(bare),
             "chain_us": sum(row["median_us"] for row in rows)}
    return rows, whole
