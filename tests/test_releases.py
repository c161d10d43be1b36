"""The release calendar (/releases/): a week's or a month's releases of public films, filtered
by country and format through its address, dates known to the month, year or not at all shown as
such after exact ones, constant queries, and a cached page that turns over at midnight."""

import json
from datetime import date, datetime, timedelta
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.releases import MONTH, WEEK, Period
from tests.factories import add_film, make_article, make_film, make_release_date, visibility_states

# A Wednesday.
TODAY = date(2026, 12, 9)


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def titles(soup):
    return [a.get_text() for a in soup.select(".release-film a")]


def at_local(day, hour=12, minute=0):
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


class PeriodTests(TestCase):
    def test_weeks_run_monday_to_sunday(self):
        week = Period.containing(WEEK, TODAY)
        self.assertEqual((week.start, week.last_day), (date(2026, 12, 7), date(2026, 12, 13)))
        self.assertEqual(str(week), "7–13 December 2026")
        self.assertEqual(
            str(Period.containing(WEEK, date(2026, 12, 30))), "28 December 2026 – 3 January 2027"
        )
        self.assertEqual(str(Period.containing(WEEK, date(2026, 11, 30))), "30 November – 6 December 2026")

    def test_months_and_their_neighbours(self):
        month = Period.containing(MONTH, date(2024, 2, 14))
        self.assertEqual((month.start, month.end), (date(2024, 2, 1), date(2024, 3, 1)))
        self.assertEqual(str(month), "February 2024")
        self.assertEqual(month.before().start, date(2024, 1, 1))
        self.assertEqual(month.after().start, date(2024, 3, 1))

    def test_the_calendar_ends_where_dates_do(self):
        self.assertIsNone(Period.containing(MONTH, date(1800, 1, 5)).before())
        self.assertIsNone(Period.containing(MONTH, date(2199, 12, 5)).after())


