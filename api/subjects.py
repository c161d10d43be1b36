"""People, sources, authors and tags: each A to Z, one whole, and its live stories.

Only subjects a live story is about are public (articles.models.subjects): the rest answer
404, as their pages do.
"""

from typing import Annotated

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Router, Schema
from taggit.models import Tag

from articles import listings
from articles.models import KINDS, Author, Credit, Film, Person, Source, has_live_story, public_subjects
from newsroom.dependencies import STORIES, depends_on, list_key, subject_key

from . import represent
from .schemas import (
    AuthorList,
    AuthorOut,
    PersonList,
    PersonOut,
    SourceList,
    SourceOut,
    StoryList,
    TagList,
    TagOut,
)
from .stories import ERRORS, SLUG, StoryFilters, story_list

router = Router()

SlugPath = Annotated[
    str, Path(max_length=220, pattern=SLUG, description="The slug in the subject's address.")
]


class SubjectFilters(Schema):
    limit: int = Field(50, ge=1, le=100)
    cursor: str | None = Field(
        None,
        max_length=220,
        pattern=SLUG,
        description="From a previous page's `next_cursor`: the slug of the last subject before.",
    )


def by_name(subjects, field, filters):
    """A page of `subjects` A to Z by `field` (articles.listings.by_name) and the next cursor."""
    try:
        return listings.by_name(subjects, field, filters.cursor, filters.limit)
    except Http404:
        raise Http404("No such page: the cursor is not one this API gave.") from None


def subject_list(request, model, filters, shown, name):
    subjects, following = by_name(public_subjects(model), "name", filters)
    kind = KINDS[model]
    depends_on(STORIES, *(subject_key(kind, subject.pk) for subject in subjects))
    return represent.page(request, [shown(request, subject) for subject in subjects], following, name)


def public_subject(subjects, slug):
    """The public subject with `slug` among `subjects`, its dependencies recorded, or 404."""
    subject = get_object_or_404(subjects, slug=slug)
    kind = KINDS[subjects.model]
    depends_on(subject_key(kind, subject.pk), list_key(kind, subject.pk))
    return subject


def subject_stories(request, model, slug, filters, name):
    """The live stories about the public subject `slug` (and the other filters)."""
    get_object_or_404(public_subjects(model), slug=slug)
    setattr(filters, KINDS[model], slug)
    return story_list(request, filters, name, slug=slug)


@router.get(
    "/people",
    response={200: PersonList, **ERRORS},
    url_name="people",
    tags=["people"],
    summary="People A to Z",
)
def list_people(request, filters: Query[SubjectFilters]):
    return subject_list(request, Person, filters, represent.person_ref, "people")


@router.get(
    "/people/{slug}",
    response={200: PersonOut, **ERRORS},
    url_name="person",
    tags=["people"],
    summary="A person, with their credits",
)
def person_detail(request, slug: SlugPath):
    credits = (
        Credit.objects.select_related("film")
        .annotate(linked=has_live_story(Film, subject="film"))
        .order_by("-film__year", "order")
    )
    person = public_subject(
        public_subjects(Person).prefetch_related(Prefetch("credits", queryset=credits)), slug
    )
    for credit in person.credits.all():
        depends_on(subject_key("film", credit.film_id), list_key("film", credit.film_id))
    return represent.person(request, person)


@router.get(
    "/people/{slug}/stories",
    response={200: StoryList, **ERRORS},
    url_name="person_stories",
    exclude_unset=True,
    tags=["people"],
    summary="A person's live stories",
)
def person_stories(request, slug: SlugPath, filters: Query[StoryFilters]):
    return subject_stories(request, Person, slug, filters, "person_stories")


@router.get(
    "/sources",
    response={200: SourceList, **ERRORS},
    url_name="sources",
    tags=["sources"],
    summary="Sources A to Z",
)
def list_sources(request, filters: Query[SubjectFilters]):
    return subject_list(request, Source, filters, represent.source, "sources")


@router.get(
    "/sources/{slug}",
    response={200: SourceOut, **ERRORS},
    url_name="source",
    tags=["sources"],
    summary="A source",
)
def source_detail(request, slug: SlugPath):
    return represent.source(request, public_subject(public_subjects(Source), slug))


@router.get(
    "/sources/{slug}/stories",
    response={200: StoryList, **ERRORS},
    url_name="source_stories",
    exclude_unset=True,
    tags=["sources"],
    summary="The live stories citing a source",
)
def source_stories(request, slug: SlugPath, filters: Query[StoryFilters]):
    return subject_stories(request, Source, slug, filters, "source_stories")


@router.get(
    "/authors",
    response={200: AuthorList, **ERRORS},
    url_name="authors",
    tags=["authors"],
    summary="Authors A to Z",
)
def list_authors(request, filters: Query[SubjectFilters]):
    return subject_list(request, Author, filters, represent.author, "authors")


@router.get(
    "/authors/{slug}",
    response={200: AuthorOut, **ERRORS},
    url_name="author",
    tags=["authors"],
    summary="An author",
)
def author_detail(request, slug: SlugPath):
    return represent.author(request, public_subject(public_subjects(Author), slug))


@router.get(
    "/authors/{slug}/stories",
    response={200: StoryList, **ERRORS},
    url_name="author_stories",
    exclude_unset=True,
    tags=["authors"],
    summary="An author's live stories",
)
def author_stories(request, slug: SlugPath, filters: Query[StoryFilters]):
    return subject_stories(request, Author, slug, filters, "author_stories")


@router.get("/tags", response={200: TagList, **ERRORS}, url_name="tags", tags=["tags"], summary="Tags A to Z")
def list_tags(request, filters: Query[SubjectFilters]):
    return subject_list(request, Tag, filters, represent.tag, "tags")


@router.get("/tags/{slug}", response={200: TagOut, **ERRORS}, url_name="tag", tags=["tags"], summary="A tag")
def tag_detail(request, slug: SlugPath):
    return represent.tag(request, public_subject(public_subjects(Tag), slug))


@router.get(
    "/tags/{slug}/stories",
    response={200: StoryList, **ERRORS},
    url_name="tag_stories",
    exclude_unset=True,
    tags=["tags"],
    summary="A tag's live stories",
)
def tag_stories(request, slug: SlugPath, filters: Query[StoryFilters]):
    return subject_stories(request, Tag, slug, filters, "tag_stories")
