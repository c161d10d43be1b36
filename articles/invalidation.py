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

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from taggit.models import Tag

from newsroom.dependencies import (
    MISSING,
    RELEASES,
    SEARCH,
    SITEMAP,
    STORIES,
    invalidate,
    list_key,
    story_key,
    subject_key,
)
from newsroom.page_cache import invalidate_pages

from .models import (
    KINDS,
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

# A story's parts (articles.story_parts), by the field naming their story.
STORY_PARTS = {
    Byline: "article_id",
    ArticleFilm: "article_id",
    Citation: "article_id",
    RelatedLink: "article_id",
    Correction: "article_id",
    TaggedStory: "content_object_id",
}
# The parts that make their story one about a subject: (its kind, the field naming it).
SUBJECT_LINKS = {
    Byline: ("author", "author_id"),
    ArticleFilm: ("film", "film_id"),
    Citation: ("source", "source_id"),
    TaggedStory: ("tag", "tag_id"),
}
# The many-to-many relations, changed by their managers (add, remove, clear) without saving a
# row (Django bulk-creates through rows): (kind of subject).
PUBLIC_RELATIONS = {
    Article.people.through: "person",
    TaggedStory: "tag",
    Byline: "author",
    ArticleFilm: "film",
}
# What pages show in passing, by the kind of subject key (dependencies.subject_key) of the row
# itself; a change to one drops the pages showing it, the sitemaps (which list subjects by
# address) and the 404s (an address may now lead somewhere), and every story's kept parts where
# the parts show it.
SUBJECTS = {**KINDS, Franchise: "franchise"}
SHOWN_IN_PARTS = (Author, Person, Tag, Film, ReleaseDate, Source)
# A story's fields that decide whether, and when, it is live: a change to one moves it into or
# out of lists.
SCHEDULE_FIELDS = ("status", "publish_at", "expire_at", "embargo_until")
# Any change to a story: its pages, and what reflects every story's text or time.
STORY_CHANGED = (SEARCH, SITEMAP, MISSING)


def story_keys(story_id, moved=False):
    """The keys a change to story `story_id` touches; `moved`: it entered, left or moved in the
    live stories, so every list it is (or was) on, and its subjects' being public, too."""
    keys = [story_key(story_id), *STORY_CHANGED]
    if moved:
        keys += [STORIES, *subject_keys(story_id)]
    return keys


def subject_keys(story_id):
    """The list keys of the subjects story `story_id` is about."""
    keys = [
        list_key("person", pk)
        for pk in Article.people.through.objects.filter(article_id=story_id).values_list(
            "person_id", flat=True
        )
    ]
    for model, (kind, field) in SUBJECT_LINKS.items():
        story_field = STORY_PARTS[model].removesuffix("_id")
        ids = model.objects.filter(**{story_field: story_id}).values_list(field, flat=True)
        keys += [list_key(kind, pk) for pk in ids]
    return keys


def story_saving(sender, instance, **kwargs):
    """Note whether the story is moving in the schedule (read before the save overwrites it)."""
    if instance.pk is None:
        instance.schedule_changed = True
        return
    before = Article.objects.filter(pk=instance.pk).values(*SCHEDULE_FIELDS).first()
    instance.schedule_changed = before is None or any(
        before[field] != getattr(instance, field) for field in SCHEDULE_FIELDS
    )


def story_deleting(sender, instance, **kwargs):
    """Note the keys of a story being deleted while its subjects can still be read (the people
    it was about go with it without a signal)."""
    instance.deleted_keys = story_keys(instance.pk, moved=True)


def story_changed(sender, instance, **kwargs):
    if kwargs.get("signal") is post_delete:
        invalidate(*getattr(instance, "deleted_keys", story_keys(instance.pk, moved=True)))
        return
    invalidate(*story_keys(instance.pk, getattr(instance, "schedule_changed", True)))


def part_changed(sender, instance, **kwargs):
    story_id = getattr(instance, STORY_PARTS[sender])
    keys = story_keys(story_id)
    if sender in SUBJECT_LINKS:
        kind, field = SUBJECT_LINKS[sender]
        keys.append(list_key(kind, getattr(instance, field)))
    invalidate(*keys)
    forget_parts(story_id)


def part_saving(sender, instance, **kwargs):
    """A part saved with another story or subject than it had leaves those too."""
    if instance.pk is None:
        return
    fields = [STORY_PARTS[sender]] + ([SUBJECT_LINKS[sender][1]] if sender in SUBJECT_LINKS else [])
    before = sender.objects.filter(pk=instance.pk).values(*fields).first()
    if before is None:
        return
    story_id = before[STORY_PARTS[sender]]
    keys = story_keys(story_id) if story_id != getattr(instance, STORY_PARTS[sender]) else []
    if sender in SUBJECT_LINKS:
        kind, field = SUBJECT_LINKS[sender]
        keys.append(list_key(kind, before[field]))
    invalidate(*keys)
    forget_parts(story_id)


def shown_keys(sender, instance):
    """The keys of the pages showing the row `instance` of `sender` in passing."""
    if sender is Film:
        # Its name and franchise are on the release calendars too.
        return [subject_key("film", instance.pk), SITEMAP, MISSING, RELEASES]
    if sender in SUBJECTS:
        return [subject_key(SUBJECTS[sender], instance.pk), SITEMAP, MISSING]
    if sender is Image:
        return [subject_key("image", instance.pk)]
    if sender is Credit:
        # On its film's page and its person's.
        return [subject_key("film", instance.film_id), subject_key("person", instance.person_id)]
    if sender is ReleaseDate:
        return [subject_key("film", instance.film_id), RELEASES]
    # A slug redirect: the story it leads to, and the address, until now a 404.
    return [story_key(instance.article_id), MISSING]


def shown_changed(sender, instance, **kwargs):
    invalidate(*shown_keys(sender, instance))
    if sender in SHOWN_IN_PARTS:
        forget_all_parts()


def relation_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A story's tags or people changed, from either side of the relation."""
    if not action.startswith("post_"):
        return
    kind = PUBLIC_RELATIONS[sender]
    if pk_set is None:
        # Cleared: which were there is no longer known.
        invalidate_pages()
        forget_all_parts()
    elif not reverse:
        invalidate(*story_keys(instance.pk), *(list_key(kind, pk) for pk in pk_set))
        forget_parts(instance.pk)
    else:
        invalidate(list_key(kind, instance.pk), *(key for pk in pk_set for key in story_keys(pk)))
        forget_parts(*pk_set)


def connect():
    """Connect the receivers (ArticlesConfig.ready); connecting twice changes nothing."""
    pre_save.connect(story_saving, sender=Article, dispatch_uid="pages-story-saving")
    pre_delete.connect(story_deleting, sender=Article, dispatch_uid="pages-story-deleting")
    for signal in (post_save, post_delete):
        signal.connect(story_changed, sender=Article, dispatch_uid=f"pages-story-{signal is post_save}")
        for model in STORY_PARTS:
            signal.connect(
                part_changed, sender=model, dispatch_uid=f"pages-{model._meta.label}-{signal is post_save}"
            )
        for model in (*SUBJECTS, Image, Credit, ReleaseDate, SlugRedirect):
            signal.connect(
                shown_changed,
                sender=model,
                dispatch_uid=f"pages-{model._meta.label}-{signal is post_save}",
            )
    for model in STORY_PARTS:
        pre_save.connect(part_saving, sender=model, dispatch_uid=f"parts-{model._meta.label}-moving")
    for through in PUBLIC_RELATIONS:
        m2m_changed.connect(relation_changed, sender=through, dispatch_uid=f"pages-{through._meta.label}")
