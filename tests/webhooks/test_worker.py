"""A scheduled story's story.published leaves within seconds of its time, with the real task
worker (django-tasks-db's) polling the database as it does on the site, and no cron."""

import os
import subprocess
import sys
import threading
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test import TransactionTestCase, override_settings
from django.utils import timezone

from articles.changes import apply_transition
from articles.roles import ensure_roles
from tests.factories import make_article, make_endpoint, make_user

from .helpers import FAST, Receiver, queue_worker, readme_verifier

# How far ahead the story is scheduled, and the most its event may take after its time.
AHEAD = timedelta(seconds=2)
BOUND = 5


@pytest.mark.task_queue
@override_settings(NEWSROOM_WEBHOOKS_ALLOW_PRIVATE=True, PASSWORD_HASHERS=FAST)
class ScheduledStoryWorkerTests(TransactionTestCase):
    def schedule_story(self, receiver):
        """An endpoint at `receiver`, and a story scheduled AHEAD by an editor; its time."""
        ensure_roles()  # a transactional test before this one may have flushed the groups
        endpoint = make_endpoint(receiver.url, events=["story.published"])
        story = make_article(status="draft", publish_at=None)
        when = timezone.now() + AHEAD
        apply_transition(story, "schedule", make_user("Editors"), when=when)
        return endpoint, story, when

    def check(self, receiver, endpoint, story, when):
        (request,) = receiver.requests
        late = request.at - when.timestamp()
        print(f"\nstory.published arrived {late:.2f} s after the story's publish_at")
        self.assertGreaterEqual(late, 0, "never before its time")
        self.assertLess(late, BOUND)
        self.assertEqual(request.payload["event"], "story.published")
        self.assertEqual(request.payload["story"]["id"], story.pk)
        self.assertTrue(
            readme_verifier()(endpoint.secret, request.body, request.headers["Newsroom-Signature"])
        )

    def test_the_worker_delivers_it_within_seconds_of_its_time(self):
        with Receiver() as receiver:
            endpoint, story, when = self.schedule_story(receiver)
            worker = queue_worker(interval=1)

            def stop_when_delivered():
                receiver.wait(1, timeout=AHEAD.total_seconds() + BOUND + 2)
                worker.running = False

            watchdog = threading.Thread(target=stop_when_delivered, daemon=True)
            watchdog.start()
            worker.run()  # the worker's own loop, here in the test's thread, until the watchdog stops it
            watchdog.join()
            self.check(receiver, endpoint, story, when)

    @pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="another process cannot reach SQLite's in-memory test database (the test above covers SQLite)",
    )
    def test_manage_py_db_worker_delivers_it_within_seconds_of_its_time(self):
        """`manage.py db_worker` itself, in a process of its own, as `make serve` starts it."""
        database = connection.settings_dict
        env = {
            **os.environ,
            "DATABASE_URL": (
                f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST'] or '127.0.0.1'}:"
                f"{database['PORT'] or 5432}/{database['NAME']}"
            ),
            "NEWSROOM_TASKS_BACKEND": "database",
            "NEWSROOM_WEBHOOKS_ALLOW_PRIVATE": "1",
            "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or "insecure-key-for-tests-only",
        }
        worker = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--no-reload",
                "--no-startup-delay",
                "--interval",
                "1",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            started = worker.stdout.readline()
            self.assertIn("Starting worker", started)
            with Receiver() as receiver:
                endpoint, story, when = self.schedule_story(receiver)
                receiver.wait(1, timeout=AHEAD.total_seconds() + BOUND + 2)
                self.check(receiver, endpoint, story, when)
        finally:
            worker.terminate()
            worker.wait(timeout=10)
        self.assertEqual(worker.returncode, 0, "stops cleanly on SIGTERM")
