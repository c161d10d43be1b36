"""Request ids on every response and log line, and a polite 503 while the database cannot serve,
with recovery on the next request."""

import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

from django.db import DatabaseError, InterfaceError, OperationalError
from django.test import Client, SimpleTestCase, TestCase
from psycopg import errors

from newsroom.middleware import unavailable
from tests.factories import make_article

ROOT = Path(__file__).resolve().parent.parent


def unreachable(*args, **kwargs):
    raise OperationalError("connection refused")


def raised_from(error):
    """A Django database error raised from psycopg's `error`, as Django's wrapper raises it."""
    try:
        raise OperationalError(str(error)) from error
    except OperationalError as wrapped:
        return wrapped


class RequestIdTests(TestCase):
    def test_request_id_is_echoed_only_when_it_looks_like_one(self):
        self.assertEqual(
            self.client.get("/", headers={"x-request-id": "abcdef123456"})["X-Request-ID"], "abcdef123456"
        )
        replaced = self.client.get("/", headers={"x-request-id": "<script>"})["X-Request-ID"]
        self.assertRegex(replaced, r"^[0-9a-f]{32}$")

    def test_each_request_without_one_gets_its_own(self):
        first, second = (self.client.get("/healthz")["X-Request-ID"] for _ in range(2))
        self.assertRegex(first, r"^[0-9a-f]{32}$")
        self.assertNotEqual(first, second)


class UnavailableTests(SimpleTestCase):
    """Which errors mean the database cannot serve for now (a 503), and which are bugs (a 500)."""

    def test_errors_without_an_answer_from_the_server_are_outages(self):
        self.assertTrue(unavailable(OperationalError("connection refused")))
        self.assertTrue(unavailable(InterfaceError("connection already closed")))

    def test_postgresqls_classes_of_passing_trouble_are_outages_and_the_rest_are_not(self):
        for error, expected in (
            (errors.ConnectionFailure("connection failure"), True),  # 08006
            (errors.TooManyConnections("sorry, too many clients already"), True),  # 53300
            (errors.QueryCanceled("canceling statement due to statement timeout"), True),  # 57014
            (errors.SerializationFailure("could not serialize access"), True),  # 40001
            (errors.ProgramLimitExceeded("string is too long for tsvector"), False),  # 54000
        ):
            with self.subTest(error=type(error).__name__):
                self.assertEqual(unavailable(raised_from(error)), expected)

    def test_sqlites_busy_locked_unopenable_or_full_file_is_an_outage_and_its_other_errors_are_not(self):
        def error_of(action):
            try:
                action()
            except sqlite3.Error as error:
                return raised_from(error)
            self.fail("no error")

        def locked():
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder, "db.sqlite3")
                writer = sqlite3.connect(path, isolation_level=None)
                writer.execute("CREATE TABLE t (x)")
                writer.execute("BEGIN EXCLUSIVE")
                try:
                    sqlite3.connect(path, timeout=0).execute("SELECT * FROM t")
                finally:
                    writer.close()

        def too_many_tables():
            memory = sqlite3.connect(":memory:")
            memory.execute("CREATE TABLE t (x)")
            memory.execute("SELECT 1 FROM " + ", ".join(f"t AS t{n}" for n in range(65)))

        for action, expected in (
            (locked, True),
            (lambda: sqlite3.connect("/nonexistent/folder/db.sqlite3").execute("SELECT 1"), True),
            (too_many_tables, False),
            (lambda: sqlite3.connect(":memory:").execute("SELECT * FROM missing"), False),
        ):
            with self.subTest(action=action.__name__):
                self.assertEqual(unavailable(error_of(action)), expected)

    def test_other_errors_are_not_outages(self):
        self.assertFalse(unavailable(DatabaseError("no such table")))
        self.assertFalse(unavailable(RuntimeError("boom")))


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
        # The database is back: the very next request is served, no restart needed.
        self.assertContains(self.client.get("/"), "Still here")

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
