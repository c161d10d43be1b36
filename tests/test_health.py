"""Health endpoints for load balancers: /healthz while the process answers, /readyz while the
database and the cache both do."""

import json
from unittest import mock

from django.db import OperationalError
from django.test import Client, TestCase, override_settings


def unreachable(*args, **kwargs):
    raise OperationalError("connection refused")


class HealthTests(TestCase):
    def setUp(self):
        self.client = Client(raise_request_exception=False)

    def test_readyz_reports_a_database_outage_and_healthz_still_answers(self):
        with mock.patch("django.db.backends.base.base.BaseDatabaseWrapper.ensure_connection", unreachable):
            ready = self.client.get("/readyz")
            self.assertEqual(ready.status_code, 503)
            self.assertFalse(json.loads(ready.content)["checks"]["database"]["ok"])
            self.assertEqual(self.client.get("/healthz").status_code, 200)
        # The database is back: ready again, no restart needed.
        self.assertEqual(self.client.get("/readyz").status_code, 200)

    def test_readyz_reports_a_cache_outage(self):
        broken = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": "redis://127.0.0.1:1/0",
            }
        }
        with override_settings(CACHES=broken):
            response = self.client.get("/readyz")
        self.assertEqual(response.status_code, 503)
        checks = json.loads(response.content)["checks"]
        self.assertEqual((checks["database"]["ok"], checks["cache"]["ok"]), (True, False))

    def test_health_endpoints_are_never_cached(self):
        for url in ("/healthz", "/readyz"):
            self.assertIn("no-cache", self.client.get(url)["Cache-Control"])
