"""The release calendars as iCalendar feeds (articles.calendars): files two independent parsers
read as RFC 5545 has them, one all-day event per public release date with a UID that never
changes and a SEQUENCE that rises when the date moves, filters from the address, and caching
that never serves a moved date or outlives the day."""

from datetime import UTC, date, datetime, time, timedelta
from unittest import mock

import icalendar
import pytest
from django.db import connection
from django.test import RequestFactory, TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from ical.calendar_stream import IcsCalendarStream

from articles.calendars import subscribe_links
from articles.models import Article, Franchise, ReleaseDate
from newsroom.dependencies import RELEASES, STORIES
from tests.factories import add_film, make_article, make_film, make_release_date, make_story_per_state

Kind, Precision = ReleaseDate.Kind, ReleaseDate.Precision


class CalendarTestCase(TestCase):
    """Fetching a feed checks what every feed must be, and parses it twice."""

    def calendar(self, url):
        """The feed at `url` as (icalendar's Calendar, ical's Calendar), once its response is
        checked: 200, text/calendar, CRLF line endings, lines folded at 75 octets."""
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        self.assertEqual(response["Content-Type"], "text/calendar; charset=utf-8")
        body = response.content
        self.assertTrue(body.endswith(b"\r\n"))
        self.assertNotIn(b"\n", body.replace(b"\r\n", b""), "every line ends with CRLF")
        for line in body.split(b"\r\n"):
            self.assertLessEqual(len(line), 75, line)
        return icalendar.Calendar.from_ical(body), IcsCalendarStream.calendar_from_ics(body.decode())

    def events(self, url):
        """{UID: VEVENT} of the feed at `url`, as icalendar reads it; ical must read the same UIDs."""
        first, second = self.calendar(url)
        events = {str(event["UID"]): event for event in first.walk("VEVENT")}
        self.assertEqual(len(events), len(first.walk("VEVENT")), "no UID twice")
        self.assertEqual(sorted(events), sorted(event.uid for event in second.events))
        return events

    def summaries(self, url):
        return sorted(str(event["SUMMARY"]) for event in self.events(url).values())


