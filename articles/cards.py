"""Story cards: a page of a story list, fetched in one query compiled once per process.

A card (articles/includes/story_card.html) shows a story's kind, headline, dek, bylines,
date and lead image. A list fetches only those columns, with the lead image and the
bylines folded in (articles.models.folding), so that a page is one query and not a query
and a prefetch; and it runs that query compiled once (articles.prepared), since building
and compiling it cost the ORM more than the database spends running it.

Pages go back in time by keyset (articles.paging): every query here takes the moment and
id of the last story already shown, and gives the `size` stories older than it and one
more, whose presence says there is an older page.
"""

from datetime import UTC, datetime
from functools import cache

from .models import Article, Author, Byline, Image
from .models.folding import attach, every_column, folded, record, unfold
from .paging import older
from .prepared import Prepared

# What a card shows, and the publication time its page is ordered and paged by.
CARD_FIELDS = ("headline", "slug", "dek", "kind", "is_exclusive", "publish_at", "first_published_at")
NEWEST_FIRST = ("-publish_at", "-id")
IN_ORDER = ["order", "id"]

# Stand-ins no real value equals (see Prepared): moments no story is published at, ids no row has.
PUBLISH_AT = Article._meta.get_field("publish_at")
CURSOR_PLACEHOLDERS = {
    "at": (datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=UTC), PUBLISH_AT),
    "moment": (datetime(1902, 3, 4, 5, 6, 7, 890123, tzinfo=UTC), PUBLISH_AT),
    "last": (-7_301_019, Article._meta.pk),
}


def lead_image_rows():
    """The story's lead image, every column, as a folded list of at most one row."""
    return folded(Image.objects, "id", *every_column(Image), outer="lead_image_id")


def byline_rows(*author_fields):
    """The story's bylines with their authors (the columns `author_fields`, or every one)."""
    return folded(Byline.objects, "article", "id", "order", author=record("author", Author, *author_fields))


def with_card_data(queryset, *more_fields):
    """`queryset` reading only what a card shows (and `more_fields`), its lead image and bylines
    folded in: unfold_card_data() turns each story it gives into a card."""
    return queryset.only(*CARD_FIELDS, *more_fields).annotate(
        lead_image_rows=lead_image_rows(), byline_rows=byline_rows("id", "name", "slug")
    )


def unfold_card_data(story):
    """`story.lead_image` and `story.bylines.all()` from the folded lists, with no query."""
    images = unfold(Image, story.lead_image_rows)
    story.lead_image = images[0] if images else None
    attach(story, "bylines", unfold(Byline, story.byline_rows, order_by=IN_ORDER))
    return story


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
        chosen = chosen.order_by(*NEWEST_FIRST).values("pk")[: size + 1]
        return with_card_data(Article.objects.filter(pk__in=chosen)).order_by(*NEWEST_FIRST)

    placeholders = CURSOR_PLACEHOLDERS | {"subject": (-7_301_020, subject_model._meta.pk)}
    return Prepared(f"cards_about_{lookup}", Article, build, server_side=False, **placeholders)
