"""Production readiness: deploy checks, the compose file and the Dockerfile, the CSP header on every page, a smoke
test of the real multi-process topology (gunicorn, a Celery worker and beat on PostgreSQL and Redis; no demo
accounts), and backup and restore (the security audit log with them)."""

import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.db import connection
from django.test import Client

from audit.models import AuditEvent, AuditRecord
from audit.services import audit_record
from reporting.services import progress_entry_add
from tasks.models import Task
from tests.factories import pdf_file

ROOT = Path(settings.BASE_DIR)
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "yunnan_emergency.settings.production",
    "SECRET_KEY": "smoke-" + "k3y" * 20,
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "LOG_FORMAT": "json",
}


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def test_check_deploy_reports_nothing():
    # DJANGO_ALLOW_ASYNC_UNSAFE is set for the whole process once the browser tests' Playwright loop runs in it
    # (tests/browser/conftest.py); the production settings under test must not inherit it (async.E001).
    env = {**os.environ, **PRODUCTION_ENV, "DATABASE_URL": "sqlite:////tmp/deploy-check.sqlite3",
           "DJANGO_ALLOW_ASYNC_UNSAFE": ""}
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_compose_names_the_topology_and_the_dockerfile_the_web_command():
    services = compose()["services"]
    assert {"web", "worker", "beat", "postgres", "redis", "migrate"} <= set(services)
    assert services["web"]["command"][0] == "gunicorn" and "--workers" in services["web"]["command"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "yunnan_emergency", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "yunnan_emergency", "beat"]
    assert services["beat"]["deploy"]["replicas"] == 1
    for name in ("web", "postgres", "redis"):
        assert "healthcheck" in services[name], name
    assert "portal-data:/var/lib/portal" in services["web"]["volumes"]
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    cmd = json.loads(re.search(r"^CMD (\[.*\])$", dockerfile, re.MULTILINE).group(1))
    assert cmd == services["web"]["command"]
    assert "requirements.lock" in dockerfile and "collectstatic" in dockerfile
    assert (ROOT / "deploy" / "production.env.example").exists()


PAGES = ["/", "/dashboard/", "/tasks/", "/tasks/4.1/", "/key-projects/", "/key-projects/8/", "/indicators/",
         "/indicators/I30/", "/agencies/", "/reports/", "/exports/", "/notifications/", "/accounts/password/"]
ADMIN_PAGES = ["/admin/", "/admin/agencies/user/"]


