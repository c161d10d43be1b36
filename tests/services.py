"""Real local services tests may use."""

import os
import shutil
from pathlib import Path

import pytest


def redis_url():
    """REDIS_TEST_URL (CI sets it and requires Redis); otherwise the local default, if it answers."""
    import redis

    url = os.environ.get("REDIS_TEST_URL")
    if url:
        return url
    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/15", socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379 and REDIS_TEST_URL not set")
    return "redis://127.0.0.1:6379/15"


def program(name, purpose):
    """The path of Debian's `name` (on PATH or in /usr/sbin); CI requires it, elsewhere the test
    is skipped without it."""
    found = shutil.which(name) or (f"/usr/sbin/{name}" if Path(f"/usr/sbin/{name}").exists() else None)
    if not found:
        if os.environ.get("NEWSROOM_REQUIRE_BROWSER"):
            pytest.fail(f"{name} is required for {purpose}")
        pytest.skip(f"{name} not installed")
    return found
