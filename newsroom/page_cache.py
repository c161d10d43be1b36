"""The public page cache: reader pages kept whole, never past the next scheduled change.

Anonymous GET and HEAD responses of public pages (feeds and sitemaps included) are kept in
Django's cache with the content version they were made under. Any change readers can see sets
a new version after its transaction commits (`invalidate_pages`, called by the write path and
by the public models' signals, articles.invalidation), so every cached page it might affect is
stale at once. A version is a random token, never a count: one lost from the cache is made
anew, and no page kept under an earlier one can match it again. No cached copy, and no
`max-age`/`s-maxage` a CDN or proxy is given, outlives the next scheduled change: the nearest
future publish, expiry or embargo time. With several app processes the cache must be shared
(REDIS_URL) for changes to reach them all at once; the schedule bound holds regardless.
"""

import hashlib
import logging
import math
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.http import http_date

from .cache import recovered

log = logging.getLogger(__name__)

VERSION_KEY = "newsroom:content-version"
CACHED_STATUSES = {200, 301, 404}
# Proxies and CDNs stamp expiry in whole seconds when a response reaches them, which can be a
# second after it was counted here: this much slack keeps them inside the schedule's bound.
DOWNSTREAM_SLACK_SECONDS = 1


def new_token():
    """A version no earlier one can equal."""
    return uuid.uuid4().hex


def current_tokens(keys, timeout=None):
    """The version tokens under `keys` (a list), made anew where missing, in the same order."""
    found = cache.get_many(keys)
    if len(found) < len(keys):
        for key in keys:
            if key not in found:
                cache.add(key, new_token(), timeout=timeout)
        found = cache.get_many(keys)
    return [found.get(key) for key in keys]


def content_version():
    return current_tokens([VERSION_KEY])[0]


def invalidate_pages():
    """Drop every cached page once the current transaction commits (at once outside one)."""
    transaction.on_commit(bump_content_version)


def bump_content_version():
    try:
        cache.set(VERSION_KEY, new_token(), timeout=None)
    except Exception:
        # Cached pages then live out their schedule-bounded freshness.
        log.warning("Cache unavailable; content version not changed.", exc_info=True)


@receiver(recovered)
def drop_pages_kept_before_an_outage(**kwargs):
    """A change made while the cache failed could not drop the pages it touched."""
    bump_content_version()


def next_scheduled_change(now):
    """The nearest future publish, expiry or embargo time, remembered per content version until
    that moment, so pages ask the database only when something changed or the moment has come."""
    from articles.models import Article

    key = f"newsroom:next-change:{content_version()}"
    remembered = cache.get(key)
    if remembered is not None and (remembered == "none" or remembered > now):
        return None if remembered == "none" else remembered
    nearest = Article.objects.next_scheduled_change(now)
    cache.set(key, nearest or "none", timeout=settings.NEWSROOM_CACHE_SECONDS)
    return nearest


def fresh_for(now):
    """Whole seconds a response made now may be reused: the default, cut short by the schedule."""
    seconds = settings.NEWSROOM_CACHE_SECONDS
    if seconds <= 0:
        return 0
    nearest = next_scheduled_change(now)
    if nearest is not None:
        seconds = min(seconds, math.floor((nearest - now).total_seconds()))
    return max(seconds, 0)


class PublicPageCacheMiddleware:
    """Serves and stores public pages (see the module's docstring). Paths starting with one of
    NEWSROOM_CACHE_SKIP_PREFIXES (the admin, previews, static and media files) pass through."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.cacheable_request(request):
            response = self.get_response(request)
            # Staff pages, and anything else not cached here, must not be stored by a proxy.
            patch_cache_control(response, private=True)
            return response
        now = timezone.now()
        key = self.key(request)
        try:
            # One round trip to a shared cache: the page and the version it must have been made under.
            found = cache.get_many([VERSION_KEY, key])
            version = found.get(VERSION_KEY) or content_version()
            if version is None:
                raise ValueError("The cache keeps no version.")
        except Exception:
            # A cache that is down is a miss: the page is still served, fresh.
            log.warning("Page cache unavailable; serving uncached.", exc_info=True)
            return self.get_response(request)
        entry = found.get(key)
        if entry and entry["version"] == version and entry["expires"] > now:
            return self.replay(entry, now)
        response = self.get_response(request)
        if self.cacheable_response(response):
            try:
                # Under the version read before rendering: a change made meanwhile leaves it stale.
                self.store(key, version, response, now)
            except Exception:
                log.warning("Page cache unavailable; response not stored.", exc_info=True)
        return response

    def cacheable_request(self, request):
        return (
            settings.NEWSROOM_CACHE_SECONDS > 0
            and request.method in ("GET", "HEAD")
            and not request.path.startswith(tuple(settings.NEWSROOM_CACHE_SKIP_PREFIXES))
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "HTTP_AUTHORIZATION" not in request.META
        )

    def cacheable_response(self, response):
        control = response.get("Cache-Control", "")
        return (
            response.status_code in CACHED_STATUSES
            and not response.streaming
            and not response.cookies
            and not any(word in control for word in ("private", "no-store", "no-cache"))
        )

    def key(self, request):
        # Scheme and host too: without NEWSROOM_SITE_URL, a page's absolute links follow them.
        address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        digest = hashlib.sha256(address.encode()).hexdigest()
        return f"newsroom:page:{digest}"

    def store(self, key, version, response, now):
        seconds = fresh_for(now)
        self.set_freshness(response, seconds, now)
        if seconds <= 0:
            return
        # Computed once here, so each replay need not hash the body again.
        set_response_etag(response)
        entry = {
            "version": version,
            "status": response.status_code,
            "content": response.content,
            "headers": dict(response.items()),
            "expires": now + timedelta(seconds=seconds),
            "stored": now,
        }
        cache.set(key, entry, timeout=seconds)

    def replay(self, entry, now):
        response = HttpResponse(entry["content"], status=entry["status"])
        for name, value in entry["headers"].items():
            response[name] = value
        remaining = math.floor((entry["expires"] - now).total_seconds())
        self.set_freshness(response, remaining, entry["stored"])
        response["Age"] = str(int((now - entry["stored"]).total_seconds()))
        response["X-Cache"] = "hit"
        return response

    def set_freshness(self, response, seconds, generated):
        downstream = max(seconds - DOWNSTREAM_SLACK_SECONDS, 0)
        response.headers.pop("Cache-Control", None)
        patch_cache_control(response, public=True, max_age=downstream, s_maxage=downstream)
        response["Last-Modified"] = http_date(generated.timestamp())
