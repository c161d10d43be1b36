"""A story's parts, fetched in a fixed number of queries and kept between renders of its page.

A story page shows the story's bylines, tags, people, films with their release dates,
citations, related links and corrections: eight queries, the costliest part of rendering
its page. They change
far less often than the page is rendered again (any change anywhere drops every cached page),
so they are kept in Django's cache per story, under a version token that changes on commit
whenever one of the story's parts, or a person, film, tag, author or source they show, changes
(articles.invalidation). A copy is filed under the tokens read before its queries ran, so a
change landing meanwhile leaves it unused rather than stale.

What depends on the moment is not kept: which linked stories are live, with their headlines
and addresses, is read on every render (articles.models.links.visible_links), and release dates
are marked upcoming by the day the page is built. NEWSROOM_STORY_PARTS_SECONDS bounds how long
a copy is kept (0: never).
"""

import logging
from dataclasses import dataclass

import django
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.dispatch import receiver

from newsroom.cache import recovered
from newsroom.dependencies import advance_sequence, new_token, subject_key, tokens_under

from .listings import bylines
from .models import ArticleFilm, Citation, Correction, Person, RelatedLink, TaggedStory

log = logging.getLogger(__name__)

# Pickled model instances are tied to the Django version that made them, and StoryParts to
# what it holds: change FORMAT with it, so a rolling deploy never reads another shape.
FORMAT = 1
PARTS_KEY = f"newsroom:story-parts:{FORMAT}:{django.get_version()}:{{}}"
VERSION_KEY = "newsroom:story-parts-version:{}"
# Changes when a person, film, tag, author or source changes: every story may show one.
SHARED_VERSION_KEY = "newsroom:story-parts-version:shared"


def parts_keys(parts):
    """The keys of the subjects a story's `parts` name (newsroom.dependencies)."""
    return [
        *(subject_key("author", line.author_id) for line in parts.bylines),
        *(subject_key("tag", tag.pk) for tag in parts.tags),
        *(subject_key("person", person.pk) for person in parts.people),
        *(subject_key("film", link.film_id) for link in parts.film_links),
        *(subject_key("source", citation.source_id) for citation in parts.citations),
        *(subject_key("source", link.source_id) for link in parts.links if link.source_id),
    ]


@dataclass
class StoryParts:
    """Everything around a story that its page shows, each part in the editors' order."""

    bylines: list
    tags: list
    people: list
    film_links: list
    citations: list
    links: list
    corrections: list

    @classmethod
    def fetch(cls, story):
        """The parts of `story` from the database: eight queries, each reading only the columns
        the page shows. Related links come without their targets (see visible_links)."""
        film_links = (
            ArticleFilm.objects.filter(article=story)
            .select_related("film")
            .only("article", "order", "show_release_dates", "film__title", "film__slug", "film__year")
            .prefetch_related("film__release_dates")
        )
        citations = (
            Citation.objects.filter(article=story)
            .select_related("source")
            .only("article", "role", "url", "order", "source__name", "source__slug")
        )
        links = (
            RelatedLink.objects.filter(article=story)
            .select_related("source")
            .only(
                "article",
                "placement",
                "after_paragraph",
                "target_article",
                "url",
                "title",
                "order",
                "source__name",
                "source__slug",
            )
        )
        tag_links = TaggedStory.objects.filter(content_object=story).select_related("tag")
        return cls(
            bylines=list(bylines().filter(article=story)),
            tags=[link.tag for link in tag_links.order_by("tag__name")],
            people=list(Person.objects.filter(articles=story).only("name", "slug")),
            film_links=list(film_links),
            citations=list(citations),
            links=list(links),
            corrections=list(Correction.objects.filter(article=story)),
        )


def parts_of(story):
    """The parts of `story`: its kept copy if still current, else fetched (and kept)."""
    seconds = settings.NEWSROOM_STORY_PARTS_SECONDS
    if seconds <= 0:
        return StoryParts.fetch(story)
    key, tokens = PARTS_KEY.format(story.pk), [VERSION_KEY.format(story.pk), SHARED_VERSION_KEY]
    try:
        # One round trip when all is kept: the copy and the versions it must have been made under.
        found = cache.get_many([*tokens, key])
        versions = tuple(found.get(token) for token in tokens)
        if None in versions:
            versions = tuple(tokens_under(tokens, seconds))
    except Exception:
        log.warning("Cache unavailable; story parts fetched.", exc_info=True)
        return StoryParts.fetch(story)
    kept = found.get(key)
    if kept and None not in versions and kept["versions"] == versions:
        return kept["parts"]
    parts = StoryParts.fetch(story)
    if None in versions:
        return parts
    try:
        cache.set(key, {"versions": versions, "parts": parts}, timeout=seconds)
    except Exception:
        log.warning("Cache unavailable; story parts not kept.", exc_info=True)
    return parts


def forget_parts(*story_ids):
    """Drop the kept parts of the stories `story_ids` once the current transaction commits."""
    tokens = {VERSION_KEY.format(story_id): new_token() for story_id in story_ids if story_id}
    if tokens:
        transaction.on_commit(lambda: set_tokens(tokens))


def forget_all_parts():
    """Drop every story's kept parts once the current transaction commits: for a change to what
    any story may show (a person, film, tag, author or source)."""
    transaction.on_commit(lambda: set_tokens({SHARED_VERSION_KEY: new_token()}))


@receiver(recovered)
def drop_parts_kept_before_an_outage(**kwargs):
    """A change made while the cache failed could not drop the parts it touched."""
    set_tokens({SHARED_VERSION_KEY: new_token()})


def set_tokens(tokens):
    """Store new version tokens. They may lapse with the copies they guard: a token found
    missing is made anew, which no kept copy matches."""
    try:
        # A page rendered meanwhile, with the parts kept before, is not kept (page_cache).
        advance_sequence()
        cache.set_many(tokens, timeout=max(settings.NEWSROOM_STORY_PARTS_SECONDS, 1))
    except Exception:
        # Kept parts then live out NEWSROOM_STORY_PARTS_SECONDS.
        log.warning("Cache unavailable; story parts not dropped.", exc_info=True)
