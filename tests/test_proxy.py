"""The shipped nginx proxy cache (deploy/nginx.conf) in front of a real gunicorn: it caches,
and a scheduled story still appears through it exactly at its time."""

import contextlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest

from tests.services import program, redis_url

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.proxy


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urlopen(url, timeout=1)
            return
        except HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer")


def fetch(url):
    try:
        with urlopen(url, timeout=5) as response:
            return response.status, response.headers, response.read().decode()
    except HTTPError as error:
        return error.code, error.headers, error.read().decode()


@contextlib.contextmanager
def running_stack(tmp_path, terminators=(), **settings):
    """The shipped nginx (deploy/nginx.conf, trusting the TLS `terminators` given) in front of
    gunicorn run with the shipped deploy/gunicorn.conf.py, on a fresh SQLite database and the
    shared Redis; `settings`: environment variables for the app. Yields the addresses and the
    app's environment."""
    nginx = program("nginx", "the proxy tests")
    tmp_path.mkdir(parents=True, exist_ok=True)
    app_port, proxy_port = free_port(), free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))},
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SECRET_KEY": "proxy-test-secret",
        "DJANGO_HTTPS": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "NEWSROOM_CACHE_SECONDS": "300",
        # Like any deployment with more than one process: one shared cache, so edits reach them all.
        "REDIS_URL": redis_url(),
        "BIND": f"127.0.0.1:{app_port}",
        "WEB_CONCURRENCY": "1",
        **settings,
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [*manage, "shell", "-c", "from django.core.cache import cache; cache.clear()"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    site = (ROOT / "deploy" / "nginx.conf").read_text()
    site = site.replace("listen 80;", f"listen 127.0.0.1:{proxy_port};")
    site = site.replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{app_port};")
    site = site.replace("/var/cache/nginx/newsroom", str(tmp_path / "cache"))
    trusted = "".join(f"    {address} 1;\n" for address in terminators)
    site = site.replace("    default 0;\n", "    default 0;\n" + trusted, 1)
    (tmp_path / "site.conf").write_text(site)
    temp = tmp_path / "temp"
    temp.mkdir()
    (tmp_path / "nginx.conf").write_text(
        # Workers would otherwise drop to an account that cannot enter pytest's private folder.
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{ access_log off; client_body_temp_path {temp}/body; proxy_temp_path {temp}/proxy;"
        f" fastcgi_temp_path {temp}/fastcgi; uwsgi_temp_path {temp}/uwsgi; scgi_temp_path {temp}/scgi;"
        f" include {tmp_path}/site.conf; }}\n"
    )
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "newsroom.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(tmp_path / "gunicorn.log", "w"),
    )
    proxy = subprocess.Popen(
        [nginx, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=open(tmp_path / "nginx.log", "w"),
    )
    try:
        try:
            wait_for(f"http://127.0.0.1:{app_port}/healthz")
        except AssertionError:
            raise AssertionError((tmp_path / "gunicorn.log").read_text()[-3000:]) from None
        try:
            wait_for(f"http://127.0.0.1:{proxy_port}/healthz")
        except AssertionError:
            raise AssertionError((tmp_path / "nginx.log").read_text()[-3000:]) from None
        yield {
            "url": f"http://127.0.0.1:{proxy_port}",
            "app_url": f"http://127.0.0.1:{app_port}",
            "env": env,
            "manage": manage,
            "log": tmp_path / "gunicorn.log",
        }
    finally:
        for process in (proxy, gunicorn):
            process.terminate()
            process.wait(timeout=10)


@pytest.fixture
def stack(tmp_path):
    with running_stack(tmp_path) as running:
        yield running


def make_story(stack, seconds_ahead):
    code = (
        "from datetime import timedelta; from django.utils import timezone; "
        "from articles.models import Article; from newsroom.dependencies import ALL, drop; "
        f"t = timezone.now() + timedelta(seconds={seconds_ahead}); "
        "Article.objects.create(headline='Live before', slug='live-before', body='<p>x</p>', "
        "status='published', publish_at=timezone.now() - timedelta(hours=1)); "
        "Article.objects.create(headline='Through the proxy', slug='through-the-proxy', body='<p>x</p>', "
        "status='published', publish_at=t); drop([ALL]); print(t.timestamp())"
    )
    result = subprocess.run(
        [*stack["manage"], "shell", "-c", code],
        cwd=ROOT,
        env=stack["env"],
        check=True,
        capture_output=True,
        text=True,
    )
    return float(result.stdout.strip().splitlines()[-1])


def sleep_until(moment):
    time.sleep(max(moment - time.time(), 0))


def test_proxy_caches_public_pages_and_honours_the_schedule(stack):
    publish_at = make_story(stack, seconds_ahead=6)
    home = stack["url"] + "/"
    story = stack["url"] + "/articles/through-the-proxy/"

    status, headers, body = fetch(home)
    assert status == 200, (
        stack["log"].read_text()[-2000:] + (stack["log"].parent / "error.log").read_text()[-2000:]
    )
    assert "Live before" in body and "Through the proxy" not in body
    assert int(headers["Cache-Control"].split("s-maxage=")[1].split(",")[0]) <= 6
    status, headers, body = fetch(home)
    assert headers["X-Proxy-Cache"] == "HIT", "the proxy serves public pages from its cache"

    sleep_until(publish_at - 1)
    assert "Through the proxy" not in fetch(home)[2]
    assert fetch(story)[0] == 404

    sleep_until(publish_at + 0.05)
    status, headers, body = fetch(home)
    diagnosis = f"at {time.time() - publish_at:+.2f} s: {status} {dict(headers)}"
    assert "Through the proxy" in body, f"on time through the proxy; {diagnosis}"
    assert fetch(story)[0] == 200


def test_admin_and_sessions_bypass_the_proxy_cache(stack):
    for _ in range(2):
        status, headers, _ = fetch(stack["url"] + "/admin/login/")
    assert status == 200
    assert headers["X-Proxy-Cache"] in ("MISS", "BYPASS", "-") or "X-Proxy-Cache" not in headers
    assert "private" in headers["Cache-Control"] or "no-cache" in headers["Cache-Control"]
