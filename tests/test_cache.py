"""The Redis cache's breaker (newsroom/cache.py), against a Redis this test starts, stops
(SIGSTOP: hung, as a Redis swapping or stuck in a long command is) and lets go on (SIGCONT)."""

import os
import shutil
import signal
import socket
import subprocess
import time
from unittest import mock

import pytest
from django.core.cache import caches
from django.test import TestCase, override_settings
from redis.exceptions import ConnectionError

from newsroom.cache import CacheUnavailable
from tests.factories import make_article

pytestmark = pytest.mark.page_cache


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="class")
def own_redis(request, tmp_path_factory):
    server = shutil.which("redis-server")
    if not server:
        if os.environ.get("REDIS_TEST_URL"):
            pytest.fail("redis-server is required for the cache breaker test")
        pytest.skip("redis-server not installed")
    port = free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tmp_path_factory.mktemp("redis"),
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                process.kill()
                raise
            time.sleep(0.05)
    request.cls.redis_process = process
    request.cls.caches_setting = {
        "default": {
            "BACKEND": "newsroom.cache.BreakingRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    yield
    process.send_signal(signal.SIGCONT)
    process.terminate()
    process.wait(timeout=10)


@pytest.mark.usefixtures("own_redis")
@override_settings(
    NEWSROOM_CACHE_SECONDS=300, NEWSROOM_STORY_PARTS_SECONDS=300, NEWSROOM_CACHE_RETRY_SECONDS=5
)
class HungRedisTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.story = make_article(headline="Served while Redis hangs")

    def setUp(self):
        self.settings_override = self.settings(CACHES=self.caches_setting)
        self.settings_override.enable()
        self.cache = caches["default"]
        self.cache.clear()

    def tearDown(self):
        self.redis_process.send_signal(signal.SIGCONT)
        self.settings_override.disable()

    def hang(self):
        self.redis_process.send_signal(signal.SIGSTOP)
        self.addCleanup(self.redis_process.send_signal, signal.SIGCONT)

    def test_after_one_timeout_the_cache_is_not_asked_until_the_pause_is_over(self):
        self.cache.set("k", "v")
        self.hang()
        with self.assertRaises(CacheUnavailable) as first, self.assertLogs("newsroom", "WARNING"):
            self.cache.get("k")
        self.assertIsNotNone(first.exception.__cause__, "the first call asked Redis and timed out")
        with mock.patch("redis.connection.Connection.send_command") as sent:
            for call in (
                lambda: self.cache.get("k"),
                lambda: self.cache.set("k", 1),
                lambda: self.cache.incr("k"),
            ):
                with self.assertRaises(CacheUnavailable) as refused:
                    call()
                self.assertIsNone(refused.exception.__cause__)
            sent.assert_not_called()
        self.redis_process.send_signal(signal.SIGCONT)
        later = time.monotonic() + 6
        with mock.patch("time.monotonic", return_value=later):
            self.assertEqual(self.cache.get("k"), "v")

    def test_pages_are_served_uncached_while_redis_hangs_and_cached_again_after(self):
        url = self.story.get_absolute_url()
        self.client.get(url)
        self.assertEqual(self.client.get(url)["X-Cache"], "hit")
        self.hang()
        with self.assertLogs("newsroom", "WARNING"):
            responses = [self.client.get(url) for _ in range(5)]
        for response in responses:
            self.assertEqual(response.status_code, 200)
            self.assertContains(response, "Served while Redis hangs")
            self.assertNotIn("X-Cache", response)
        self.assertEqual(self.client.get("/readyz").status_code, 503)
        self.redis_process.send_signal(signal.SIGCONT)
        self.cache.retry_at = 0.0  # the pause is over
        # The first request back drops what was kept before; the next one keeps its page again.
        with self.assertLogs("newsroom", "WARNING"):
            self.client.get(url)
        self.client.get(url)
        self.assertEqual(self.client.get(url)["X-Cache"], "hit")

    def test_signing_in_works_while_redis_hangs(self):
        from tests.factories import make_user

        make_user("Editors", username="dana")
        self.hang()
        with self.assertLogs("newsroom", "WARNING"):
            response = self.client.post("/admin/login/", {"username": "dana", "password": "pw"})
        self.assertEqual(response.status_code, 302)

    def test_a_change_made_while_redis_is_down_leaves_no_stale_page_once_it_is_back(self):
        """(A hung Redis runs the commands it was sent once it goes on; one that is down loses them.)"""
        url = self.story.get_absolute_url()
        self.client.get(url)
        self.assertEqual(self.client.get(url)["X-Cache"], "hit")
        down = mock.patch("redis.connection.Connection.send_command", side_effect=ConnectionError("down"))
        with down, self.assertLogs("newsroom", "WARNING"), self.captureOnCommitCallbacks(execute=True):
            self.story.headline = "Corrected while Redis was down"
            self.story.save()
        self.cache.retry_at = 0.0  # the pause is over
        with self.assertLogs("newsroom", "WARNING") as logged:
            response = self.client.get(url)
        self.assertIn("Trying the cache again", "\n".join(logged.output))
        self.assertContains(response, "Corrected while Redis was down")
