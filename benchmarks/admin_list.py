"""Timing the admin's story list as an editor uses it: the list, its search, each filter it offers,
the date drill-down, a sort and a deep page, warm, in-process (test client, whole Django stack)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client, override_settings
from django.utils import timezone

from articles.models import Article, ArticleFilm, Byline, TaggedStory
from articles.roles import EDITORS, ensure_roles

from .inprocess import time_pages

LIST_URL = "/admin/articles/article/"
# The targets (issue 24): every one of these answers within all three.
MAX_MS = 300
MAX_QUERIES = 10
MAX_KB = 120


def editor():
    """The editor the list is timed for (made once per database)."""
    ensure_roles()
    user, made = get_user_model().objects.get_or_create(
        username="bench-editor", defaults={"is_staff": True, "first_name": "Bench", "last_name": "Editor"}
    )
    if made:
        user.groups.add(Group.objects.get(name=EDITORS))
    return user


def first_id(through, field):
    """An id the filter can be given: the first one stories link to (no scan: the first row)."""
    return through.objects.order_by("pk").values_list(field, flat=True).first()


def admin_pages():
    """Name → URL of each thing the story list offers, as its links build them."""
    today = timezone.localdate()
    pages = {
        "list": "",
        "search cruise": "?q=cruise",
        "search phrase": "?q=%22box+office%22",
        "status draft": "?status__exact=draft",
        "status published": "?status__exact=published",
        "kind analysis": "?kind__exact=analysis",
        "kind news": "?kind__exact=news",
        "exclusive": "?is_exclusive__exact=1",
        "mine": "?owner=mine",
        "live": "?visibility=live",
        "scheduled": "?visibility=scheduled",
        "expired": "?visibility=expired",
        "embargoed": "?visibility=embargoed",
        "not live": "?visibility=not_live",
        "oldest first": "?o=4",
        # Page 100 (or the last one there is, at toy size), through the newest-first order.
        "page 100": f"?p={max(1, min(100, Article.objects.count() // 50))}",
        "year": f"?publish_at__year={today.year}",
        "month": f"?publish_at__month={today.month}&publish_at__year={today.year}",
        "day": f"?publish_at__day={today.day}&publish_at__month={today.month}&publish_at__year={today.year}",
    }
    for name, through, field, param in (
        ("tag", TaggedStory, "tag_id", "tags__id__exact"),
        ("film", ArticleFilm, "film_id", "films__id__exact"),
        ("author", Byline, "author_id", "authors__id__exact"),
    ):
        if (value := first_id(through, field)) is not None:
            pages[name] = f"?{param}={value}"
    pages["search + kind"] = "?q=cruise&kind__exact=review"
    return {name: LIST_URL + query for name, query in pages.items()}


def measure(repeat, report, pages=None):
    """Render each page `repeat` times warm as an editor (inprocess.time_pages); report its median and
    p95 ms, its queries (of one warm render) and its HTML's size. Returns name → figures."""
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(editor())
    pages = admin_pages() if pages is None else pages
    with override_settings(DEBUG=False):
        results = time_pages(client, {name: [url] for name, url in pages.items()}, repeat)
    for name, figures in results.items():
        report(
            f"  {name:<18} median {figures['median']:7.1f} ms  p95 {figures['p95']:7.1f} ms"
            f"  queries {figures['queries']:3}  HTML {figures['kb']:6.1f} KB"
        )
    return results


def worst(results):
    """The slowest median, the most queries and the heaviest page, each with its page's name."""
    return {
        key: max(((figures[key], name) for name, figures in results.items()), default=(0, ""))
        for key in ("median", "queries", "kb")
    }
