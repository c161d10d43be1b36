"""What a public page shows, as keys, gathered while it is built; and dropping by key.

A page records a key for each thing whose change must drop it (`depends_on`), and the page
cache keeps it with each key's version token; a change sets new tokens for the keys it touches
once it commits (`invalidate`), and only the pages recording one of them are stale. A busy desk
editing one story a minute then cools the pages that show that story, not the whole site.

The keys:

- `all`: every page (a raw update that says nothing else drops it).
- `<kind>:<id>` (kind: tag, film, person, source, author, image, franchise): the pages showing
  that subject in passing: its name in a byline, a tag list, a credit, a citation; an image.
- `story:<id>`: the pages that show or link story <id>: its page, every list showing its card,
  the stories linking to it.
- `list:stories`: every list of all live stories (home and its older pages, the site's feeds,
  search); dropped when a story enters or leaves the live ones, or moves in time.
- `list:<kind>:<id>` (kind: tag, film, person, source, author): the subject's page and feeds,
  and links to it from other subjects' pages (which depend on its being public); dropped when a
  story about it enters or leaves the live ones, or gains or loses it.
- `releases`: the release calendars (page and iCalendar feeds), which list every public film's
  release dates: dropped by any change to a release date.
- `search`, `sitemap`: search results and the sitemaps, which reflect every story's text or
  modification time: dropped by any change to a story.
- `missing`: pages that answered 404 (a story or subject not public yet): dropped by any change
  that can make one public.

The same keys go to proxies and CDNs as `Surrogate-Key` and `Cache-Tag` headers.
"""

import logging
import uuid
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from . import purge

log = logging.getLogger("newsroom.page_cache")

ALL = "all"
STORIES = "list:stories"
SEARCH = "search"
RELEASES = "releases"
SITEMAP = "sitemap"
MISSING = "missing"
# Changed (to a new token) before any key's token, or any story's kept parts, change: a page
# rendered while it changed is not kept, since what it read may predate the change while the
# tokens read after it do not.
SEQUENCE_KEY = "newsroom:dependency-sequence"

recorded = ContextVar("newsroom_dependencies", default=None)


def story_key(story_id):
    return f"story:{story_id}"


def subject_key(kind, subject_id):
    """The key of the pages showing a subject: subject_key("person", 3) is "person:3"."""
    return f"{kind}:{subject_id}"


def list_key(kind, subject_id):
    """The key of the stories about a subject: list_key("tag", 3) is "list:tag:3"."""
    return f"list:{kind}:{subject_id}"


def token_key(key):
    return f"newsroom:dependency:{key}"


def new_token():
    """A version no earlier one can equal."""
    return uuid.uuid4().hex


@dataclass
class Recording:
    """What a page being built depends on: the `keys` of what it shows (always ALL), and the
    moment it turns over by the clock alone (`until`, None if it does not)."""

    keys: set = field(default_factory=lambda: {ALL})
    until: datetime | None = None


@contextmanager
def recording():
    """Gather what `depends_on` and `depends_on_today` are told while the block runs (a page
    being built); yields the Recording."""
    reset = recorded.set(Recording())
    try:
        yield recorded.get()
    finally:
        recorded.reset(reset)


def depends_on(*keys):
    """The page being built shows what `keys` stand for (nothing happens outside `recording`)."""
    so_far = recorded.get()
    if so_far is not None:
        so_far.keys.update(keys)


def depends_on_today():
    """The page being built shows what depends on the date in the newsroom's time zone (a
    release marked upcoming, "this week"): it turns over at the next midnight there."""
    so_far = recorded.get()
    if so_far is not None:
        midnight = next_midnight(timezone.now())
        so_far.until = midnight if so_far.until is None else min(so_far.until, midnight)


def next_midnight(now):
    """The first moment of the day after `now`'s, in the newsroom's time zone."""
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    return timezone.make_aware(datetime.combine(tomorrow, time.min))


def depends_on_stories(stories):
    """The page shows these stories (instances or ids)."""
    depends_on(*(story_key(getattr(story, "pk", story)) for story in stories))


def depends_on_cards(stories):
    """The page shows these stories as cards (articles.listings.as_cards): each story, its
    bylines' authors and its lead image."""
    for story in stories:
        depends_on(
            story_key(story.pk), *(subject_key("author", line.author_id) for line in story.byline_list)
        )
        if story.lead_image_id:
            depends_on(subject_key("image", story.lead_image_id))


def tokens_under(names, timeout=None):
    """The version tokens under the cache keys `names` (a list), made anew where missing (one
    evicted from the cache matches nothing kept under the old one), in the same order."""
    found = cache.get_many(names)
    if len(found) < len(names):
        for name in names:
            if name not in found:
                cache.add(name, new_token(), timeout=timeout)
        found = cache.get_many(names)
    return [found.get(name) for name in names]


def current_tokens(keys):
    """{key: its version token} for the dependency `keys`."""
    keys = sorted(keys)
    return dict(zip(keys, tokens_under([token_key(key) for key in keys]), strict=True))


def current_sequence():
    """The sequence's value (made if missing)."""
    return tokens_under([SEQUENCE_KEY])[0]


def advance_sequence():
    cache.set(SEQUENCE_KEY, new_token(), timeout=None)


def invalidate(*keys):
    """Drop the pages recording any of `keys` once the current transaction commits (at once
    outside one)."""
    if keys:
        transaction.on_commit(lambda: drop(keys))


def drop(keys):
    """Give `keys` new tokens now; the sequence moves first (see SEQUENCE_KEY). With the cache
    down, the pages it keeps live out their schedule-bounded freshness (and newsroom.cache drops
    everything before using it again). The caches in front of the app are told too
    (newsroom.purge), whatever becomes of this."""
    purge.queue.add(keys)
    try:
        advance_sequence()
        cache.set_many({token_key(key): new_token() for key in keys}, timeout=None)
    except Exception:
        log.warning("Cache unavailable; pages showing %s not dropped.", " ".join(sorted(keys)), exc_info=True)
