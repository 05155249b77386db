"""Test runs: fast password hashing, local memory mail; database and Redis as the environment says."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests sign users in directly; the two-factor tests turn this on (tests/agencies/views/test_two_factor.py).
TWO_FACTOR_REQUIRED = False
# The first-run tests seed the demo; tests/agencies/test_demo_accounts.py turns this off, as production has it.
DEMO_ACCOUNTS_ALLOWED = True
# Evidence uploaded by tests goes to a throwaway folder, one per test process.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="portal-test-media-"))
# Jobs scheduled by the code under test go to an in-memory broker; tests that run jobs start a real worker.
CELERY_BROKER_URL = "memory://"
CELERY_BROKER_TRANSPORT_OPTIONS = {}
EXPORT_ROOT = Path(tempfile.mkdtemp(prefix="portal-test-exports-"))
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"token": "100000/min"}}  # noqa: F405
# Each pytest-xdist worker has its own cache keys: on the shared Redis, one worker's debounce key (core.jobs) or
# throttle count must not decide another worker's test.
CACHES = {"default": {**CACHES["default"], "KEY_PREFIX": os.environ.get("PYTEST_XDIST_WORKER", "main")}}  # noqa: F405
# A session is renewed once a minute (agencies.middleware.SessionIdleMiddleware); tests move the clock by days, and
# a renewal in the middle of a test would add its write to the queries the test counts.
# tests/agencies/policies/test_session_idle.py sets the real interval.
SESSION_RENEW_SECONDS = 10**9
