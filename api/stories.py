"""Stories: a list filtered by subject, kind, time and search, a page at a time by cursor; one
story whole, by id or by slug, as its page shows it.

Every story comes from Article.objects.live(); a preview token (api.auth) may also read, one at
a time, the unpublished stories its owner could preview. What an answer shows is recorded for
the page cache (newsroom.dependencies), which keeps it and purges it like a page.
"""

from datetime import datetime
from typing import Annotated, Literal

from django.http import Http404, HttpResponsePermanentRedirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema
from taggit.models import Tag

from articles import listings, paging
from articles.forms import SearchForm
from articles.models import (
    Article,
    ArticleFilm,
    Author,
    Citation,
    Correction,
    Film,
    Person,
    RelatedLink,
    SlugRedirect,
    Source,
    TaggedStory,
    public_subjects,
    visible_links,
)
from articles.models.bounds import AFTER_LATEST_MOMENT, EARLIEST_MOMENT
from articles.search.matching import newest_matches
from articles.story_page import StoryPage, with_page_data
from articles.workflow import stage
from newsroom.dependencies import (
    MISSING,
    SEARCH,
    STORIES,
    depends_on,
    depends_on_cards,
    list_key,
    subject_key,
)

from . import represent
from .errors import BadRequest
from .schemas import ErrorBody, StoryList, StoryOut

router = Router(tags=["stories"])

# What `include=` adds to the stories of a list (a story alone has them all).
INCLUDES = ("bylines", "tags", "films", "people", "citations", "links", "corrections")
FIELDS = tuple(StoryOut.model_fields)
# The subject filters: each parameter (also the subject's kind, as keys name it) and its model.
SUBJECTS = (("tag", Tag), ("film", Film), ("person", Person), ("source", Source), ("author", Author))
MAX_ID = 2**63 - 1
ERRORS = {400: ErrorBody, 401: ErrorBody, 404: ErrorBody}

# A slug as addresses have them (articles.urls.UnicodeSlugConverter): letters and digits in any
# script, hyphens and underscores. Nothing else (a NUL byte, say) reaches a query.
SLUG = r"^[-\w]+$"
Slug = Annotated[
    str | None, Field(None, max_length=220, pattern=SLUG, description="A slug, as in the subject's address.")
]


def names_pattern(names):
    """A comma-separated list of some of `names`, as a regular expression."""
    name = f"(?:{'|'.join(names)})"
    return f"^{name}(?:,{name})*$"


class StoryFilters(Schema):
    tag: Slug
    film: Slug
    person: Slug
    source: Slug
    author: Slug
    kind: Literal[tuple(Article.Kind.values)] | None = Field(None, description="A kind of story.")
    since: datetime | None = Field(
        None,
        description="Published at or after this moment (ISO 8601; without an offset, the newsroom's time).",
    )
    until: datetime | None = Field(None, description="Published before this moment.")
    q: str | None = Field(
        None, max_length=200, description="Words to search for, as the site's search reads them."
    )
    fields: str | None = Field(
        None,
        max_length=400,
        pattern=names_pattern(FIELDS),
        description="Only these fields, comma-separated (`id` always comes), e.g. `headline,url`.",
    )
    include: str | None = Field(
        None,
        max_length=200,
        pattern=names_pattern(INCLUDES),
        description=f"Add these to each story, comma-separated: {', '.join(INCLUDES)}.",
    )
    limit: int = Field(20, ge=1, le=100)
    cursor: str | None = Field(
        None, pattern=paging.CURSOR.pattern, description="From a previous page's `next_cursor`."
    )


@router.get(
    "/stories",
    response={200: StoryList, **ERRORS},
    url_name="stories",
    exclude_unset=True,
    summary="Live stories, newest first",
)
def list_stories(request, filters: Query[StoryFilters]):
    return story_list(request, filters, "stories")


