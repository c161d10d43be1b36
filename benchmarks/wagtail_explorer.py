"""Timing Wagtail's page explorer in the Wagtail reference project, as `manage.py compare_wagtail`
sets it beside the admin's story list: the news index's child listing, and for each word it is given
the explorer's own search (the search box of that listing, over the index's descendants) and the
admin's page search; warm, in-process (test client, whole Django stack), as a superuser, with the
same timing loop as ours (inprocess.time_pages).

It runs in the reference project's own virtualenv and settings, not this site's; compare_wagtail
starts it so:

    cd <this repository> && PYTHONPATH=<bench>/wagtail_ref DJANGO_SETTINGS_MODULE=wagtail_ref.settings \\
        BENCH_DB=bench_wagtail_10k <bench venv>/bin/python -m benchmarks.wagtail_explorer REPEAT WORD…

and reads what it prints: name → {"url", "median", "p95", "queries", "kb"} as JSON.
"""

import json
import sys

import django
from django.contrib.auth import get_user_model
from django.test import Client

from benchmarks.inprocess import time_pages


def superuser():
    """The superuser the explorer is timed for (made once per database)."""
    user, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    return user


def explorer_pages(index, words):
    """Name → URL of the explorer pages set beside the story list's."""
    listing = f"/admin/pages/{index.pk}/"
    pages = {"list": listing}
    for word in words:
        pages[f"search {word}"] = f"{listing}?q={word}"
    for word in words:
        pages[f"page search {word}"] = f"/admin/pages/search/?q={word}"
    return pages


def main(repeat, words):
    django.setup()
    # Only importable once Django is set up in the reference project's settings.
    from news.models import NewsIndexPage

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(superuser())
    pages = explorer_pages(NewsIndexPage.objects.get(), words)
    results = time_pages(client, {name: [url] for name, url in pages.items()}, repeat)
    for name, url in pages.items():
        results[name]["url"] = url
    print(json.dumps(results))


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2:])
