"""Page addresses by slug, and static files' addresses, remembered.

reverse() walks the URL resolver on every call (about 16 µs on the benchmark
machine), and one story page asks for a dozen addresses: its films, people,
authors, sources and related stories, and every page links the home page,
search and the feeds. The URLconf does not change while the
process runs, so an address once built is kept, per script prefix (which a
deployment under a sub-path sets).
"""

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse


def page_address(viewname, slug=None):
    """reverse(viewname, kwargs={"slug": slug}), or reverse(viewname) with no slug, remembered."""
    return remembered(viewname, slug, get_script_prefix())


@lru_cache(maxsize=20_000)
def remembered(viewname, slug, prefix):
    return reverse(viewname) if slug is None else reverse(viewname, kwargs={"slug": slug})


@lru_cache(maxsize=256)
def static_address(path):
    """static(path), remembered: a static file's address does not change while the process runs
    (the storage reads its manifest once), and asking the storage took 11 µs, four times a page."""
    return static(path)


@receiver(setting_changed)
def forget_static_addresses(setting, **kwargs):
    if setting in ("STATIC_URL", "STORAGES"):
        static_address.cache_clear()