@mock.patch("django.utils.timezone.now", return_value=at_local(TODAY))
class CalendarPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        now = at_local(TODAY)
        cls.film = make_film(title="Fallout", slug="fallout")
        cls.story = make_article(headline="Fallout lands", publish_at=now - timedelta(hours=2))
        add_film(cls.story, cls.film)
        add_film(make_article(headline="Older news", publish_at=now - timedelta(days=2)), cls.film)
        make_release_date(cls.film, date=TODAY, note="IMAX")
        make_release_date(cls.film, kind="digital", date=TODAY + timedelta(days=2))
        make_release_date(cls.film, country="FR", date=TODAY)
        make_release_date(cls.film, kind="streaming", date=date(2026, 12, 1), precision="month")
        make_release_date(cls.film, kind="physical", date=date(2026, 1, 1), precision="year")
        make_release_date(cls.film, kind="tv", date=None, precision="tba")
        # A film only a story in another state is about: none of its dates is public.
        cls.hidden = {}
        for state, fields in visibility_states(now).items():
            if state == "live":
                continue
            film = make_film(title=f"Secret {state}", slug=f"secret-{state}")
            add_film(make_article(**fields), film)
            make_release_date(film, date=TODAY)
            make_release_date(film, kind="tv", date=None, precision="tba")
            cls.hidden[state] = film

    def setUp(self):
        cache.clear()

    def test_this_week_in_the_newsrooms_country(self, now):
        soup = soup_of(self.client.get("/releases/"))
        self.assertEqual(soup.select_one("h1").get_text(), "Releases: 7–13 December 2026")
        days = soup.select(".release-day")
        self.assertEqual(days[0].select_one("h2 time")["datetime"], "2026-12-09")
        self.assertIn("Today", days[0].select_one("h2").get_text())
        self.assertEqual(titles(days[0]), ["Fallout"])
        self.assertIn("Theatrical · US · IMAX", days[0].get_text(" ", strip=True))
        self.assertIn("Digital", days[1].get_text())
        # The film's newest live story, linked.
        self.assertEqual(days[0].select_one(".release-story a").get_text(), "Fallout lands")
        # Known to the month only: on the month's page, not the week's; known to the year or
        # not at all: listed after, as such.
        dated = " ".join(day.get_text(" ") for day in soup.select(".release-day:not(.undated)"))
        self.assertNotIn("Streaming", dated)
        undated = soup.select_one(".undated").get_text(" ", strip=True)
        self.assertIn("Physical · US · 2026", undated)
        self.assertIn("TV · US · TBA", undated)
        self.assertEqual(soup.select_one(".shortcuts [aria-current]").get_text(), "This week")

    def test_nothing_unpublished_shows(self, now):
        for url in ("/releases/", "/releases/?period=month", "/releases/?country="):
            with self.subTest(url=url):
                text = self.client.get(url).content.decode()
                for state in self.hidden:
                    self.assertNotIn(f"Secret {state}", text)
        # The dates appear once a story about the film is live.
        add_film(make_article(headline="Now it is news"), self.hidden["draft"])
        self.assertIn("Secret draft", self.client.get("/releases/").content.decode())

    def test_month_lists_days_then_the_month(self, now):
        soup = soup_of(self.client.get("/releases/?period=month"))
        headings = [h.get_text(" ", strip=True) for h in soup.select(".release-day h2")]
        self.assertEqual(
            headings,
            [
                "Wednesday 9 December Today",
                "Friday 11 December",
                "Sometime in December 2026",
                "Coming, day not yet announced",
            ],
        )
        month_only = soup.select(".release-day")[2]
        self.assertIn("Streaming · US · December 2026", month_only.get_text(" ", strip=True))

    def test_country_and_formats_from_the_address(self, now):
        france = soup_of(self.client.get("/releases/?country=FR"))
        self.assertIn("Theatrical · FR", france.select_one(".release-day").get_text(" ", strip=True))
        self.assertEqual(france.select_one("select[name=country] option[selected]")["value"], "FR")
        everywhere = soup_of(self.client.get("/releases/?country="))
        self.assertEqual(len(everywhere.select(".release-day")[0].select(".release")), 2)
        digital = soup_of(self.client.get("/releases/?kind=digital"))
        self.assertEqual(
            [h.get_text(" ", strip=True) for h in digital.select(".release-day h2")][0], "Friday 11 December"
        )
        self.assertEqual(len(digital.select("input[name=kind][checked]")), 1)

    def test_other_periods_by_link_keep_the_choices(self, now):
        soup = soup_of(self.client.get("/releases/?kind=digital&country=FR"))
        later = soup.select_one("a[rel=next]")["href"]
        self.assertIn("start=2026-12-14", later)
        self.assertIn("kind=digital", later)
        self.assertIn("country=FR", later)
        self.assertIn("start=2026-11-30", soup.select_one("a[rel=prev]")["href"])
        past = soup_of(self.client.get("/releases/?period=week&start=2026-11-30"))
        self.assertEqual(past.select_one("h1").get_text(), "Releases: 30 November – 6 December 2026")
        # A past week lists no "not yet announced" releases.
        self.assertIsNone(past.select_one(".undated"))

    def test_a_start_inside_a_period_shows_the_whole_period(self, now):
        soup = soup_of(self.client.get("/releases/?period=month&start=2026-12-25"))
        self.assertEqual(soup.select_one("h1").get_text(), "Releases: December 2026")

    def test_bad_choices_are_a_400_with_the_form_message(self, now):
        for query in (
            "start=2026-13-01",
            "start=9999-01-01",
            "period=year",
            "country=XX",
            "kind=cinema",
            "start=%00",
        ):
            with self.subTest(query=query):
                response = self.client.get(f"/releases/?{query}")
                self.assertEqual(response.status_code, 400)
                self.assertTrue(soup_of(response).select(".form-error"))

    def test_structured_data_lists_the_films(self, now):
        soup = soup_of(self.client.get("/releases/"))
        data = [json.loads(s.string) for s in soup.select('script[type="application/ld+json"]')]
        films = next(item for item in data if item["@type"] == "ItemList")
        self.assertEqual(
            films["itemListElement"],
            [
                {
                    "@type": "ListItem",
                    "position": 1,
                    "url": "http://testserver/films/fallout/",
                    "name": "Fallout",
                }
            ],
        )

    def test_subscribe_links_carry_the_choices(self, now):
        soup = soup_of(self.client.get("/releases/?country=FR&kind=digital"))
        links = [a["href"] for a in soup.select(".subscribe-box a")]
        self.assertTrue(links[0].startswith("webcal://testserver/releases.ics?"))
        self.assertIn("country=FR", links[0])
        self.assertTrue(
            links[1].startswith("https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2F")
        )

    def test_queries_do_not_grow_with_the_releases(self, now):
        def count():
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get("/releases/?period=month&country=").status_code, 200)
            return len(queries)

        few = count()
        for n in range(12):
            film = make_film(title=f"Extra {n}")
            add_film(make_article(), film)
            make_release_date(film, date=TODAY + timedelta(days=n % 20))
            make_release_date(film, kind="tv", date=None, precision="tba")
        self.assertEqual(count(), few)


@pytest.mark.page_cache
@override_settings(NEWSROOM_CACHE_SECONDS=3600)
class CalendarCacheTests(TestCase):
    """The page is cached like every public page, but not past midnight: "this week" changes."""

    @classmethod
    def setUpTestData(cls):
        cls.film = make_film(title="Fallout")
        add_film(make_article(publish_at=timezone.now() - timedelta(days=3)), cls.film)

    def setUp(self):
        cache.clear()

    def test_fresh_only_until_midnight(self):
        with mock.patch("django.utils.timezone.now", return_value=at_local(TODAY, 23, 58)):
            response = self.client.get("/releases/")
        self.assertIn("max-age=119", response["Cache-Control"])
        with mock.patch("django.utils.timezone.now", return_value=at_local(TODAY, 10)):
            response = self.client.get("/releases/?period=month")
        self.assertIn("max-age=3599", response["Cache-Control"])

    def test_a_new_date_shows_at_once(self):
        today = timezone.localdate()
        self.assertNotIn("Fallout", self.client.get("/releases/").content.decode())
        self.assertEqual(self.client.get("/releases/")["X-Cache"], "hit")
        with self.captureOnCommitCallbacks(execute=True):
            make_release_date(self.film, date=today)
        self.assertIn("Fallout", self.client.get("/releases/").content.decode())

    def test_film_pages_turn_over_at_midnight_too(self):
        """A film's dates are marked upcoming or released by the day."""
        make_release_date(self.film, date=TODAY)
        with mock.patch("django.utils.timezone.now", return_value=at_local(TODAY, 23, 59)):
            response = self.client.get(self.film.get_absolute_url())
        self.assertIn("max-age=59", response["Cache-Control"])
