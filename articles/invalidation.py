"""Cached pages, and the kept parts of stories, are dropped whenever a model readers see
changes, whatever made the change.

The write path (articles.changes) drops pages too; these receivers cover everything else, such
as a shell, a data migration or a script, so that no `save()`, `delete()` or change to a story's
tags or people leaves a stale page. Only cache invalidation hangs on signals: domain rules and
derived data stay in the write path. What sends no signal must be followed by those calls
itself: a raw `QuerySet.update()`, `bulk_create()`, and writes to a many-to-many relation's
table made without its manager (`Article.people.through.objects…`). Call
`newsroom.page_cache.invalidate_pages()` and, for stories' parts,
`articles.story_parts.forget_parts(*story_ids)` after them.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
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
from .story_parts import forget_all_parts, forget_parts

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
# A story's parts (articles.story_parts), by the field naming their story.
STORY_PARTS = {
    Byline: "article_id",
    ArticleFilm: "article_id",
    Citation: "article_id",
    RelatedLink: "article_id",
    Correction: "article_id",
    TaggedStory: "content_object_id",
}
# What the parts show of other rows: a change to one may show on any story.
SHOWN_IN_PARTS = (Author, Person, Tag, Film, ReleaseDate, Source)


def row_changed(sender, instance, **kwargs):
    invalidate_pages()
    if sender in STORY_PARTS:
        forget_parts(getattr(instance, STORY_PARTS[sender]))
    elif sender in SHOWN_IN_PARTS:
        forget_all_parts()


def part_moving(sender, instance, **kwargs):
    """A part saved with another story than it had leaves that story too."""
    field = STORY_PARTS[sender]
    if instance.pk is None:
        return
    before = sender.objects.filter(pk=instance.pk).values_list(field, flat=True).first()
    if before is not None and before != getattr(instance, field):
        invalidate_pages()
        forget_parts(before)


def relation_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A story's tags or people changed, from either side of the relation."""
    if not action.startswith("post_"):
        return
    invalidate_pages()
    if not reverse:
        forget_parts(instance.pk)
    elif pk_set:
        forget_parts(*pk_set)
    else:
        forget_all_parts()


def connect():
    """Connect the receivers (ArticlesConfig.ready); connecting twice changes nothing."""
    for model in PUBLIC_MODELS:
        post_save.connect(row_changed, sender=model, dispatch_uid=f"pages-{model._meta.label}-saved")
        post_delete.connect(row_changed, sender=model, dispatch_uid=f"pages-{model._meta.label}-deleted")
    for model in STORY_PARTS:
        pre_save.connect(part_moving, sender=model, dispatch_uid=f"parts-{model._meta.label}-moving")
    for through in PUBLIC_RELATIONS:
        m2m_changed.connect(relation_changed, sender=through, dispatch_uid=f"pages-{through._meta.label}")