@router.get(
    "/stories/{story_id}",
    response={200: StoryOut, **ERRORS},
    url_name="story",
    exclude_unset=True,
    summary="A story, whole",
)
def story_by_id(request, story_id: Annotated[int, Path(ge=1, le=MAX_ID)]):
    return story_detail(request, pk=story_id)


@router.get(
    "/stories/by-slug/{slug}",
    response={200: StoryOut, 301: None, **ERRORS},
    url_name="story_by_slug",
    exclude_unset=True,
    summary="A story, whole, by the slug in its address",
    description="An old slug of a story answers 301 to the story's current address in the API.",
)
def story_by_slug(request, slug: Annotated[str, Path(max_length=200, pattern=SLUG)]):
    try:
        return story_detail(request, slug=slug)
    except Http404:
        moved = SlugRedirect.objects.filter(old_slug=slug, article__in=Article.objects.live()).first()
        if moved is None:
            raise
        target = reverse("api:story_by_slug", kwargs={"slug": moved.article.slug})
        return HttpResponsePermanentRedirect(target)


def story_list(request, filters, name, **kwargs):
    """A page of live stories matching `filters` (StoryFilters), for the operation `name`."""
    fields, includes = chosen(filters.fields), chosen(filters.include)
    subjects = public_subjects_named(filters)
    stories = narrowed(Article.objects.live(), filters, subjects)
    cursor, limit = filters.cursor, filters.limit
    try:
        if subjects is None:
            found, following = [], None
        elif filters.q:
            found, following = searched(stories, filters.q, cursor, limit)
        elif list(subjects) == ["tag"]:
            found, following = listings.newest_tagged(stories, subjects["tag"], cursor, limit)
        elif subjects:
            found, following = listings.newest_about(stories, cursor, limit)
        else:
            found, following = listings.newest(stories, cursor, limit)
    except Http404:
        raise Http404("No such page: the cursor is not one this API gave.") from None
    depends_on_cards(found)
    results = [represent.story_card(request, story) for story in found]
    add_parts(request, found, results, includes)
    return represent.page(request, [trimmed(result, fields) for result in results], following, name, **kwargs)


def chosen(value):
    """The names in `value`, a comma-separated list the schema's pattern has checked."""
    return set(value.split(",")) if value else set()


def public_subjects_named(filters):
    """The subjects the filters name, by parameter ({"film": <Film>}), the list's dependencies
    recorded; None if one is not public (no live story is about it), which is as good as
    unknown: no stories."""
    subjects = {}
    for param, model in SUBJECTS:
        if getattr(filters, param):
            subjects[param] = public_subjects(model).filter(slug=getattr(filters, param)).first()
            if subjects[param] is None:
                depends_on(MISSING)
                return None
            depends_on(list_key(param, subjects[param].pk))
    if not subjects:
        depends_on(STORIES)
    return subjects


def narrowed(stories, filters, subjects):
    """`stories` narrowed to the `subjects`, the kind and the time range."""
    for param, subject in (subjects or {}).items():
        stories = {
            "tag": stories.tagged,
            "film": stories.about_film,
            "person": stories.about_person,
            "source": stories.citing,
            "author": stories.by_author,
        }[param](subject)
    if filters.kind:
        stories = stories.filter(kind=filters.kind)
    for param, lookup in (("since", "publish_at__gte"), ("until", "publish_at__lt")):
        moment = getattr(filters, param)
        if moment is not None:
            moment = moment if timezone.is_aware(moment) else timezone.make_aware(moment)
            stories = stories.filter(**{lookup: within_bounds(moment)})
    return stories


def within_bounds(moment):
    """`moment` brought within the times a story can have (articles.models.bounds): a moment
    before them all means the same as the first one, and the database can hold it."""
    return min(max(moment, EARLIEST_MOMENT), AFTER_LATEST_MOMENT)


