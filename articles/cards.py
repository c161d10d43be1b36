"""Story cards: a page of a story list, fetched in one query compiled once per process.

A card (articles/includes/story_card.html) shows a story's kind, headline, dek, bylines,
date and lead image. A list fetches only those columns, the lead image's by a join and the
bylines folded in (articles.models.folding), so that a page is one query and not a query
and a prefetch; and it runs that query compiled once (articles.prepared), since building
and compiling it cost the ORM more than the database spends running it.

Pages go back in time by keyset (articles.paging): every query here takes the moment and
id of the last story already shown, and gives the `size` stories older than it and one
more, whose presence says there is an older page.
"""

from datetime import UTC, datetime
from functools import cache

from django.db.models import F, Q
from taggit.models import Tag

from .models import Article, Author, Byline, Image
from .models.folding import attach, folded, record, unfold
from .paging import older
from .prepared import Prepared

# What a card shows, and the publication time its page is ordered and paged by.
CARD_FIELDS = ("headline", "slug", "dek", "kind", "is_exclusive", "publish_at", "first_published_at")
NEWEST_FIRST = ("-publish_at", "-id")
IN_ORDER = ["order", "id"]
# The lead image's columns a card shows (picture()), in the model's order (Image.from_db).
CARD_IMAGE_FIELDS = [
    field.attname
    for field in Image._meta.concrete_fields
    if field.attname in {"id", "file", "alt_text", "width", "height", "renditions"}
]
IMAGE_PREFIX = "lead_image_column_"

# Stand-ins no real value equals (see Prepared): moments no story is published at, ids no row has.
PUBLISH_AT = Article._meta.get_field("publish_at")
CURSOR_PLACEHOLDERS = {
    "at": (datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=UTC), PUBLISH_AT),
    "moment": (datetime(1902, 3, 4, 5, 6, 7, 890123, tzinfo=UTC), PUBLISH_AT),
    "last": (-7_301_019, Article._meta.pk),
}


def byline_rows(*author_fields):
    """The story's bylines with their authors (the columns `author_fields`, or every one)."""
    return folded(Byline.objects, "article", "id", "order", author=record("author", Author, *author_fields))


def with_card_data(queryset, *more_fields):
    """`queryset` reading only what a card shows (and `more_fields`): its lead image's columns
    by a join, its bylines folded in. unfold_card_data() turns each story it gives into a card."""
    return queryset.only(*CARD_FIELDS, *more_fields).annotate(
        **lead_image_columns(CARD_IMAGE_FIELDS), byline_rows=byline_rows("id", "name", "slug")
    )


def unfold_card_data(story):
    """`story.lead_image` and `story.bylines.all()` from the card's columns, with no query."""
    story.lead_image = joined_lead_image(story, CARD_IMAGE_FIELDS)
    return unfold_bylines(story)


def lead_image_columns(names):
    """Annotations reading a story's lead image's columns `names` (the first its id, all in the
    model's order) by a join: folding the row into JSON cost the database more."""
    return {f"{IMAGE_PREFIX}{name}": F(f"lead_image__{name}") for name in names}


def joined_lead_image(story, names):
    """The lead image read by lead_image_columns(names), or None; the columns leave `story`."""
    values = [story.__dict__.pop(f"{IMAGE_PREFIX}{name}") for name in names]
    return None if values[0] is None else Image.from_db(story._state.db, names, values)


def unfold_bylines(story):
    """`story.bylines.all()` from its folded bylines, in the editors' order."""
    attach(story, "bylines", unfold(Byline, story.byline_rows, order_by=IN_ORDER))
    return story


def cards_of(chosen):
    """The cards of the stories whose ids the subquery `chosen` gives, newest first: a subject's
    page is chosen on indexed columns, and only its stories are then read whole."""
    return with_card_data(Article.objects.filter(pk__in=chosen)).order_by(*NEWEST_FIRST)


def subject_placeholders(subject_model):
    """CURSOR_PLACEHOLDERS and `subject`, the id of a `subject_model` row."""
    return CURSOR_PLACEHOLDERS | {"subject": (-7_301_020, subject_model._meta.pk)}


def page(query, **values):
    """The cards `query` (one of the functions below) gives for `values`: the moment `at` that
    decides what is live, the cursor's `moment` and `last` id, and the query's own values."""
    return [unfold_card_data(story) for story in query(**values)]


@cache
def latest(size):
    """The newest live stories: the home page."""

    def build(at, moment, last):
        newest = Article.objects.live(at).filter(older(moment, last)).order_by(*NEWEST_FIRST)
        return with_card_data(newest)[: size + 1]

    return Prepared("latest_cards", Article, build, **CURSOR_PLACEHOLDERS)


@cache
def tagged(size):
    """The newest live stories with one tag, whose id is the value `subject`.

    Each of a tag's links keeps its story's publication time (articles.models.tagging), so the
    page is a walk down the tag's links newest first, testing each story for live(), which stops
    once the page is full: a tag on thousands of stories costs what one on twenty does.
    """

    def build(at, moment, last, subject):
        links = Q(tag_links__tag=subject) & older(
            moment, last, "tag_links__publish_at", "tag_links__content_object"
        )
        chosen = Article.objects.live(at).filter(links).order_by("-tag_links__publish_at", "-id")
        return cards_of(chosen.values("pk")[: size + 1])

    return Prepared("tagged_cards", Article, build, **subject_placeholders(Tag))


@cache
def about(lookup, subject_model, size):
    """The newest live stories about one `subject_model`, whose id is the value `subject`,
    reached from a story by the relation path `lookup` (see ArticleQuerySet.about).

    A subject's stories are scattered through the archive: the page is chosen among them by
    id on indexed columns (article_live_by_id on PostgreSQL), and only its stories are then
    read whole. The plan is left to the server for each call (no PREPARE): a subject with a
    few stories and one with thousands want different ones.
    """

    def build(at, moment, last, subject):
        chosen = Article.objects.live(at).about(lookup, subject).filter(older(moment, last))
        return cards_of(chosen.order_by(*NEWEST_FIRST).values("pk")[: size + 1])

    placeholders = subject_placeholders(subject_model)
    return Prepared(f"cards_about_{lookup}", Article, build, server_side=False, **placeholders)
