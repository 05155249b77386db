"""`run_portal` (make run): any stop signal stops the web server, the worker and beat, with what they started."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def descendants(pid: int) -> set[int]:
    """Every live process below `pid`, read from /proc (children of children included)."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            if fields[0] != "Z":  # a zombie has exited already
                parents[int(entry.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pids) -> set[int]:
    living = set()
    for pid in pids:
        try:
            if Path(f"/proc/{pid}/stat").read_text().split(") ")[-1][0] != "Z":
                living.add(pid)
        except OSError:
            pass  # gone
    return living


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.skipif(not Path("/proc").exists(), reason="reads the process tree from /proc")
def test_sigterm_stops_every_process_it_started(tmp_path):
    # The embedded default (SQLite, filesystem broker) as `make run` has it, in a folder of its own.
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL")}
    env |= {"DJANGO_SETTINGS_MODULE": "yunnan_emergency.settings.local", "VAR_DIR": str(tmp_path)}
    portal = subprocess.Popen([sys.executable, "manage.py", "run_portal", "--addrport", f"127.0.0.1:{free_port()}"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    started = set()
    try:
        deadline = time.monotonic() + 60
        # web (runserver and its reloader child), worker and its pool of two, beat
        while time.monotonic() < deadline and len(started) < 6:
            time.sleep(0.5)
            started = descendants(portal.pid)
        assert len(started) >= 6, started
        portal.send_signal(signal.SIGTERM)  # what a service manager or `kill` sends
        assert portal.wait(timeout=30) != 0
        deadline = time.monotonic() + 15
        while alive(started) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert alive(started) == set()
    finally:  # a failed test leaves nothing running behind it
        for pid in alive(started | {portal.pid}):
            os.kill(pid, signal.SIGKILL)
