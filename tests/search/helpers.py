"""What the search tests share: the skip for what only PostgreSQL does, the headlines a search
page lists, and a dozen stories to search among."""

from datetime import timedelta
from unittest import skipUnless

from bs4 import BeautifulSoup
from django.db import connection
from django.utils import timezone

from articles.search import refresh_search_vector
from tests.factories import make_article

on_postgres = skipUnless(connection.vendor == "postgresql", "web-search syntax and ranking need PostgreSQL")


def headlines_found(response):
    """The headlines a search results page lists, in its order."""
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text() for a in soup.select(".search-results h2 a")]


def make_drills():
    """Twelve live stories an hour apart, newest first: two in three say "parachute", the rest
    "helicopter"; every headline says "Drill"."""
    now = timezone.now()
    stories = [
        make_article(
            headline=f"Drill {n}",
            body="<p>A parachute opens.</p>" if n % 3 else "<p>A helicopter lands.</p>",
            publish_at=now - timedelta(hours=n),
        )
        for n in range(12)
    ]
    refresh_search_vector(*stories)
    return stories