class FeedTests(CalendarTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.today = timezone.localdate()
        franchise = Franchise.objects.create(name="Mission: Impossible", slug="mission-impossible")
        cls.fallout = make_film(title="Mission: Impossible – Fallout", slug="fallout", franchise=franchise)
        cls.reckoning = make_film(title="Dead Reckoning", slug="dead-reckoning", franchise=franchise)
        story = make_article(headline="The HALO jump")
        add_film(story, cls.fallout)
        add_film(story, cls.reckoning)
        day = cls.today + timedelta(days=10)
        cls.theatrical = make_release_date(cls.fallout, date=day)
        cls.digital = make_release_date(
            cls.fallout,
            kind=Kind.DIGITAL,
            date=day + timedelta(days=30),
            note="Premium video on demand, with a behind-the-scenes featurette on the HALO jump "
            "— Tom Cruise’s 106 takes",
        )
        cls.british = make_release_date(cls.fallout, country="GB", date=day + timedelta(days=2))
        cls.month = make_release_date(
            cls.fallout, kind=Kind.STREAMING, date=date_in(cls.today, days=70), precision=Precision.MONTH
        )
        cls.year = make_release_date(cls.fallout, kind=Kind.TV, date=cls.today, precision=Precision.YEAR)
        cls.tba = make_release_date(cls.fallout, kind=Kind.PHYSICAL, date=None, precision=Precision.TBA)
        cls.long_ago = make_release_date(cls.fallout, country="FR", date=cls.today - timedelta(days=91))
        cls.sequel = make_release_date(cls.reckoning, date=day + timedelta(days=5))

    def test_a_feed_is_a_calendar_to_subscribe_to(self):
        """RFC 5545's calendar properties, RFC 7986's name and refresh interval, and the names
        calendar apps read in their place."""
        calendar, _ = self.calendar("/releases.ics")
        self.assertEqual(calendar["VERSION"], "2.0")
        self.assertTrue(calendar["PRODID"])
        self.assertEqual(calendar["CALSCALE"], "GREGORIAN")
        self.assertEqual(calendar["METHOD"], "PUBLISH")
        self.assertEqual(calendar["X-WR-CALNAME"], "Newsroom: release dates")
        self.assertTrue(calendar["X-WR-CALDESC"])
        body = self.client.get("/releases.ics").content.decode()
        self.assertIn("\r\nREFRESH-INTERVAL;VALUE=DURATION:PT12H\r\n", body)
        self.assertIn("\r\nX-PUBLISHED-TTL:PT12H\r\n", body)
        self.assertEqual(self.client.head("/releases.ics").status_code, 200)

    def test_each_release_is_an_all_day_event(self):
        event = self.events("/releases.ics")[f"release-{self.digital.pk}@testserver"]
        day = self.digital.date
        self.assertEqual(event["DTSTART"].params["VALUE"], "DATE")
        self.assertEqual(event["DTSTART"].dt, day)
        self.assertEqual(event["DTEND"].dt, day + timedelta(days=1), "DTEND is exclusive")
        self.assertEqual(event["SUMMARY"], "Mission: Impossible – Fallout — Digital (US)")
        self.assertEqual(event["URL"], "http://testserver/films/fallout/")
        self.assertIn(self.digital.note, event["DESCRIPTION"])
        self.assertIn("http://testserver/films/fallout/", event["DESCRIPTION"])
        self.assertEqual(event["TRANSP"], "TRANSPARENT")
        self.assertEqual(event["CATEGORIES"].cats, ["Digital"])
        self.assertEqual(event["SEQUENCE"], 0)
        changed = self.digital.updated_at.astimezone(UTC).replace(microsecond=0)
        self.assertEqual(event["DTSTAMP"].dt, changed)
        self.assertEqual(event["LAST-MODIFIED"].dt, changed)
        body = self.client.get("/releases.ics").content.decode()
        self.assertIn(f"\r\nDTSTART;VALUE=DATE:{day:%Y%m%d}\r\n", body)

    def test_the_second_parser_reads_the_same_all_day_dates(self):
        _, calendar = self.calendar("/releases.ics")
        event = next(
            event for event in calendar.events if event.uid == f"release-{self.digital.pk}@testserver"
        )
        self.assertNotIsInstance(event.dtstart, datetime)
        self.assertEqual(event.dtstart, self.digital.date)
        self.assertEqual(event.dtend, self.digital.date + timedelta(days=1))
        self.assertEqual(event.sequence, 0)
        self.assertEqual(event.summary, "Mission: Impossible – Fallout — Digital (US)")

    def test_uids_are_unique_and_stable(self):
        first = self.events("/releases.ics")
        second = self.events("/releases.ics")
        self.assertEqual(list(first), list(second))
        film_feed = self.events("/films/fallout/releases.ics")
        self.assertLessEqual(set(film_feed), set(first), "an event keeps its UID in every feed")

    def test_moving_a_date_raises_the_sequence_and_keeps_the_uid(self):
        uid = f"release-{self.theatrical.pk}@testserver"
        self.theatrical.note = "IMAX"
        self.theatrical.save()
        self.assertEqual(self.events("/releases.ics")[uid]["SEQUENCE"], 0, "the date did not move")
        moved = self.theatrical.date + timedelta(days=7)
        self.theatrical.date = moved
        self.theatrical.save()
        event = self.events("/releases.ics")[uid]
        self.assertEqual(event["SEQUENCE"], 1)
        self.assertEqual(event["DTSTART"].dt, moved)

    def test_dates_known_to_the_year_or_not_at_all_are_never_included(self):
        for url in ("/releases.ics", "/releases.ics?months=1", "/films/fallout/releases.ics?months=1"):
            with self.subTest(url=url):
                uids = set(self.events(url))
                self.assertNotIn(f"release-{self.year.pk}@testserver", uids)
                self.assertNotIn(f"release-{self.tba.pk}@testserver", uids)

    def test_dates_known_to_the_month_only_when_asked_and_through_the_month(self):
        uid = f"release-{self.month.pk}@testserver"
        self.assertNotIn(uid, self.events("/releases.ics"))
        self.assertNotIn(uid, self.events("/releases.ics?months=0"))
        event = self.events("/releases.ics?months=1")[uid]
        first = self.month.date.replace(day=1)
        self.assertEqual(event["DTSTART"].dt, first)
        self.assertEqual(event["DTEND"].dt, (first + timedelta(days=31)).replace(day=1))
        self.assertIn(f"(date to be confirmed: {first:%B %Y})", event["DESCRIPTION"])

    def test_a_feed_starts_90_days_back(self):
        self.assertNotIn(f"release-{self.long_ago.pk}@testserver", self.events("/releases.ics"))
        self.long_ago.date = self.today - timedelta(days=90)
        self.long_ago.save()
        self.assertIn(f"release-{self.long_ago.pk}@testserver", self.events("/releases.ics"))

    def test_filters_narrow_the_feed_and_name_the_calendar(self):
        everything = self.summaries("/releases.ics")
        self.assertEqual(everything, self.summaries("/releases.ics?country="))
        self.assertEqual(
            self.summaries("/releases.ics?country=GB"), ["Mission: Impossible – Fallout — Theatrical (GB)"]
        )
        self.assertEqual(
            self.summaries("/releases.ics?country=US&kind=digital&kind=streaming&months=1"),
            [
                "Mission: Impossible – Fallout — Digital (US)",
                "Mission: Impossible – Fallout — Streaming (US)",
            ],
        )
        self.assertEqual(self.summaries("/releases.ics?country=JP"), [], "an empty calendar still parses")
        calendar, _ = self.calendar("/releases.ics?country=US&kind=theatrical")
        self.assertEqual(calendar["X-WR-CALNAME"], "Newsroom: release dates (US, Theatrical)")

    def test_bad_parameters_are_a_400_in_plain_text(self):
        for query in ("country=XX", "kind=bogus", "kind=digital&kind=bogus", "months=yes", "country=us"):
            with self.subTest(query=query):
                response = self.client.get(f"/releases.ics?{query}")
                self.assertEqual(response.status_code, 400)
                self.assertEqual(response["Content-Type"], "text/plain; charset=utf-8")
                self.assertLess(len(response.content), 300)
        self.assertEqual(self.client.get("/films/fallout/releases.ics?kind=bogus").status_code, 400)

    def test_a_films_feed_holds_its_dates_only(self):
        calendar, _ = self.calendar("/films/fallout/releases.ics")
        self.assertEqual(calendar["X-WR-CALNAME"], "Mission: Impossible – Fallout: release dates")
        uids = set(self.events("/films/fallout/releases.ics"))
        self.assertIn(f"release-{self.theatrical.pk}@testserver", uids)
        self.assertNotIn(f"release-{self.sequel.pk}@testserver", uids)
        self.assertEqual(self.client.get("/films/no-such-film/releases.ics").status_code, 404)

    def test_a_franchises_feed_holds_its_public_films_dates(self):
        calendar, _ = self.calendar("/franchises/mission-impossible/releases.ics")
        self.assertEqual(calendar["X-WR-CALNAME"], "Mission: Impossible: release dates")
        uids = set(self.events("/franchises/mission-impossible/releases.ics"))
        self.assertIn(f"release-{self.sequel.pk}@testserver", uids)
        self.assertIn(f"release-{self.theatrical.pk}@testserver", uids)
        self.assertEqual(self.client.get("/franchises/no-such-franchise/releases.ics").status_code, 404)

    def test_control_characters_do_not_break_the_file(self):
        self.fallout.title = "Mission:\x0b Impossible\x01 – Fallout"
        self.fallout.save()
        self.digital.note = "4K\x1b UHD\r\nand Blu-ray\x07"
        self.digital.save()
        event = self.events("/releases.ics")[f"release-{self.digital.pk}@testserver"]
        self.assertEqual(event["SUMMARY"], "Mission: Impossible – Fallout — Digital (US)")
        self.assertIn("4K UHD\nand Blu-ray", event["DESCRIPTION"])
        calendar, _ = self.calendar("/films/fallout/releases.ics")
        self.assertEqual(calendar["X-WR-CALNAME"], "Mission: Impossible – Fallout: release dates")


class VisibilityTests(CalendarTestCase):
    """A film is public only while a live story is about it (articles.models.subjects): a date
    announced in a story not yet, or no longer, live shows in no feed."""

    @classmethod
    def setUpTestData(cls):
        day = timezone.localdate() + timedelta(days=5)
        cls.stories = make_story_per_state()
        cls.films = {}
        for state, story in cls.stories.items():
            franchise = Franchise.objects.create(name=f"The {state} series", slug=f"{state}-series")
            film = make_film(title=f"The {state} film", slug=f"{state}-film", franchise=franchise)
            add_film(story, film)
            make_release_date(film, date=day)
            cls.films[state] = film

    def test_only_a_film_a_live_story_is_about_is_in_the_feeds(self):
        self.assertEqual(self.summaries("/releases.ics"), ["The live film — Theatrical (US)"])
        self.assertEqual(len(self.events("/films/live-film/releases.ics")), 1)
        self.assertEqual(len(self.events("/franchises/live-series/releases.ics")), 1)
        for state in self.stories:
            if state == "live":
                continue
            with self.subTest(state=state):
                self.assertEqual(self.client.get(f"/films/{state}-film/releases.ics").status_code, 404)
                self.assertEqual(self.client.get(f"/franchises/{state}-series/releases.ics").status_code, 404)

    def test_a_story_going_live_brings_its_films_dates(self):
        draft = self.stories["draft"]
        draft.status = Article.Status.PUBLISHED
        draft.save()
        self.assertIn("The draft film — Theatrical (US)", self.summaries("/releases.ics"))
        self.assertEqual(len(self.events("/films/draft-film/releases.ics")), 1)
        self.assertEqual(len(self.events("/franchises/draft-series/releases.ics")), 1)


class QueryCountTests(CalendarTestCase):
    """A feed reads its dates in a constant number of queries, however many films it holds."""

    def add_films(self, franchise, count):
        day = timezone.localdate() + timedelta(days=3)
        for _ in range(count):
            film = make_film(franchise=franchise)
            add_film(make_article(), film)
            make_release_date(film, country="JP", date=day)
            make_release_date(film, country="JP", kind=Kind.DIGITAL, date=day + timedelta(days=1))

    def queries(self, url):
        with CaptureQueriesContext(connection) as context:
            self.client.get(url)
        return len(context.captured_queries)

    def test_two_films_or_twenty_take_the_same_queries(self):
        franchise = Franchise.objects.create(name="Many", slug="many")
        urls = ("/releases.ics?country=JP", "/franchises/many/releases.ics")
        self.add_films(franchise, 2)
        few = {url: self.queries(url) for url in urls}
        self.assertEqual(len(self.events(urls[0])), 4)
        self.add_films(franchise, 18)
        self.assertEqual(len(self.events(urls[0])), 40)
        for url in urls:
            with self.subTest(url=url):
                self.assertEqual(self.queries(url), few[url])
                self.assertLessEqual(few[url], 2)


class SubscribeLinksTests(TestCase):
    def test_links_for_calendar_apps_and_google(self):
        request = RequestFactory().get("/")
        links = subscribe_links(request, "/releases.ics?country=US&kind=digital")
        self.assertEqual(links["ics"], "http://testserver/releases.ics?country=US&kind=digital")
        self.assertEqual(links["webcal"], "webcal://testserver/releases.ics?country=US&kind=digital")
        self.assertEqual(
            links["google"],
            "https://calendar.google.com/calendar/render?cid="
            "webcal%3A%2F%2Ftestserver%2Freleases.ics%3Fcountry%3DUS%26kind%3Ddigital",
        )

    @override_settings(NEWSROOM_SITE_URL="https://news.example.com")
    def test_links_use_the_sites_address(self):
        request = RequestFactory().get("/")
        links = subscribe_links(request, "/films/fallout/releases.ics")
        self.assertEqual(links["ics"], "https://news.example.com/films/fallout/releases.ics")
        self.assertEqual(links["webcal"], "webcal://news.example.com/films/fallout/releases.ics")


class FilmPageLinksTests(TestCase):
    """A film page offers its own feed only while the feed holds one of its dates; the
    franchise's feed whenever the film has a franchise and dates to show."""

    def setUp(self):
        franchise = Franchise.objects.create(name="Mission: Impossible", slug="mission-impossible")
        self.film = make_film(slug="fallout", franchise=franchise)
        add_film(make_article(), self.film)

    def feeds(self):
        response = self.client.get(self.film.get_absolute_url())
        self.assertEqual(response.status_code, 200)
        return [
            link
            for link in ("/films/fallout/releases.ics", "/franchises/mission-impossible/releases.ics")
            if f"webcal://testserver{link}" in response.text
        ]

    def test_a_film_with_only_old_or_vague_dates_offers_only_its_franchise(self):
        make_release_date(self.film, date=date(2018, 7, 27))
        make_release_date(self.film, kind=Kind.DIGITAL, date=date(2030, 1, 1), precision=Precision.YEAR)
        self.assertEqual(self.feeds(), ["/franchises/mission-impossible/releases.ics"])

    def test_a_film_with_a_dated_release_ahead_offers_its_own_feed(self):
        make_release_date(self.film, date=timezone.localdate() + timedelta(days=10))
        self.assertEqual(
            self.feeds(), ["/films/fallout/releases.ics", "/franchises/mission-impossible/releases.ics"]
        )


@pytest.mark.page_cache
@override_settings(NEWSROOM_CACHE_SECONDS=300)
class CachedFeedTests(CalendarTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.film = make_film(title="Fallout", slug="fallout")
        add_film(make_article(), cls.film)
        cls.release = make_release_date(cls.film, date=timezone.localdate() + timedelta(days=10))

    def test_a_moved_date_is_not_served_stale(self):
        uid = f"release-{self.release.pk}@testserver"
        for url in ("/releases.ics", "/films/fallout/releases.ics"):
            self.client.get(url)
            self.assertEqual(self.client.get(url)["X-Cache"], "hit", url)
        moved = self.release.date + timedelta(days=14)
        with self.captureOnCommitCallbacks(execute=True):
            self.release.date = moved
            self.release.save()
        for url in ("/releases.ics", "/films/fallout/releases.ics"):
            with self.subTest(url=url):
                self.assertNotIn("X-Cache", self.client.get(url))
                event = self.events(url)[uid]
                self.assertEqual(event["DTSTART"].dt, moved)
                self.assertEqual(event["SEQUENCE"], 1)

    def test_a_feed_says_what_it_shows(self):
        keys = self.client.get("/releases.ics")["Surrogate-Key"].split()
        self.assertLessEqual({RELEASES, STORIES, f"film:{self.film.pk}"}, set(keys))
        keys = self.client.get("/films/fallout/releases.ics")["Surrogate-Key"].split()
        self.assertLessEqual({RELEASES, f"film:{self.film.pk}", f"list:film:{self.film.pk}"}, set(keys))

    def test_a_feed_is_not_kept_past_midnight(self):
        """Its window moves with the date: no cache keeps it into the next day."""
        tomorrow = timezone.localdate() + timedelta(days=1)
        midnight = timezone.make_aware(datetime.combine(tomorrow, time.min))
        with mock.patch("django.utils.timezone.now", return_value=midnight - timedelta(seconds=40)):
            response = self.client.get("/releases.ics?probe=midnight")
        self.assertEqual(response.status_code, 200)
        self.assertLessEqual(int(cache_control(response)["max-age"]), 40)
        self.assertLessEqual(int(cache_control(response)["s-maxage"]), 40)


def cache_control(response):
    return dict(
        part.strip().partition("=")[::2] for part in response["Cache-Control"].split(",") if part.strip()
    )


def date_in(today, days):
    """The 15th of the month `days` after `today`: a date well inside its month."""
    return (today + timedelta(days=days)).replace(day=15)
