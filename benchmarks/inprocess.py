"""Timing pages through the whole Django stack in this process (test client), cached and not."""

import gc
import random
import statistics
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection, reset_queries
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(int(len(ordered) * share), len(ordered) - 1)]


def time_pages(client, pages, repeat):
    """Median and p95 in ms per page over `repeat` renders each, cycling through each page's
    URLs, and the queries and HTML size (KB) of one warm render (a new database session first
    prepares a page's statement, and a cached page is filled by the first render).

    The pages take turns, render by render, so that the machine's slower and faster moments
    fall on every page alike and the ratios between pages hold."""
    query_counts, sizes = {}, {}
    for name, urls in pages.items():
        response = client.get(urls[0])
        assert response.status_code == 200, (urls[0], response.status_code)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(urls[0])
        # Counted now: the capture reads the query log lazily, and the loop below empties it.
        query_counts[name] = len(queries)
        sizes[name] = len(response.content) / 1024
    timings = {name: [] for name in pages}
    # As a server's worker does once the app is loaded (deploy/gunicorn.conf.py): what this
    # process holds by now (the app, and here the generated newsroom) is frozen, so the garbage
    # collector's full passes do not walk it again during the renders.
    gc.collect()
    gc.freeze()
    try:
        for n in range(repeat):
            for name, urls in pages.items():
                url = urls[n % len(urls)]
                start = time.perf_counter()
                client.get(url)
                timings[name].append((time.perf_counter() - start) * 1000)
                reset_queries()
    finally:
        gc.unfreeze()
    return {
        name: {
            "median": statistics.median(spent),
            "p95": percentile(spent, 0.95),
            "queries": query_counts[name],
            "kb": sizes[name],
        }
        for name, spent in timings.items()
    }


# As the settings make it without REDIS_URL: room for many entries, as the pages' dependency
# tokens and stories' parts take one each (Django's default of 300 would have them push the
# pages out).
LOCAL_MEMORY = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
}


def cache_passes():
    """(label, page cache seconds, cache settings): uncached, then cached in local memory (the
    default), then in the configured shared cache, whose round trip a hit also pays."""
    passes = [("uncached", 0, settings.CACHES), ("cached", 300, LOCAL_MEMORY)]
    backend = settings.CACHES["default"]["BACKEND"]
    if backend != LOCAL_MEMORY["default"]["BACKEND"]:
        passes.append((f"cached, {backend.rsplit('.', 1)[-1].removesuffix('Cache')}", 300, settings.CACHES))
    return passes


def measure(pages, repeat, report):
    """Render each page `repeat` times uncached, then cached; report a line per page."""
    client = Client(HTTP_HOST="127.0.0.1")
    results = {}
    for label, cached, caches in cache_passes():
        with override_settings(NEWSROOM_CACHE_SECONDS=cached, CACHES=caches, DEBUG=False):
            cache.clear()
            for name, figures in time_pages(client, pages, repeat).items():
                results[(name, label)] = figures
                median, p95, queries = figures["median"], figures["p95"], figures["queries"]
                report(
                    f"  {name:<14} {label:<14} median {median:7.2f} ms  p95 {p95:7.2f} ms  queries {queries}"
                )
    return results


def sample_pages(rng: random.Random, slugs, tags, films, deep_cursor):
    """A few URLs per page type, so caching one URL does not flatter the uncached figures."""

    def some(items, count):
        return rng.sample(items, min(count, len(items)))

    return {
        "story": [f"/articles/{slug}/" for slug in some(slugs, 50)],
        "home p1": ["/"],
        "home p500": [f"/?before={deep_cursor}"],
        "tag": [f"/tags/{tag}/" for tag in some(tags, 20)],
        "film": [f"/films/{film}/" for film in some(films, 20)],
        "search": [
            f"/search/?q={word}"
            for word in ("stunt", "cruise jump", "trailer", "helicopter chase", "premiere")
        ],
        "feed": ["/feed/"],
        # The generated films' release dates fall in the first three months of their years.
        "calendar": ["/releases/?period=month&start=2005-01-01&country=", "/releases/?start=2005-01-03"],
        "films A-Z": ["/films/"],
        # The read API: a story whole, as its page shows it, and the list the home page shows.
        "api story": [f"/api/v1/stories/by-slug/{slug}" for slug in some(slugs, 50)],
        "api stories": ["/api/v1/stories"],
        "api film": [f"/api/v1/films/{film}" for film in some(films, 20)],
    }


def reader_mix(pages, requests, seed=11):
    """Readers' requests: home half the time, then story pages (the first few far more than the
    rest), tag pages and the feed."""
    rng = random.Random(seed)
    stories, tags = pages["story"], pages["tag"]
    weights = [1 / (rank + 1) for rank in range(len(stories))]
    mix = []
    for _ in range(requests):
        roll = rng.random()
        if roll < 0.5:
            mix.append("/")
        elif roll < 0.85:
            mix.append(rng.choices(stories, weights)[0])
        else:
            mix.append(rng.choice([*tags, "/feed/"]))
    return mix


def edited_stories(pages):
    """The stories an editor changes in turn: live ones among those readers ask for."""
    from articles.models import Article

    slugs = [url.split("/")[2] for url in pages["story"]]
    return list(Article.objects.live().filter(slug__in=slugs).order_by("?")[:50])


def edit_story(story, n):
    """One editor's change: the story's dek, through the write path."""
    from articles import changes
    from articles.models import Article

    story = Article.objects.get(pk=story.pk)
    story.dek = f"Updated {n}"
    changes.save_story(story)


def newsroom_under_edits(pages, report, requests=6000, reader_rate=50, edit_seconds=5, seed=11):
    """A simulated newsroom: readers load a mix of pages at `reader_rate` a second (popular
    stories most) while an editor changes one story every `edit_seconds`; once with pages
    dropped by what they show, once with every page dropped by every change (as before).
    Reports the page cache's hit ratio and the median and p99 time of a request."""
    from newsroom.dependencies import ALL, drop

    mix, edited = reader_mix(pages, requests, seed), edited_stories(pages)
    edit_every = reader_rate * edit_seconds
    client = Client(HTTP_HOST="127.0.0.1")
    for label, drop_everything in (("dropped by key", False), ("all dropped (before)", True)):
        with override_settings(NEWSROOM_CACHE_SECONDS=300, CACHES=LOCAL_MEMORY, DEBUG=False):
            cache.clear()
            hits, spent = 0, []
            for n, url in enumerate(mix):
                if n and n % edit_every == 0:
                    edit_story(edited[(n // edit_every) % len(edited)], n)
                    if drop_everything:
                        drop([ALL])
                start = time.perf_counter()
                response = client.get(url)
                spent.append((time.perf_counter() - start) * 1000)
                hits += response.get("X-Cache") == "hit"
                reset_queries()
        report(
            f"  {label:<22} hit ratio {hits / len(mix):6.1%}  median {statistics.median(spent):6.2f} ms"
            f"  p99 {percentile(spent, 0.99):6.2f} ms  ({len(mix)} requests, an edit every {edit_every})"
        )
