"""`make run`: the web server, a Celery worker and the beat scheduler side by side; Ctrl-C or any stop signal
(SIGTERM, SIGHUP) stops all three with everything they started."""

import contextlib
import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the portal with a Celery worker and beat beside it (the embedded default needs no server)."

    def add_arguments(self, parser):
        parser.add_argument("--addrport", default="127.0.0.1:8000")

    def handle(self, *args, addrport, **options):
        (settings.VAR_DIR / "celery").mkdir(parents=True, exist_ok=True)
        if str(settings.CELERY_BROKER_URL).startswith("filesystem"):
            settings.CELERY_QUEUE_DIR.mkdir(parents=True, exist_ok=True)
        celery = [sys.executable, "-m", "celery", "-A", "yunnan_emergency"]
        commands = {
            "worker": [*celery, "worker", "--loglevel=INFO", "--concurrency=2"],
            "beat": [*celery, "beat", "--loglevel=INFO", "-s", settings.CELERY_BEAT_SCHEDULE_FILENAME],
            "web": [sys.executable, "manage.py", "runserver", addrport],
        }
        # SIGTERM (a service manager, `kill`) and SIGHUP (the terminal closing) stop it as Ctrl-C does; under
        # nohup SIGHUP stays ignored. Set before anything starts, so no child is left behind by an early signal.
        signal.signal(signal.SIGTERM, _stop)
        if signal.getsignal(signal.SIGHUP) is not signal.SIG_IGN:
            signal.signal(signal.SIGHUP, _stop)
        processes = {}
        try:
            # Each in a process group of its own: stopping one stops what it started too (runserver's reloader
            # child, the worker's pool processes), which a signal to the parent alone would leave running.
            for name, command in commands.items():
                processes[name] = subprocess.Popen(command, start_new_session=True)
            self.stdout.write(f"portal at http://{addrport}/ (worker and beat running; Ctrl-C stops all)")
            while all(p.poll() is None for p in processes.values()):
                time.sleep(0.5)
            dead = [name for name, p in processes.items() if p.poll() is not None]
            self.stderr.write(f"stopped because {', '.join(dead)} exited")
        except KeyboardInterrupt:
            pass
        finally:
            for stop_signal in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
                signal.signal(stop_signal, signal.SIG_IGN)  # a second signal must not cut the clean-up short
            for process in processes.values():
                _signal_group(process, signal.SIGTERM)
            for process in processes.values():
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=10)
                _signal_group(process, signal.SIGKILL)  # whatever of the group is still there


def _stop(signum, frame):
    # Unwinds handle() like Ctrl-C does, so its `finally` stops the three process groups.
    raise SystemExit(128 + signum)


def _signal_group(process, signum) -> None:
    with contextlib.suppress(ProcessLookupError):  # the group is gone already
        os.killpg(process.pid, signum)
