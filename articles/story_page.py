"""What a story page shows, fetched in one query whatever the story's size.

The story comes with its lead image joined and everything else around it folded in as
JSON (articles.models.folding): bylines, tags, people, films with their release dates,
citations, related links that readers may see, and corrections. Readers' requests run the
query compiled once (articles.prepared); previews build it afresh around any story.
"""

from datetime import UTC, datetime

from django.utils import timezone
from taggit.models import Tag

from .cards import IN_ORDER, byline_rows, joined_lead_image, lead_image_columns, unfold_bylines
from .models import (
    Article,
    ArticleFilm,
    Citation,
    Correction,
    Film,
    Image,
    Person,
    RelatedLink,
    ReleaseDate,
    Source,
    TaggedStory,
)
from .models.folding import attach, every_column, folded, record, unfold
from .prepared import Prepared

# Large columns the page does not show: the search vector and the body's plain-text copy.
UNSHOWN = ("search_vector", "body_text")
RELEASE_DATE_FIELDS = ("id", "film_id", "kind", "country", "date", "precision", "note")


# The lead image's columns, every one, read by a join (cards.lead_image_columns).
LEAD_IMAGE_FIELDS = every_column(Image)


def with_story_page_data(queryset, at=None):
    """`queryset` with each story's page data folded in; related links are those visible at
    `at` (by default now)."""
    return queryset.defer(*UNSHOWN).annotate(
        **lead_image_columns(LEAD_IMAGE_FIELDS),
        byline_rows=byline_rows(),
        tag_rows=folded(
            TaggedStory.objects,
            "content_object",
            id="tag_id",
            name="tag__name",
            slug="tag__slug",
        ),
        people_rows=folded(
            Article.people.through.objects,
            "article",
            id="person_id",
            name="person__name",
            slug="person__slug",
        ),
        film_rows=folded(
            ArticleFilm.objects,
            "article",
            "id",
            "order",
            "show_release_dates",
            film=record("film", Film),
            release_date_rows=folded(ReleaseDate.objects, "film", *RELEASE_DATE_FIELDS, outer="film_id"),
        ),
        citation_rows=folded(
            Citation.objects, "article", "id", "role", "url", "order", source=record("source", Source)
        ),
        link_rows=folded(
            RelatedLink.objects.visible(at),
            "article",
            "id",
            "placement",
            "after_paragraph",
            "url",
            "title",
            "order",
            target_article=record("target_article", Article, "id", "headline", "slug"),
            source=record("source", Source),
        ),
        correction_rows=folded(Correction.objects, "article", "id", "kind", "note", "created_at"),
    )


# A live story by its address, as readers ask for it.
LIVE_STORY = Prepared(
    "live_story",
    Article,
    lambda at, slug: with_story_page_data(Article.objects.live(at).filter(slug=slug).order_by(), at),
    at=(datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=UTC), Article._meta.get_field("publish_at")),
    slug=("stand-in-for-a-story-address", Article._meta.get_field("slug")),
)


def live_story(slug):
    """The live story at `slug` with its page data folded in (see unfolded()), or None."""
    found = LIVE_STORY(at=timezone.now(), slug=slug)
    return found[0] if found else None


def unfolded(story):
    """`story` with its folded lists turned back into instances: its lead image, and its bylines
    and other reverse relations (citations, film links, related links) as if fetched and
    prefetched; the rest as lists: `tag_list`, `person_list`, `correction_list`."""
    story.lead_image = joined_lead_image(story, LEAD_IMAGE_FIELDS)
    unfold_bylines(story)
    attach(story, "citations", unfold(Citation, story.citation_rows, order_by=IN_ORDER))
    attach(story, "film_links", unfold(ArticleFilm, story.film_rows, order_by=IN_ORDER))
    attach(story, "related_links", unfold(RelatedLink, story.link_rows, order_by=IN_ORDER))
    story.tag_list = unfold(Tag, story.tag_rows, order_by=["name"])
    story.person_list = unfold(Person, story.people_rows, order_by=["name"])
    story.correction_list = unfold(Correction, story.correction_rows, order_by=["created_at", "id"])
    return story


def release_dates(film_link):
    """The release dates folded into a film link's row."""
    return unfold(ReleaseDate, film_link.release_date_rows)
