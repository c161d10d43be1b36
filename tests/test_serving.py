"""Serving in production: the entry points refuse to start without a secret key
(newsroom/serving.py), gunicorn's settings file, and hashed static files through whitenoise."""

import gc
import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from newsroom.serving import refuse_without_secret_key

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("entry_point", ["newsroom.wsgi", "newsroom.asgi"])
def test_refuses_to_start_without_secret_key_when_debug_is_off(entry_point):
    """Both entry points refuse, naming the missing setting."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")} | {"DJANGO_DEBUG": "0"}
    result = subprocess.run(
        [sys.executable, "-c", f"import {entry_point}"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_the_check_passes_with_a_secret_key_and_refuses_without(settings):
    settings.SECRET_KEY_MISSING = False
    refuse_without_secret_key()
    settings.SECRET_KEY_MISSING = True
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY is not set"):
        refuse_without_secret_key()


def test_gunicorn_config_reads_the_environment(monkeypatch):
    """Workers, address, timeout and recycling from the environment; by default two workers a core
    and one more with a shared cache (REDIS_URL), and a single worker without one."""
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.setenv("PORT", "9123")
    config = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))
    assert (config["workers"], config["bind"], config["timeout"]) == (3, "127.0.0.1:9123", 30)
    assert "x-request-id" in config["access_log_format"]
    monkeypatch.delenv("WEB_CONCURRENCY")
    assert runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))["workers"] == 1
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    assert runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))["workers"] == os.cpu_count() * 2 + 1
    assert config["max_requests"] == 2000
    monkeypatch.setenv("GUNICORN_MAX_REQUESTS", "0")
    assert runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))["max_requests"] == 0


def test_a_worker_freezes_what_loading_the_app_made():
    config = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))
    try:
        config["post_worker_init"](worker=None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_collected_static_files_are_hashed_compressed_and_served(tmp_path):
    """collectstatic with the manifest, then a page links hashed files that whitenoise serves."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))} | {
        "DJANGO_SECRET_KEY": "serving-test",
        "DJANGO_HTTPS": "0",
        "DJANGO_STATIC_MANIFEST": "1",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    assert list((tmp_path / "static" / "css").glob("site.*.css.gz")), "hashed and compressed"
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    code = (
        "import django, re; django.setup(); from django.test import Client; "
        "c = Client(HTTP_HOST='localhost'); html = c.get('/').content.decode(); "
        "css = re.search(r'/static/css/site\\.[0-9a-f]+\\.css', html).group(); "
        "r = c.get(css); print(css, r.status_code, r.get('Cache-Control'))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    url, status, *cache_control = result.stdout.split()
    assert status == "200", result.stderr[-2000:]
    assert "immutable" in " ".join(cache_control) or "max-age=315360000" in " ".join(cache_control)
