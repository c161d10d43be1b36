"""Films, with their credits and release dates, and release dates across films.

Only public films (those a live story is about) are here, as on the site: a film announced in
an embargoed story stays hidden with it, and so do its dates (articles.releases).
"""

from datetime import date
from typing import Literal

from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from articles.models import Credit, Film, Person, ReleaseDate, has_live_story, public_subjects
from articles.models.bounds import EARLIEST, LATEST
from articles.releases import public_releases
from newsroom.dependencies import RELEASES, STORIES, depends_on, list_key, subject_key

from . import represent
from .schemas import FilmList, FilmOut, ReleaseDateList, StoryList
from .stories import ERRORS, StoryFilters, story_list
from .subjects import SlugPath, SubjectFilters, by_name

router = Router(tags=["films"])


class ReleaseFilters(Schema):
    start: date | None = Field(None, alias="from", description="On or after this day (YYYY-MM-DD).")
    end: date | None = Field(None, alias="to", description="On or before this day.")
    country: str | None = Field(None, pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2, e.g. US.")
    kind: Literal[tuple(ReleaseDate.Kind.values)] | None = Field(None, description="A kind of release.")
    limit: int = Field(50, ge=1, le=100)
    cursor: str | None = Field(
        None, pattern=r"^\d{4}-\d{2}-\d{2}\.\d{1,18}$", description="From a previous page's `next_cursor`."
    )


@router.get("/films", response={200: FilmList, **ERRORS}, url_name="films", summary="Films A to Z")
def list_films(request, filters: Query[SubjectFilters]):
    films, following = by_name(public_subjects(Film), "title", filters)
    depends_on(STORIES, *(subject_key("film", film.pk) for film in films))
    return represent.page(request, [represent.film_ref(request, film) for film in films], following, "films")


@router.get("/films/{slug}", response={200: FilmOut, **ERRORS}, url_name="film", summary="A film, whole")
def film_detail(request, slug: SlugPath):
    credits = Credit.objects.select_related("person").annotate(
        linked=has_live_story(Person, subject="person")
    )
    film = get_object_or_404(
        public_subjects(Film)
        .select_related("franchise", "poster")
        .prefetch_related(Prefetch("credits", queryset=credits), "release_dates"),
        slug=slug,
    )
    depends_on(subject_key("film", film.pk), list_key("film", film.pk), RELEASES)
    for credit in film.credits.all():
        depends_on(subject_key("person", credit.person_id), list_key("person", credit.person_id))
    if film.franchise_id:
        depends_on(subject_key("franchise", film.franchise_id))
    if film.poster_id:
        depends_on(subject_key("image", film.poster_id))
    return represent.film(request, film)


@router.get(
    "/films/{slug}/stories",
    response={200: StoryList, **ERRORS},
    url_name="film_stories",
    exclude_unset=True,
    summary="A film's live stories, newest first",
    description="Takes the filters of /stories too.",
)
def film_stories(request, slug: SlugPath, filters: Query[StoryFilters]):
    get_object_or_404(public_subjects(Film), slug=slug)
    filters.film = slug
    return story_list(request, filters, "film_stories", slug=slug)


@router.get(
    "/release-dates",
    response={200: ReleaseDateList, **ERRORS},
    url_name="release_dates",
    summary="Public films' release dates, by date",
    description="Dated releases (to the day, month or year) in date order; those still to be announced "
    "are listed with their film.",
)
def list_release_dates(request, filters: Query[ReleaseFilters]):
    releases = public_releases().select_related("film").filter(date__isnull=False)
    # A bound past the dates the newsroom holds (articles.models.bounds) means the same as theirs.
    if filters.start:
        releases = releases.filter(date__gte=min(max(filters.start, EARLIEST), LATEST))
    if filters.end:
        releases = releases.filter(date__lte=min(max(filters.end, EARLIEST), LATEST))
    if filters.country:
        releases = releases.filter(country=filters.country.upper())
    if filters.kind:
        releases = releases.filter(kind=filters.kind)
    if filters.cursor:
        day, pk = release_cursor(filters.cursor)
        releases = releases.filter(Q(date__gt=day) | Q(date=day, pk__gt=pk))
    found = list(releases.order_by("date", "pk")[: filters.limit + 1])
    following = (
        f"{found[filters.limit - 1].date.isoformat()}.{found[filters.limit - 1].pk}"
        if len(found) > filters.limit
        else None
    )
    depends_on(RELEASES, STORIES, *(subject_key("film", release.film_id) for release in found))
    results = [represent.release_date(request, release) for release in found[: filters.limit]]
    return represent.page(request, results, following, "release_dates")


def release_cursor(value):
    """The (date, id) a release-date cursor stands for ("2026-07-04.12"); 404 for an impossible date."""
    day, _, pk = value.partition(".")
    try:
        return date.fromisoformat(day), int(pk)
    except ValueError:
        raise Http404("No such page: the cursor is not one this API gave.") from None
