"""The settings follow the environment (yunnan_emergency.settings.base): when it names PostgreSQL and Redis, the
portal really uses them (CI sets both)."""

import os

import pytest
from django.core.cache import caches
from django.db import connection


def test_the_database_is_the_one_the_environment_names(db):
    expected = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    assert connection.vendor == expected


def test_the_cache_is_redis_when_configured():
    if not os.environ.get("REDIS_URL"):
        pytest.skip("needs Redis: REDIS_URL is not set (.ci/run sets it)")
    from django.core.cache.backends.redis import RedisCache

    cache = caches["default"]
    assert isinstance(cache, RedisCache)
    cache.set("portal-test-key", {"答": 42}, timeout=30)
    assert cache.get("portal-test-key") == {"答": 42}
    cache.delete("portal-test-key")
