import os
import subprocess
import sys
from pathlib import Path

from tests.services import redis_url

ROOT = Path(__file__).resolve().parent.parent


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


def test_refuses_to_start_without_secret_key_when_debug_is_off():
    """The serving entry point refuses, and the deploy check says why."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")} | {"DJANGO_DEBUG": "0"}
    result = subprocess.run(
        [sys.executable, "-c", "import newsroom.wsgi"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr
    deploy = run_check("--deploy", DJANGO_DEBUG="0")
    assert deploy.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in deploy.stderr


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
    assert written.stdout.strip() == "RedisCache", written.stderr
    read = run(f"print(cache.get({key!r})); cache.delete({key!r})")
    assert read.stdout.strip() == "shared", read.stderr
