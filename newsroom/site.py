"""The site's own address: where every absolute URL the site writes points.

With NEWSROOM_SITE_URL set ("https://news.example.com"), canonical links, og:url, JSON-LD,
feeds, sitemaps, robots.txt and share links use it, whatever Host or scheme a request came
with, and CanonicalHostMiddleware sends a request for any other host to it. Without it (local
development), they follow the request, and the page cache keeps each scheme and host apart.
"""

from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.http import HttpResponsePermanentRedirect


def site_url(request):
    """The site's address, "https://news.example.com" (no trailing slash): the configured one,
    else the request's scheme and host."""
    return settings.NEWSROOM_SITE_URL or f"{request.scheme}://{request.get_host()}"


def absolute_url(request, url):
    """`url` (a path, or an address already absolute, as media on a CDN) on the site's address."""
    return urljoin(site_url(request) + "/", url)


class CanonicalHostMiddleware:
    """With NEWSROOM_SITE_URL set, a request for another allowed host name (a bare address, a
    second domain) is sent there with a permanent redirect, so no page is ever built for a host
    readers should not see. Ports are not compared: a proxy may pass the host on without its
    port (nginx's $host), and the pages' addresses come from the setting whatever the port."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        configured = settings.NEWSROOM_SITE_URL
        if (
            configured
            and urlsplit(f"//{request.get_host()}").hostname != urlsplit(configured).hostname
            and request.path not in settings.NEWSROOM_HEALTH_PATHS
        ):
            return HttpResponsePermanentRedirect(configured + request.get_full_path())
        return self.get_response(request)
