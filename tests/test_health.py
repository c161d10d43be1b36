"""Failure behaviour: the database down means a polite 503 and recovery without a restart;
health endpoints for load balancers."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

from django.db import OperationalError
from django.test import Client, TestCase, override_settings
from psycopg import errors

from tests.factories import make_article

ROOT = Path(__file__).resolve().parent.parent


def unreachable(*args, **kwargs):
    raise OperationalError("connection refused")


class DatabaseOutageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.story = make_article(headline="Still here")

    def setUp(self):
        self.client = Client(raise_request_exception=False)

    def test_pages_answer_503_with_retry_after_then_recover(self):
        with mock.patch("django.db.backends.base.base.BaseDatabaseWrapper.ensure_connection", unreachable):
            for url in ("/", self.story.get_absolute_url(), "/feed/", "/search/?q=still"):
                with self.subTest(url=url):
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, 503)
                    self.assertEqual(response["Retry-After"], "30")
                    self.assertContains(response, "Back in a moment", status_code=503)
                    self.assertIn("no-store", response["Cache-Control"])
            ready = self.client.get("/readyz")
            self.assertEqual(ready.status_code, 503)
            self.assertFalse(json.loads(ready.content)["checks"]["database"]["ok"])
            self.assertEqual(self.client.get("/healthz").status_code, 200)
        # The database is back: the very next request is served, no restart needed.
        self.assertContains(self.client.get("/"), "Still here")
        self.assertEqual(self.client.get("/readyz").status_code, 200)

    def test_only_errors_saying_the_database_cannot_serve_now_answer_503(self):
        for error, status in (
            (errors.QueryCanceled("canceling statement due to statement timeout"), 503),
            (errors.TooManyConnections("sorry, too many clients already"), 503),
            (errors.AdminShutdown("terminating connection due to administrator command"), 503),
            (errors.DeadlockDetected("deadlock detected"), 503),
            # A bug to see, not an outage to wait out.
            (errors.ProgramLimitExceeded("string is too long for tsvector"), 500),
        ):

            def failing(*args, error=error, **kwargs):
                raise OperationalError(str(error)) from error

            with self.subTest(error=type(error).__name__):
                with mock.patch("articles.views.StoryPage.build", failing):
                    response = self.client.get(self.story.get_absolute_url())
                self.assertEqual(response.status_code, status)
                self.assertEqual(response.has_header("Retry-After"), status == 503)

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


def test_unreachable_postgres_gives_503_within_seconds():
    """A real outage: the site pointed at a closed port answers 503 quickly, not after a hang."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))} | {
        "DJANGO_SECRET_KEY": "outage-test",
        "DJANGO_HTTPS": "0",
        "DATABASE_URL": "postgres://newsroom:x@127.0.0.1:1/newsroom",
        "NEWSROOM_CACHE_SECONDS": "0",
    }
    code = (
        "import time, django; django.setup(); from django.test import Client; "
        "c = Client(raise_request_exception=False, HTTP_HOST='localhost'); "
        "t = time.monotonic(); r = c.get('/'); elapsed = round(time.monotonic() - t, 2); "
        "print(r.status_code, r.get('Retry-After'), elapsed, c.get('/healthz').status_code)"
    )
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env | {"DJANGO_SETTINGS_MODULE": "newsroom.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    status, retry_after, seconds, health = result.stdout.split()
    assert (status, retry_after, health) == ("503", "30", "200"), result.stderr[-2000:]
    assert float(seconds) < 5
    assert time.monotonic() - started < 30