def searched(stories, text, cursor, limit):
    """The newest `limit` stories among `stories` matching `text` (the site's search), after
    `cursor`, newest first: for an API, the newest matches, not the best ranked."""
    form = SearchForm({"q": text})
    if not form.is_valid():
        raise BadRequest({"q": form.errors["q"]})
    depends_on(SEARCH)
    if cursor:
        stories = stories.filter(paging.older(*paging.decode(cursor)))
    ids = newest_matches(stories, text, form.tree, limit + 1)
    return listings.page(Article.objects.filter(pk__in=ids).order_by(*listings.NEWEST_FIRST), limit)


def add_parts(request, stories, results, includes):
    """Add the `includes` to each story's result: one query per part for the whole page."""
    ids = [story.pk for story in stories]
    if not includes or not ids:
        return
    parts = {}
    if "bylines" in includes:
        parts["bylines"] = {story.pk: represent.byline_list(request, story.byline_list) for story in stories}
    if "tags" in includes:
        links = TaggedStory.objects.filter(content_object__in=ids).select_related("tag").order_by("tag__name")
        parts["tags"] = grouped(links, "content_object_id", lambda link: represent.tag(request, link.tag))
        depends_on(*(subject_key("tag", link.tag_id) for link in links))
    if "films" in includes:
        links = ArticleFilm.objects.filter(article__in=ids).select_related("film")
        parts["films"] = grouped(links, "article_id", lambda link: represent.film_links(request, [link])[0])
        depends_on(*(subject_key("film", link.film_id) for link in links))
    if "people" in includes:
        links = Article.people.through.objects.filter(article__in=ids).select_related("person")
        parts["people"] = grouped(
            links, "article_id", lambda link: represent.person_ref(request, link.person)
        )
        depends_on(*(subject_key("person", link.person_id) for link in links))
    if "citations" in includes:
        rows = Citation.objects.filter(article__in=ids).select_related("source")
        parts["citations"] = grouped(rows, "article_id", lambda row: represent.citations(request, [row])[0])
        depends_on(*(subject_key("source", row.source_id) for row in rows))
    if "links" in includes:
        rows = visible_links(list(RelatedLink.objects.filter(article__in=ids).select_related("source")))
        parts["links"] = grouped(rows, "article_id", lambda row: represent.related_links(request, [row])[0])
        depends_on(*(subject_key("source", row.source_id) for row in rows if row.source_id))
    if "corrections" in includes:
        rows = Correction.objects.filter(article__in=ids)
        parts["corrections"] = grouped(rows, "article_id", lambda row: represent.corrections([row])[0])
    for story, result in zip(stories, results, strict=True):
        for part, by_story in parts.items():
            result[part] = by_story.get(story.pk, [])


def grouped(rows, key, shown):
    by_story = {}
    for row in rows:
        by_story.setdefault(getattr(row, key), []).append(shown(row))
    return by_story


def trimmed(result, fields):
    if not fields:
        return result
    return {name: value for name, value in result.items() if name in fields or name == "id"}


def story_detail(request, **lookup):
    """The story found by `lookup` whole, if live, or previewable with the request's token. A
    preview says its workflow stage in `status` (articles.workflow.stage)."""
    access = request.auth
    story = with_page_data(Article.objects.live()).filter(**lookup).first()
    if story is None and access.previews:
        story = with_page_data(Article.objects.all()).filter(**lookup).first()
        if story is not None and not access.may_preview(story):
            story = None
    if story is None:
        raise Http404("No live story is there.")
    page = StoryPage.build(story, request)
    return {
        **represent.story_card(request, story, stage(story)),
        "updated_at": story.updated_at,
        "bylines": represent.byline_list(request, page.bylines),
        "tags": [represent.tag(request, tag) for tag in page.tags],
        "films": represent.film_links(request, page.parts.film_links),
        "people": [represent.person_ref(request, person) for person in page.people],
        "citations": represent.citations(request, page.parts.citations),
        "links": represent.related_links(request, page.links),
        "corrections": represent.corrections(page.corrections),
        "body_html": render_to_string("api/story_body.html", {"page": page}, request=request),
        "video_url": story.video_url,
        "video_caption": story.video_caption,
        "review": represent.review(request, page.review, story),
        "json_ld": page.structured_data,
    }
