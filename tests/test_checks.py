"""Our own deploy checks: `manage.py check --deploy` says the site would refuse to start without a
secret key, and warns when each process would keep a cache of its own."""

import os
import subprocess
import sys
from pathlib import Path

from django.core.checks import Error, Tags, run_checks
from django.test import SimpleTestCase, override_settings

from newsroom.checks import cache_shared, secret_key_set

ROOT = Path(__file__).resolve().parent.parent


class SecretKeyCheckTests(SimpleTestCase):
    @override_settings(SECRET_KEY_MISSING=True)
    def test_a_missing_secret_key_is_an_error_naming_the_setting(self):
        [error] = secret_key_set(None)
        self.assertIsInstance(error, Error)
        self.assertEqual(error.id, "newsroom.E001")
        self.assertIn("DJANGO_SECRET_KEY is not set", error.msg)

    @override_settings(SECRET_KEY_MISSING=False)
    def test_a_secret_key_passes(self):
        self.assertEqual(secret_key_set(None), [])

    @override_settings(SECRET_KEY_MISSING=True)
    def test_it_runs_with_the_deploy_checks_only(self):
        deploy = run_checks(tags=[Tags.security], include_deployment_checks=True)
        self.assertIn("newsroom.E001", [message.id for message in deploy])
        self.assertNotIn("newsroom.E001", [message.id for message in run_checks(tags=[Tags.security])])


LOCAL_MEMORY = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
    }
}


class SharedCacheCheckTests(SimpleTestCase):
    @override_settings(CACHES=LOCAL_MEMORY)
    def test_a_cache_in_each_processs_memory_is_a_warning_pointing_at_redis_url(self):
        [warning] = cache_shared(None)
        self.assertEqual(warning.id, "newsroom.W001")
        self.assertIn("REDIS_URL", warning.hint)

    @override_settings(CACHES=REDIS)
    def test_a_shared_cache_passes(self):
        self.assertEqual(cache_shared(None), [])

    @override_settings(CACHES=LOCAL_MEMORY)
    def test_it_runs_with_the_deploy_checks_only(self):
        deploy = run_checks(tags=[Tags.caches], include_deployment_checks=True)
        self.assertIn("newsroom.W001", [message.id for message in deploy])
        self.assertNotIn("newsroom.W001", [message.id for message in run_checks(tags=[Tags.caches])])


def test_the_deploy_check_says_why_the_site_would_not_start():
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")} | {"DJANGO_DEBUG": "0"}
    deploy = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert deploy.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in deploy.stderr
