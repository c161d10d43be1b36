import redis
from django.core.cache import caches
from django.test import SimpleTestCase, override_settings

from newsroom.redis_cache import RedisCache
from tests.services import redis_url


class RedisCacheTests(SimpleTestCase):
    def setUp(self):
        settings = {"default": {"BACKEND": "newsroom.redis_cache.RedisCache", "LOCATION": redis_url()}}
        overridden = override_settings(CACHES=settings)
        overridden.enable()
        self.addCleanup(overridden.disable)
        self.cache = caches["default"]
        self.addCleanup(self.cache.clear)

    def test_one_client_serves_every_call(self):
        self.assertIsInstance(self.cache, RedisCache)
        client = self.cache._cache.get_client("a")
        self.assertIs(self.cache._cache.get_client("b"), client)
        self.assertIs(self.cache._cache.get_client("c", write=True), client)

    def test_it_is_a_working_cache(self):
        self.cache.set("page", {"content": b"<p>story</p>"}, timeout=60)
        self.cache.set("version", 1, timeout=None)
        self.assertEqual(self.cache.incr("version"), 2)
        self.assertEqual(
            self.cache.get_many(["version", "page", "missing"]),
            {"version": 2, "page": {"content": b"<p>story</p>"}},
        )
        self.cache.delete("page")
        self.assertIsNone(self.cache.get("page"))

    def test_a_server_that_is_down_fails_every_call_not_only_the_first(self):
        with override_settings(
            CACHES={
                "default": {"BACKEND": "newsroom.redis_cache.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
            }
        ):
            down = caches["default"]
            with self.assertRaises(redis.exceptions.ConnectionError):
                down.get("anything")
            with self.assertRaises(redis.exceptions.ConnectionError):
                down.get("anything")
