"""Settings from the environment: embedded defaults, a secret only serving needs, the production
configuration passing Django's deploy check, the shared cache, and PostgreSQL's session options."""

import os
import subprocess
import sys
from pathlib import Path
from unittest import skipUnless

from django.db import connection
from django.test import TestCase

from tests.services import redis_url

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x9$L2q!vR7#mW4pZ8^tY1&uB6*eN3@hJ5%kD0(fG)sA-cV+bX=nM_oQ~iU",
    "DJANGO_ALLOWED_HOSTS": "news.example.com",
    "DJANGO_HTTPS": "1",
    # Several app processes share one cache (newsroom.checks warns without one).
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    # Absolute links use the site's address, not the request's Host (newsroom/site.py).
    "NEWSROOM_SITE_URL": "https://news.example.com",
    # The desk's notices are emailed over SMTP (without a host they only reach the log).
    "DJANGO_EMAIL_HOST": "smtp.example.com",
}


def run_check(*options, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", *options],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )


def test_tools_load_settings_without_a_secret_key():
    """Checking migrations needs no secret: only serving does."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def deploy_check(**overrides):
    """`manage.py check --deploy` with the production environment (plus `overrides`) only."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")} | PRODUCTION | overrides
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def test_deploy_check_passes_with_production_settings():
    result = deploy_check()
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_check_asks_for_the_sites_address():
    result = deploy_check(NEWSROOM_SITE_URL="")
    assert result.returncode != 0 and "newsroom.W002" in result.stdout + result.stderr


def test_deploy_check_fails_without_https():
    result = deploy_check(DJANGO_HTTPS="0")
    assert result.returncode != 0 and "SECURE_SSL_REDIRECT" in result.stdout + result.stderr


def test_starts_in_debug_without_secret_key():
    assert run_check(DJANGO_DEBUG="1").returncode == 0


def test_starts_with_secret_key():
    assert run_check(DJANGO_SECRET_KEY="a-real-secret").returncode == 0


def test_time_zone_comes_from_environment():
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.TIME_ZONE)"],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_TIME_ZONE": "Europe/London",
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        },
        capture_output=True,
        text=True,
    )
    assert result.stdout.strip() == "Europe/London"


def test_redis_url_selects_a_shared_redis_cache():
    """With REDIS_URL set, the cache is Redis for real: a value set by one process is read by another."""
    env = {**os.environ, "REDIS_URL": redis_url(), "DJANGO_SETTINGS_MODULE": "newsroom.settings"}
    key = f"settings-test-{os.getpid()}"

    def run(code):
        script = f"import django; django.setup(); from django.core.cache import cache, caches; {code}"
        return subprocess.run(
            [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
        )

    written = run(f"print(type(caches['default']).__name__); cache.set({key!r}, 'shared', 30)")
    assert written.stdout.strip() == "BreakingRedisCache", written.stderr
    read = run(f"print(cache.get({key!r})); cache.delete({key!r})")
    assert read.stdout.strip() == "shared", read.stderr


@skipUnless(connection.vendor == "postgresql", "PostgreSQL's session options")
class PostgresSessionTests(TestCase):
    def test_the_site_runs_no_parallel_workers(self):
        """Every connection asks PostgreSQL for no parallel workers (max_parallel_workers_per_gather)."""
        with connection.cursor() as cursor:
            cursor.execute("SHOW max_parallel_workers_per_gather")
            self.assertEqual(cursor.fetchone()[0], "0")


def test_deploy_check_asks_for_an_smtp_host():
    """Without DJANGO_EMAIL_HOST, notice emails go only to the console: production is told."""
    result = deploy_check(DJANGO_EMAIL_HOST="")
    assert result.returncode != 0
    assert "mail.E001" in result.stderr + result.stdout
