"""The floor of the floor: a bare WSGI callable, no Django, served by the same gunicorn as the portal (bench/run.py
measures the trivial view against it)."""


def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
    return [b"ok"]
