"""Cached pages are dropped whenever a model readers see changes, whatever made the change.

The write path (articles.changes) drops them too; these receivers cover everything else, such as
a shell, a data migration or a script, so that no `save()`, `delete()` or change to a story's
tags or people leaves a stale page. Only cache invalidation hangs on signals: domain rules and
derived data stay in the write path. A raw `QuerySet.update()` sends no signal: call
`newsroom.page_cache.invalidate_pages()` after one.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from taggit.models import Tag

from newsroom.page_cache import invalidate_pages

from .models import (
    Article,
    ArticleFilm,
    Author,
    Byline,
    Citation,
    Correction,
    Credit,
    Film,
    Franchise,
    Image,
    Person,
    RelatedLink,
    ReleaseDate,
    SlugRedirect,
    Source,
    TaggedStory,
)

# Every model whose rows some public page, feed or sitemap shows.
PUBLIC_MODELS = (
    Article,
    Byline,
    ArticleFilm,
    Citation,
    RelatedLink,
    Correction,
    SlugRedirect,
    TaggedStory,
    Tag,
    Film,
    Franchise,
    Credit,
    ReleaseDate,
    Person,
    Author,
    Source,
    Image,
)
# The many-to-many relations changed without saving a row of a model above.
PUBLIC_RELATIONS = (Article.people.through, TaggedStory)


def row_changed(sender, **kwargs):
    invalidate_pages()


def relation_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        invalidate_pages()


def connect():
    """Connect the receivers (ArticlesConfig.ready); connecting twice changes nothing."""
    for model in PUBLIC_MODELS:
        post_save.connect(row_changed, sender=model, dispatch_uid=f"pages-{model._meta.label}-saved")
        post_delete.connect(row_changed, sender=model, dispatch_uid=f"pages-{model._meta.label}-deleted")
    for through in PUBLIC_RELATIONS:
        m2m_changed.connect(relation_changed, sender=through, dispatch_uid=f"pages-{through._meta.label}")
