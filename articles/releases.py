"""The release calendar: public films' release dates by week or by month.

Only films a live story is about have release dates readers see (articles.models.subjects): a
date announced in an embargoed story stays hidden with it. A calendar page reads its releases in
a constant number of queries: the dates of its period with their films and posters joined, the
dates still without a day (year only, or to be announced), and the latest live story about each
film shown. The iCalendar feeds (articles.calendars) read the same dates.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import groupby

from django.db.models import Case, OuterRef, Q, Subquery, Value, When
from django.utils.dateformat import format as format_date

from .listings import NEWEST_FIRST
from .models import Article, Film, ReleaseDate, has_live_story
from .models.bounds import EARLIEST, LATEST

WEEK, MONTH = "week", "month"
# The most dates a calendar page lists in its period, and in its "not yet dated" list.
MOST_DATED = 400
MOST_UNDATED = 60
# Days before today an iCalendar feed still holds (calendar apps keep what they have seen).
FEED_DAYS_BACK = 90
# The most events an iCalendar feed holds.
MOST_EVENTS = 2000
PRECISIONS_IN_ORDER = [
    ReleaseDate.Precision.DAY,
    ReleaseDate.Precision.MONTH,
    ReleaseDate.Precision.YEAR,
    ReleaseDate.Precision.TBA,
]


@dataclass(frozen=True)
class Period:
    """A calendar week (Monday to Sunday) or month, from `start` to `end` (the first day after)."""

    unit: str
    start: date

    @classmethod
    def containing(cls, unit, day):
        if unit == WEEK:
            return cls(WEEK, day - timedelta(days=day.weekday()))
        return cls(MONTH, day.replace(day=1))

    @property
    def end(self):
        if self.unit == WEEK:
            return self.start + timedelta(days=7)
        days = calendar.monthrange(self.start.year, self.start.month)[1]
        return self.start + timedelta(days=days)

    @property
    def last_day(self):
        return self.end - timedelta(days=1)

    def __str__(self):
        if self.unit == MONTH:
            return format_date(self.start, "F Y")
        last = self.last_day
        if last.month == self.start.month:
            return f"{self.start.day}–{format_date(last, 'j F Y')}"
        if last.year == self.start.year:
            return f"{format_date(self.start, 'j F')} – {format_date(last, 'j F Y')}"
        return f"{format_date(self.start, 'j F Y')} – {format_date(last, 'j F Y')}"

    def before(self):
        """The period before this one, or None before the calendar's first."""
        if self.start - timedelta(days=1) < EARLIEST:
            return None
        return Period.containing(self.unit, self.start - timedelta(days=1))

    def after(self):
        """The period after this one, or None after the calendar's last."""
        if self.end > LATEST:
            return None
        return Period.containing(self.unit, self.end)

    def holds(self, day):
        return self.start <= day < self.end


def public_releases():
    """Release dates of the films a live story is about, with their films and posters."""
    return ReleaseDate.objects.filter(has_live_story(Film, subject="film")).select_related("film__poster")


def narrowed(releases, country=None, kinds=()):
    """`releases` in `country` (a code; None: anywhere) of `kinds` (none: every kind)."""
    if country:
        releases = releases.filter(country=country)
    if kinds:
        releases = releases.filter(kind__in=kinds)
    return releases


def in_order(releases):
    """Dates first, then those known to the month, the year, or to be announced; each by date,
    then film and format."""
    precision = Case(
        *(When(precision=value, then=Value(rank)) for rank, value in enumerate(PRECISIONS_IN_ORDER))
    )
    return releases.alias(precision_rank=precision).order_by(
        "precision_rank", "date", "film__title", "film_id", "kind", "country"
    )


@dataclass
class Day:
    """The releases under one heading of a calendar page: a day, a month or "not yet dated"."""

    heading: str
    day: date | None
    releases: list


