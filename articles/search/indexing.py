"""Keeping each story's search vector: its headline and names, dek and body, weighted.

On PostgreSQL the vector is stored on the story (Article.search_vector) and indexed by GIN
(migrations 0008 and 0014); the write path (articles.changes) refreshes it whenever a story or
its tags, films or people change. SQLite searches the text itself and keeps no vector.
"""

from django.contrib.postgres.search import SearchVector
from django.db import OperationalError, transaction
from django.db.models import Value

from articles.models import Article

from .query import CONFIG, uses_postgres

# PostgreSQL's error for a search vector over its 1 MB limit (program_limit_exceeded).
TOO_LONG = "54000"


def refresh_search_vector(*articles):
    """Recompute the stored search vector of stories, from their saved tags, films and people."""
    if not uses_postgres():
        return
    stories = Article.objects.filter(pk__in=[a.pk for a in articles]).prefetch_related(
        "tags", "people", "film_links__film"
    )
    for story in stories:
        names = [t.name for t in story.tags.all()]
        names += [fl.film.title for fl in story.film_links.all()] + [p.name for p in story.people.all()]
        store_search_vector(story, f"{story.headline} {' '.join(names)}", story.body_text)


def store_search_vector(story, title, body):
    """Store `story`'s vector of `title` (its headline and names), its dek and `body`.

    PostgreSQL refuses a vector over 1 MB. Prose seldom reaches it, but pasted data can (made-up
    or hyphenated words each add an entry), so the body is halved until its vector fits: the
    story is still saved, and found by the words of its opening.
    """
    while True:
        vector = (
            SearchVector(Value(title), weight="A", config=CONFIG)
            + SearchVector(Value(story.dek), weight="B", config=CONFIG)
            + SearchVector(Value(body), weight="C", config=CONFIG)
        )
        try:
            with transaction.atomic():
                Article.objects.filter(pk=story.pk).update(search_vector=vector)
            return
        except OperationalError as error:
            if getattr(error.__cause__, "sqlstate", None) != TOO_LONG or not body:
                raise
            body = body[: len(body) // 2]
