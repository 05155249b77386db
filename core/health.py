"""Liveness and readiness for the orchestrator: /healthz answers while the process runs; /readyz only when the
database answers, Redis answers (where configured) and every migration is applied."""

import redis
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse


def healthz(request):
    return JsonResponse({"status": "ok"})


def _database() -> str:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def _migrations() -> str:
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return "ok" if not pending else f"{len(pending)} pending"


def _redis() -> str:
    if not settings.REDIS_URL:
        return "not configured"

    redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2).ping()
    return "ok"


def readyz(request):
    checks = {}
    for name, check in (("database", _database), ("migrations", _migrations), ("redis", _redis)):
        try:
            checks[name] = check()
        except Exception as error:  # any failure of a dependency means "not ready"; the reason is reported
            checks[name] = f"error: {error.__class__.__name__}"
    ready = all(value in ("ok", "not configured") for value in checks.values())
    return JsonResponse({"status": "ready" if ready else "not ready", "checks": checks}, status=200 if ready else 503)
