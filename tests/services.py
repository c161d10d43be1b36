"""Real local services tests may use."""

import os

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