def calendar_page(period, country=None, kinds=(), today=None):
    """What the calendar shows for `period`: its days (a Day each, in order, with its releases),
    its releases known to the month only (a month's page; a Day headed by the month), and, for a
    period not yet over on `today`, the releases dated to its year only or still to be
    announced. Each release has `latest_story` (the newest live story about its film)."""
    releases = narrowed(public_releases(), country, kinds)
    shown = [ReleaseDate.Precision.DAY] + ([ReleaseDate.Precision.MONTH] if period.unit == MONTH else [])
    dated = list(
        in_order(releases.filter(date__gte=period.start, date__lt=period.end, precision__in=shown))[
            :MOST_DATED
        ]
    )
    undated = []
    if today is None or period.end > today:
        later = Q(precision=ReleaseDate.Precision.YEAR, date__year=period.start.year) | Q(
            precision=ReleaseDate.Precision.TBA
        )
        undated = list(in_order(releases.filter(later))[:MOST_UNDATED])
    with_latest_stories([*dated, *undated])
    days = []
    for (precision, day), group in groupby(dated, key=heading_of):
        group = list(group)
        if precision == ReleaseDate.Precision.DAY:
            days.append(Day(format_date(day, "l j F"), day, group))
        else:
            days.append(Day(format_date(group[0].date, "F Y"), None, group))
    return days, undated


def heading_of(release):
    """What a release is listed under: its day, or (known to the month only) its month."""
    if release.precision == ReleaseDate.Precision.DAY:
        return release.precision, release.date
    return release.precision, None


def with_latest_stories(releases):
    """Give each release `latest_story`: the newest live story about its film, in one query."""
    film_ids = {release.film_id for release in releases}
    newest = Article.objects.live().filter(film_links__film=OuterRef("pk")).order_by(*NEWEST_FIRST)
    latest_ids = dict(
        Film.objects.filter(pk__in=film_ids)
        .annotate(latest=Subquery(newest.values("pk")[:1]))
        .values_list("pk", "latest")
    )
    stories = Article.objects.only("headline", "slug").in_bulk(filter(None, latest_ids.values()))
    for release in releases:
        release.latest_story = stories.get(latest_ids.get(release.film_id))


def feed_releases(releases, today, with_months=False):
    """The releases a calendar feed holds, from `releases`: those on a known day (or month, if
    `with_months`) from FEED_DAYS_BACK days before `today` on, in order."""
    precisions = [ReleaseDate.Precision.DAY] + ([ReleaseDate.Precision.MONTH] if with_months else [])
    recent = releases.filter(precision__in=precisions, date__gte=today - timedelta(days=FEED_DAYS_BACK))
    return list(in_order(recent)[:MOST_EVENTS])


def in_feed(release, today):
    """Whether a calendar feed (without months) as of `today` holds `release`: as feed_releases()
    picks them, for a film page that offers its feed only when it holds something."""
    return release.precision == ReleaseDate.Precision.DAY and release.date >= today - timedelta(
        days=FEED_DAYS_BACK
    )


# What "in cinemas" means: these formats, released on a known day at most so long ago.
CINEMA_KINDS = [ReleaseDate.Kind.THEATRICAL, ReleaseDate.Kind.LIMITED]
CINEMA_RUN = timedelta(days=28)
COMING_SOON = timedelta(days=90)
MOST_SHOWN = 12


def in_cinemas(today, country):
    """Films in cinemas in `country` on `today` (released there in the last four weeks, newest
    first) and coming soon (the next three months, soonest first), each a release date with its
    film: {"now": [...], "soon": [...]}; a film appears once in each, at its first date."""
    cinema = narrowed(public_releases(), country, CINEMA_KINDS).filter(precision=ReleaseDate.Precision.DAY)
    now = cinema.filter(date__gt=today - CINEMA_RUN, date__lte=today).order_by("-date", "film__title")
    soon = cinema.filter(date__gt=today, date__lte=today + COMING_SOON).order_by("date", "film__title")
    return {"now": once_per_film(now), "soon": once_per_film(soon)}


def once_per_film(releases):
    """The first MOST_SHOWN releases of different films among `releases`."""
    seen, shown = set(), []
    for release in releases[: MOST_SHOWN * 4]:
        if release.film_id not in seen:
            seen.add(release.film_id)
            shown.append(release)
    return shown[:MOST_SHOWN]
