"""Release dates as iCalendar feeds (RFC 5545) readers subscribe to in their calendar apps.

Each feed holds one all-day event per release date (a film, format and country) of public films
(articles.releases): known to the day, or with `months=1` to the month as an event lasting the
month. An event's UID never changes and its SEQUENCE rises when the date moves, so a calendar app
refreshing the feed moves the event it already shows instead of adding a second one. DTSTAMP and
LAST-MODIFIED are the row's last change, not the time of the request, and the calendar's own UID
is its address: the same dates make the same file, which the page cache and calendar apps can keep.
"""

from datetime import UTC, timedelta
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views import View
from icalendar import Calendar, Event, vDuration

from newsroom.dependencies import RELEASES, STORIES, depends_on, depends_on_today, list_key, subject_key
from newsroom.site import absolute_url, site_url

from .forms import CalendarFeedForm
from .models import Film, Franchise, ReleaseDate, public_subjects
from .releases import MONTH, Period, feed_releases, narrowed, public_releases
from .text import without_control_characters

CONTENT_TYPE = "text/calendar; charset=utf-8"
PRODID = "-//Newsroom//Release dates//EN"
# How often calendar apps should fetch a feed again; the page cache answers in between.
REFRESH = timedelta(hours=12)


class CalendarFeedView(View):
    """An iCalendar feed of release dates, narrowed by CalendarFeedForm. Subclasses say which
    releases (`get_releases()`, recording what they depend on) and what the calendar is called
    (`name`, `description`)."""

    def get(self, request, *args, **kwargs):
        self.form = CalendarFeedForm(request.GET)
        if not self.form.is_valid():
            return HttpResponseBadRequest(self.form.problem(), content_type="text/plain; charset=utf-8")
        depends_on(RELEASES, STORIES)
        # The feed starts FEED_DAYS_BACK before today, a different day after midnight.
        depends_on_today()
        releases = narrowed(self.get_releases(), *self.form.choices())
        shown = feed_releases(releases, timezone.localdate(), with_months=self.form.cleaned_data["months"])
        depends_on(*{subject_key("film", release.film_id) for release in shown})
        filters = self.form.filters()
        calendar = Calendar.new(
            prodid=PRODID,
            calscale="GREGORIAN",
            method="PUBLISH",
            uid=absolute_url(request, request.get_full_path()),
            name=without_control_characters(
                f"{self.name()}: release dates" + (f" ({filters})" if filters else "")
            ),
            description=without_control_characters(self.description()),
            subcomponents=release_events(request, shown),
        )
        calendar.add("REFRESH-INTERVAL", REFRESH, parameters={"VALUE": "DURATION"})
        calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH))
        return HttpResponse(calendar.to_ical(), content_type=CONTENT_TYPE)

    def get_releases(self):
        raise NotImplementedError

    def name(self):
        raise NotImplementedError

    def description(self):
        raise NotImplementedError


class ReleasesCalendarView(CalendarFeedView):
    """Every public film's release dates: /releases.ics."""

    def get_releases(self):
        return public_releases()

    def name(self):
        return settings.NEWSROOM_NAME

    def description(self):
        return f"Release dates of the films in {settings.NEWSROOM_NAME}'s stories."


class FilmCalendarView(CalendarFeedView):
    """One public film's release dates: /films/<slug>/releases.ics; 404 for a film not public."""

    def get_releases(self):
        self.film = get_object_or_404(public_subjects(Film), slug=self.kwargs["slug"])
        depends_on(subject_key("film", self.film.pk), list_key("film", self.film.pk))
        return public_releases().filter(film=self.film)

    def name(self):
        return self.film.title

    def description(self):
        film_url = absolute_url(self.request, self.film.get_absolute_url())
        return f"Release dates of {self.film.title}, from {settings.NEWSROOM_NAME}: {film_url}"


class FranchiseCalendarView(CalendarFeedView):
    """The release dates of a franchise's public films: /franchises/<slug>/releases.ics; 404 for
    a franchise none of whose films is public (its name may be the news a story holds back)."""

    def get_releases(self):
        with_public_film = Exists(public_subjects(Film).filter(franchise=OuterRef("pk")))
        self.franchise = get_object_or_404(
            Franchise.objects.filter(with_public_film), slug=self.kwargs["slug"]
        )
        depends_on(subject_key("franchise", self.franchise.pk))
        return public_releases().filter(film__franchise=self.franchise)

    def name(self):
        return self.franchise.name

    def description(self):
        return f"Release dates of the {self.franchise.name} films, from {settings.NEWSROOM_NAME}."


def release_events(request, releases):
    """An all-day VEVENT for each of `releases` (day or month precision, films joined)."""
    host = urlsplit(site_url(request)).hostname
    film_urls = {
        release.film_id: absolute_url(request, release.film.get_absolute_url()) for release in releases
    }
    return [release_event(release, host, film_urls[release.film_id]) for release in releases]


def release_event(release, host, film_url):
    """The event for `release`: on its day, or through its month when known only to the month
    (DTEND is exclusive: the day, or the month, after)."""
    if release.precision == ReleaseDate.Precision.MONTH:
        month = Period.containing(MONTH, release.date)
        start, end = month.start, month.end
        when = f"(date to be confirmed: {release.display_date})"
    else:
        start, end, when = release.date, release.date + timedelta(days=1), ""
    kind = release.get_kind_display()
    changed = release.updated_at.astimezone(UTC)
    return Event.new(
        uid=f"release-{release.pk}@{host}",
        stamp=changed,
        last_modified=changed,
        start=start,
        end=end,
        summary=without_control_characters(f"{release.film.title} — {kind} ({release.country.code})"),
        description=without_control_characters("\n".join(filter(None, [release.note, when, film_url]))),
        url=film_url,
        sequence=release.sequence,
        transparency="TRANSPARENT",
        categories=[kind],
    )


def subscribe_links(request, path):
    """Where a reader subscribes to the feed at `path` (a site path with its query string, as
    "/releases.ics?country=US&kind=digital"): {"ics": its address, to paste into any calendar
    app; "webcal": the same address with the webcal:// scheme, which opens the reader's calendar
    app ready to subscribe; "google": Google Calendar's page for adding it}. Subscribing keeps the
    reader's calendar up to date, where downloading the file would copy today's dates once."""
    ics = absolute_url(request, path)
    webcal = "webcal://" + ics.split("://", 1)[1]
    return {
        "ics": ics,
        "webcal": webcal,
        "google": "https://calendar.google.com/calendar/render?cid=" + quote(webcal, safe=""),
    }
