"""Health checks for load balancers: /healthz (the process answers) and /readyz (it can serve)."""

import logging
import time

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import purge

log = logging.getLogger("newsroom")


@never_cache
@require_safe
def healthz(request):
    """Liveness: no database, no cache; if this fails, restart the process."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request):
    """Readiness: the database and the cache both answer. 503 while either does not."""
    checks = {}
    for name, probe in (("database", probe_database), ("cache", probe_cache)):
        start = time.perf_counter()
        try:
            probe()
            checks[name] = {"ok": True, "ms": round((time.perf_counter() - start) * 1000, 1)}
        except Exception as error:
            log.warning("Readiness check %s failed: %s", name, error.__class__.__name__)
            checks[name] = {"ok": False, "error": error.__class__.__name__}
    ready = all(check["ok"] for check in checks.values())
    # Purges that failed leave pages to their lifetime: worth an operator's look, not a reason
    # to take the instance out of rotation.
    body = {"status": "ok" if ready else "unavailable", "checks": checks, "purges": purge.queue.status()}
    return JsonResponse(body, status=200 if ready else 503)


def probe_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def probe_cache():
    cache.set("newsroom:readyz", "1", timeout=10)
    if cache.get("newsroom:readyz") != "1":
        raise RuntimeError("cache did not return what was stored")
