"""Deploy checks of our own: `manage.py check --deploy` says what the site would refuse."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

LOCAL_MEMORY = "django.core.cache.backends.locmem.LocMemCache"


@register(Tags.security, deploy=True)
def secret_key_set(app_configs, **kwargs):
    if settings.SECRET_KEY_MISSING:
        return [Error(settings.MISSING_SECRET_KEY, id="newsroom.E001")]
    return []


@register(Tags.caches, deploy=True)
def cache_shared(app_configs, **kwargs):
    """Cached pages and stories' kept parts are dropped in the cache of the process that made the
    change: other processes keep theirs until they expire unless the cache is shared."""
    if settings.CACHES["default"]["BACKEND"] == LOCAL_MEMORY:
        return [
            Warning(
                "The cache is each process's own memory: a change reaches only the process that "
                "made it, and the others serve the old pages for up to NEWSROOM_CACHE_SECONDS.",
                hint="Set REDIS_URL, or run a single app process (WEB_CONCURRENCY=1).",
                id="newsroom.W001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def site_url_set(app_configs, **kwargs):
    """Without the site's address, absolute links follow each request's Host and scheme."""
    if not settings.NEWSROOM_SITE_URL:
        return [
            Warning(
                "NEWSROOM_SITE_URL is not set: canonical links, feeds, sitemaps and share links "
                "take their address from each request's Host header and scheme, and requests for "
                "other allowed hosts are served rather than redirected.",
                hint="Set NEWSROOM_SITE_URL to the site's public address, like https://news.example.com.",
                id="newsroom.W002",
            )
        ]
    return []


@register()
def newsroom_country_known(app_configs, **kwargs):
    """The release calendar's default country must be one it can filter by."""
    from django_countries import countries

    if settings.NEWSROOM_COUNTRY not in countries:
        return [
            Error(
                f"NEWSROOM_COUNTRY={settings.NEWSROOM_COUNTRY!r} is not an ISO 3166-1 country code.",
                hint="Set it to the newsroom's own country, like US, GB or FR.",
                id="newsroom.E002",
            )
        ]
    return []
