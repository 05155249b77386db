"""Benchmark runs: the developer settings with debug off (no query log kept) and a URLconf with the floor view."""

from yunnan_emergency.settings.local import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
