"""The public page cache: reader pages kept whole, never past the next scheduled change.

Anonymous GET and HEAD responses of public pages (feeds and sitemaps included) are kept in
Django's cache with the keys of what they show (newsroom.dependencies), each with the version
token it had when the page was made. A change readers can see gives the keys it touches new
tokens once its transaction commits (articles.invalidation, and the write path), so exactly the
pages showing what changed are stale. A token is random, never a count: one lost from the cache
is made anew, and no page kept under an earlier one can match it again. No cached copy, and no
`max-age`/`s-maxage` a CDN or proxy is given, outlives the next scheduled change: the nearest
future publish, expiry or embargo time; nor, for a page showing what depends on the date (a
release calendar), the next midnight in the newsroom's time zone. With several app processes
the cache must be shared (REDIS_URL) for changes to reach them all at once; the schedule bound
holds regardless.
"""

import hashlib
import logging
import math
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.http import http_date

from . import purge
from .cache import recovered
from .dependencies import (
    ALL,
    MISSING,
    SEQUENCE_KEY,
    STORIES,
    current_sequence,
    current_tokens,
    depends_on,
    drop,
    invalidate,
    recording,
)

log = logging.getLogger(__name__)

CACHED_STATUSES = {200, 301, 404}
# Proxies and CDNs stamp expiry in whole seconds when a response reaches them, which can be a
# second after it was counted here: this much slack keeps them inside the schedule's bound.
DOWNSTREAM_SLACK_SECONDS = 1


def invalidate_pages():
    """Drop every cached page once the current transaction commits (at once outside one)."""
    invalidate(ALL)


@receiver(recovered)
def drop_pages_kept_before_an_outage(**kwargs):
    """A change made while the cache failed could not drop the pages it touched."""
    drop([ALL])


def next_scheduled_change(now):
    """The nearest future publish, expiry or embargo time, remembered until that moment under the
    versions of the stories' schedules, so pages ask the database only when a story entered,
    left or moved in the schedule, or the moment has come."""
    from articles.models import Article

    versions = current_tokens([ALL, STORIES])
    key = f"newsroom:next-change:{versions[ALL]}:{versions[STORIES]}"
    remembered = cache.get(key)
    if remembered is not None and (remembered == "none" or remembered > now):
        return None if remembered == "none" else remembered
    nearest = Article.objects.next_scheduled_change(now)
    cache.set(key, nearest or "none", timeout=settings.NEWSROOM_CACHE_SECONDS)
    return nearest


def fresh_for(now, until=None):
    """Whole seconds a response made now may be reused: the default, cut short by the schedule
    and by the moment `until` the page itself turns over (dependencies.depends_on_today)."""
    seconds = settings.NEWSROOM_CACHE_SECONDS
    if seconds <= 0:
        return 0
    for nearest in (next_scheduled_change(now), until):
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
            # One round trip to a shared cache: the page, and the sequence every change moves.
            found = cache.get_many([SEQUENCE_KEY, key])
            sequence = found.get(SEQUENCE_KEY)
            if sequence is None:
                sequence = current_sequence()
            entry = found.get(key)
            if entry and entry["expires"] > now and current_tokens(entry["keys"]) == entry["keys"]:
                return self.replay(entry, now)
        except Exception:
            # A cache that is down is a miss: the page is still served, fresh.
            log.warning("Page cache unavailable; serving uncached.", exc_info=True)
            return self.get_response(request)
        with recording() as recorded:
            response = self.get_response(request)
            if response.status_code == 404:
                depends_on(MISSING)
        if self.cacheable_response(response):
            try:
                self.store(key, recorded, sequence, response, now)
                if purge.paths_wanted() and "s-maxage=0" not in response["Cache-Control"]:
                    # CloudFront invalidates paths, not keys: the paths each key was served at.
                    purge.remember_path(recorded.keys, request.get_full_path())
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

    def store(self, key, recorded, sequence, response, now):
        """Keep `response` with the tokens of the keys `recorded` while it was made, unless a
        change came meanwhile (the sequence moved): what it read may predate the change, the
        tokens cannot; then no cache in front may keep it either."""
        keys = recorded.keys
        tokens = current_tokens(keys)
        changed_meanwhile = cache.get(SEQUENCE_KEY) != sequence
        seconds = 0 if changed_meanwhile else fresh_for(now, recorded.until)
        self.set_freshness(response, seconds, now)
        response["Surrogate-Key"] = " ".join(sorted(keys))
        response["Cache-Tag"] = ",".join(sorted(keys))
        if seconds <= 0:
            return
        # Computed once here, so each replay need not hash the body again.
        set_response_etag(response)
        entry = {
            "keys": tokens,
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
