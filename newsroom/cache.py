"""Django's Redis cache, with a circuit breaker: a Redis that fails is left alone for a while.

With short socket timeouts (settings: REDIS_TIMEOUT), a Redis that is down or hung costs a call
that much at most; but every page asks the cache a few times, so a hung Redis would still cost
each request a few timeouts. After one failure, this backend fails every call at once, without
asking Redis, for NEWSROOM_CACHE_RETRY_SECONDS; then the next call tries Redis again. Meanwhile
the site works uncached: the page cache, stories' kept parts and the sign-in counters each treat
an error as "no cache" (newsroom.page_cache, articles.story_parts, newsroom.security), and
/readyz reports the cache down.

A change made meanwhile could not drop the cached pages it touched; so before the first call
after the pause, `recovered` is sent, and every cached page and story's kept parts are dropped
(newsroom.page_cache, articles.story_parts).
"""

import functools
import logging
import time

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from django.dispatch import Signal
from redis.exceptions import ConnectionError, TimeoutError

log = logging.getLogger("newsroom")
# Sent when the cache is tried again after failing (with `cache`, the backend).
recovered = Signal()


class CacheUnavailable(Exception):
    """The cache failed just now, or did so within the last NEWSROOM_CACHE_RETRY_SECONDS."""


def guarded(method):
    """`method` of the cache, refused at once while the breaker is open, opening it on failure."""

    @functools.wraps(method)
    def call(cache, *args, **kwargs):
        if time.monotonic() < cache.retry_at:
            raise CacheUnavailable("The cache failed moments ago; not asked again yet.")
        if cache.failed:
            # Before anything is read from it: what it kept from before may be stale. The
            # receivers' own calls come through here, and reopen the breaker if they fail.
            cache.failed = False
            log.warning("Trying the cache again; dropping what it kept from before.")
            recovered.send(sender=type(cache), cache=cache)
            if cache.failed:
                raise CacheUnavailable("The cache failed again.")
        try:
            result = method(cache, *args, **kwargs)
        except (ConnectionError, TimeoutError) as error:
            cache.failed = True
            cache.retry_at = time.monotonic() + settings.NEWSROOM_CACHE_RETRY_SECONDS
            log.warning(
                "Cache unavailable (%s); not asking it for %s s.",
                error.__class__.__name__,
                settings.NEWSROOM_CACHE_RETRY_SECONDS,
            )
            raise CacheUnavailable(str(error)) from error
        return result

    return call


class BreakingRedisCache(RedisCache):
    """RedisCache whose public methods go through the breaker (guarded)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        # When the next call may ask Redis (time.monotonic()), and whether the last one failed;
        # this process's own.
        self.retry_at = 0.0
        self.failed = False

    @guarded
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().add(key, value, timeout, version)

    @guarded
    def get(self, key, default=None, version=None):
        return super().get(key, default, version)

    @guarded
    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set(key, value, timeout, version)

    @guarded
    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return super().touch(key, timeout, version)

    @guarded
    def delete(self, key, version=None):
        return super().delete(key, version)

    @guarded
    def get_many(self, keys, version=None):
        return super().get_many(keys, version)

    @guarded
    def has_key(self, key, version=None):
        return super().has_key(key, version)

    @guarded
    def incr(self, key, delta=1, version=None):
        return super().incr(key, delta, version)

    @guarded
    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set_many(data, timeout, version)

    @guarded
    def delete_many(self, keys, version=None):
        return super().delete_many(keys, version)

    @guarded
    def clear(self):
        return super().clear()