def test_csp_header_and_no_inline_script_on_any_page(users, client_for):
    coordinator, sysadmin = client_for("coordinator"), client_for("sysadmin")
    for client, url in [*((coordinator, url) for url in PAGES), *((sysadmin, url) for url in ADMIN_PAGES),
                        (coordinator, f"/dashboard/agency/{users['kunming'].agency_id}/")]:
        response = client.get(url)
        assert response.status_code == 200, url
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
        for tag in re.findall(r"<script\b[^>]*>", response.content.decode()):
            assert "src=" in tag or 'type="application/json"' in tag, (url, tag)
        assert not re.search(r"\son[a-z]+=\"", response.content.decode()), url  # no inline event handlers
    login = Client().get("/accounts/login/")
    assert "Content-Security-Policy" in login


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """Just enough of a browser for the smoke test: cookies, CSRF, the proxy's HTTPS header."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def request(self, path, data=None, headers=None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers={
            "X-Forwarded-Proto": "https", "Referer": self.base.replace("http:", "https:") + path,
            **(headers or {})})
        # The session cookie is Secure; TLS ends at a proxy we do not run, so hand the cookies over ourselves.
        cookies = "; ".join(f"{c.name}={c.value}" for c in self.jar)
        if cookies:
            request.add_header("Cookie", cookies)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode(errors="replace"), response.geturl()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), path

    def csrf(self):
        return next(c.value for c in self.jar if c.name == "csrftoken")


# An account as the security administrator would set it up: a department editor of 省消防救援总队.
SMOKE_PASSWORD = "Smoke-test-2026-pass"
SMOKE_ACCOUNT = f"""
from agencies.models import Agency, User
from agencies.services import user_set_roles
user = User.objects.create_user("fire", password="{SMOKE_PASSWORD}", agency=Agency.objects.get(name="省消防救援总队"))
user_set_roles(user=user, roles=["department_editor"])
"""


@pytest.mark.django_db(transaction=True)
def test_smoke_production_topology(tmp_path, redis_url):
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.skip("needs PostgreSQL: DATABASE_URL is not set (.ci/run sets it)")
    database = f"portal_smoke_{os.getpid()}"
    base_url = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    subprocess.run(["psql", base_url + "/postgres", "-qc", f"DROP DATABASE IF EXISTS {database}"], check=True)
    subprocess.run(["psql", base_url + "/postgres", "-qc", f"CREATE DATABASE {database}"], check=True)
    env = {**os.environ, **PRODUCTION_ENV, "DATABASE_URL": f"{base_url}/{database}", "REDIS_URL": redis_url,
           "VAR_DIR": str(tmp_path), "DJANGO_ALLOW_ASYNC_UNSAFE": "",
           # gunicorn and celery are the virtualenv's, as they are the image's
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    manage = [sys.executable, "manage.py"]
    for step in (["migrate", "--noinput"], ["load_plan"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run(manage + step, cwd=ROOT, env=env, check=True, capture_output=True)
    refused = subprocess.run(manage + ["seed_demo"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert refused.returncode != 0 and "DEMO_ACCOUNTS_ALLOWED" in refused.stderr  # no demo accounts in production
    subprocess.run(manage + ["shell", "-c", SMOKE_ACCOUNT], cwd=ROOT, env=env, check=True, capture_output=True)
    checked = subprocess.run(manage + ["check", "--deploy", "--fail-level", "ERROR"], cwd=ROOT, env=env,
                             capture_output=True, text=True)  # what the compose file's migrate step runs
    assert checked.returncode == 0, checked.stdout + checked.stderr
    password = SMOKE_PASSWORD
    port = free_port()
    services = compose()["services"]
    commands = {
        "web": [c.replace("0.0.0.0:8000", f"127.0.0.1:{port}") for c in services["web"]["command"]],
        "worker": services["worker"]["command"],
        "beat": [c.replace("/var/lib/portal", str(tmp_path)) for c in services["beat"]["command"]],
    }
    logs = {name: open(tmp_path / f"{name}.log", "w") for name in commands}  # noqa: SIM115
    processes = {name: subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=logs[name], stderr=subprocess.STDOUT)
                 for name, cmd in commands.items()}
    try:
        browser = Browser(f"http://127.0.0.1:{port}")
        status = body = None
        for _ in range(120):  # gunicorn takes a moment to bind
            try:
                status, body, _url = browser.request("/readyz")
            except urllib.error.URLError:
                status = None
            if status == 200:
                break
            time.sleep(0.5)
        assert status == 200 and json.loads(body)["checks"] == {"database": "ok", "migrations": "ok",
                                                                "redis": "ok"}
        browser.request("/accounts/login/")
        status, _body, url = browser.request("/accounts/login/", {"username": "fire", "password": password,
                                                                  "csrfmiddlewaretoken": browser.csrf()})
        assert status == 200 and not url.endswith("/accounts/login/"), url
        status, page, _ = browser.request("/tasks/4.1/")
        version = re.search(r'name="version" value="(\d+)"', page).group(1)
        status, page, _ = browser.request("/tasks/4.1/", {
            "action": "status", "status": "in_progress", "percent": "35", "narrative": "冒烟测试更新",
            "problems": "", "next_steps": "", "version": version, "csrfmiddlewaretoken": browser.csrf()})
        assert status == 200 and "冒烟测试更新" in page
        status, _page, _ = browser.request("/exports/", {"year": "2025", "as_of": "2025-12-31", "background": "1",
                                                         "csrfmiddlewaretoken": browser.csrf()})
        assert status == 200
        for _ in range(120):
            status, body, _ = browser.request("/api/v1/exports/")
            export = json.loads(body)["results"][0]
            if export["status"] == "done":
                break
            time.sleep(0.5)
        assert export["status"] == "done" and export["rows_written"] > 0  # the worker wrote it
        status, _body, _ = browser.request(f"/api/v1/exports/{export['id']}/file/")
        assert status == 200
    finally:
        for process in processes.values():
            process.send_signal(signal.SIGTERM)
        codes = {name: process.wait(timeout=60) for name, process in processes.items()}
        for log in logs.values():
            log.close()
        subprocess.run(["psql", base_url + "/postgres", "-qc", f"DROP DATABASE IF EXISTS {database}"], check=False)
    assert codes == {"web": 0, "worker": 0, "beat": 0}, {n: (tmp_path / f"{n}.log").read_text()[-2000:]
                                                         for n in codes}
    web_log = (tmp_path / "web.log").read_text()
    assert '"message": "request"' in web_log and '"request_id"' in web_log  # one JSON line per request
    worker_log = (tmp_path / "worker.log").read_text()
    assert re.search(r'^\{.*"message": "export_build export=\d+ rows=\d+', worker_log, re.MULTILINE)


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_into_an_empty_database(users, tmp_path, settings):
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.skip("needs PostgreSQL: DATABASE_URL is not set (.ci/run sets it)")
    settings.MEDIA_ROOT = tmp_path / "var" / "media"
    entry = progress_entry_add(item=Task.objects.get(code="4.1"),
                               narrative="备份前的进展", actor=users["fire"], files=[pdf_file("备份.pdf")])
    stored = entry.evidence.get().file.name
    audit_record(AuditEvent.EXPORT, user=users["leader"], object="backup check", detail="before the backup")
    audited = AuditRecord.objects.count()
    source = connection.settings_dict
    base_url = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    env = {**os.environ, "DATABASE_URL": f"{base_url}/{source['NAME']}", "VAR_DIR": str(tmp_path / "var")}
    prefix = subprocess.run(["deploy/backup.sh", str(tmp_path / "backups")], cwd=ROOT, env=env, check=True,
                            capture_output=True, text=True).stdout.strip().splitlines()[-1]
    restored = f"portal_restore_{os.getpid()}"
    subprocess.run(["psql", base_url + "/postgres", "-qc", f"DROP DATABASE IF EXISTS {restored}"], check=True)
    subprocess.run(["psql", base_url + "/postgres", "-qc", f"CREATE DATABASE {restored}"], check=True)
    try:
        target = {**os.environ, "DATABASE_URL": f"{base_url}/{restored}", "VAR_DIR": str(tmp_path / "restored"),
                  "DJANGO_SETTINGS_MODULE": "yunnan_emergency.settings.local"}
        subprocess.run(["deploy/restore.sh", prefix], cwd=ROOT, env=target, check=True, capture_output=True)
        check = subprocess.run([sys.executable, "manage.py", "migrate", "--check"], cwd=ROOT, env=target,
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
        script = ("from tasks.models import Task; from reporting.models import ProgressEntry; "
                  "e = ProgressEntry.objects.get(); "
                  "print(Task.objects.count(), e.narrative, e.evidence.get().file.name)")
        out = subprocess.run([sys.executable, "manage.py", "shell", "-v", "0", "-c", script], cwd=ROOT, env=target,
                             capture_output=True, text=True, check=True).stdout.split()
        assert out == ["41", "备份前的进展", stored]
        assert (tmp_path / "restored" / "media" / stored).read_bytes().startswith(b"%PDF")
        # The security audit log is in the backup, whole: every record, its chain intact.
        verified = subprocess.run([sys.executable, "manage.py", "audit_verify"], cwd=ROOT, env=target,
                                  capture_output=True, text=True)
        assert verified.returncode == 0 and f"audit chain intact: {audited} records" in verified.stdout, verified
    finally:
        subprocess.run(["psql", base_url + "/postgres", "-qc", f"DROP DATABASE IF EXISTS {restored}"], check=False)
