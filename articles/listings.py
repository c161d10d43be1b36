"""Story lists: a page of live stories as cards, newest first, older pages by keyset.

A card (the `story_card` macro) shows a story's kind, headline, dek, bylines, date and lead
image. A page reads only those, in two queries whatever its length: the stories with their lead
images joined, and their bylines with their authors. It asks for one story more than it shows,
whose presence says there is an older page (articles.paging).
"""

from django.conf import settings
from django.db.models import Prefetch, Q
from django.http import Http404

from . import paging
from .models import Article, Byline

CARD_FIELDS = (
    "headline",
    "slug",
    "dek",
    "kind",
    "is_exclusive",
    "publish_at",
    "first_published_at",
    "rating",
)
CARD_IMAGE_FIELDS = ("file", "alt_text", "credit", "width", "height", "renditions")
NEWEST_FIRST = ("-publish_at", "-id")


def bylines():
    """Bylines in order, each with its author's name and address: for a whole list of stories in
    one query."""
    return Byline.objects.select_related("author").only("article", "order", "author__name", "author__slug")


def as_cards(stories, *more_fields):
    """`stories` reading only what a card shows (and `more_fields`), each with its lead image and
    its bylines (`byline_list`) in hand."""
    image_fields = [f"lead_image__{name}" for name in CARD_IMAGE_FIELDS]
    return (
        stories.only(*CARD_FIELDS, *more_fields, *image_fields)
        .select_related("lead_image")
        .prefetch_related(Prefetch("bylines", queryset=bylines(), to_attr="byline_list"))
    )


def newest(stories, cursor=None, size=None):
    """A page of `stories` (live ones) newest first, starting after `cursor` (None: the newest),
    of `size` stories (by default NEWSROOM_PAGE_SIZE). Returns the page's stories and the cursor
    of the next, older page (None at the end)."""
    if cursor:
        stories = stories.filter(paging.older(*paging.decode(cursor)))
    return page(stories.order_by(*NEWEST_FIRST), size)


def newest_about(stories, cursor=None, size=None):
    """Like newest(), for stories about one subject: a subject's stories are scattered through
    the archive, so the page is chosen first by id on indexed columns, then only its stories are
    read whole."""
    if cursor:
        stories = stories.filter(paging.older(*paging.decode(cursor)))
    size = size or settings.NEWSROOM_PAGE_SIZE
    chosen = stories.order_by(*NEWEST_FIRST).values("pk")[: size + 1]
    return page(Article.objects.filter(pk__in=chosen).order_by(*NEWEST_FIRST), size)


def newest_tagged(stories, tag, cursor=None, size=None):
    """Like newest(), for the stories with `tag`: a walk down the tag's links newest first, by the
    publication time each link keeps a copy of (articles.models.tagging), which stops once the
    page is full. The links' conditions go in one filter(), so they apply to the same link."""
    links = Q(tag_links__tag=tag)
    if cursor:
        links &= paging.older(*paging.decode(cursor), "tag_links__publish_at", "tag_links__content_object")
    return page(stories.filter(links).order_by("-tag_links__publish_at", "-id"), size)


def page(ordered, size=None):
    """The first page of `size` cards (by default NEWSROOM_PAGE_SIZE) of the `ordered` stories,
    and the cursor of the page after it."""
    size = size or settings.NEWSROOM_PAGE_SIZE
    return paging.split(list(as_cards(ordered)[: size + 1]), size)


def by_name(subjects, field, after=None, size=100):
    """A page of `subjects` (films, people or sources) in the order of their `field` (title or
    name), then slug, starting after the one whose slug is `after`; and the slug to start the
    next page after (None at the end). Keyset paging: no OFFSET."""
    if after:
        last = subjects.model.objects.filter(slug=after).values(field, "slug").first()
        if last is None:
            raise Http404("No such page.")
        subjects = subjects.filter(
            Q(**{f"{field}__gt": last[field]}) | Q(**{field: last[field], "slug__gt": last["slug"]})
        )
    found = list(subjects.order_by(field, "slug")[: size + 1])
    return found[:size], (found[size - 1].slug if len(found) > size else None)
