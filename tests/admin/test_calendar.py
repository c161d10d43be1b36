"""The editorial calendar: month and week views of stories and release dates, in constant queries."""

from datetime import date, datetime, timedelta

from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import make_article, make_film, make_release_date, make_user

URL = "/admin/articles/article/calendar/"


def local(*args):
    return datetime(*args, tzinfo=timezone.get_current_timezone())


class CalendarTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user("Editors")
        make_article(headline="Live on the 27th", publish_at=local(2018, 7, 27, 9, 0))
        make_article(headline="Late night story", publish_at=local(2018, 7, 10, 23, 30))
        make_article(headline="Planned draft", status="draft", publish_at=None, planned_for=date(2018, 7, 12))
        make_article(headline="In August", publish_at=local(2018, 8, 20, 9, 0))
        make_release_date(make_film(title="Fallout"), kind="theatrical", date=date(2018, 7, 27))

    def setUp(self):
        self.client = Client()
        self.client.force_login(self.editor)

    def cells(self, **params):
        response = self.client.get(URL, params)
        self.assertEqual(response.status_code, 200)
        soup = BeautifulSoup(response.content, "html.parser")
        return response, {
            int(td.select_one(".day-number").get_text().split()[0]): td
            for td in soup.select(".editorial-calendar td:not(.outside)")
        }

    def test_month_view_places_entries_on_local_days(self):
        response, days = self.cells(view="month", day="2018-07-01")
        self.assertContains(response, "July 2018")
        self.assertContains(response, "America/New_York")
        self.assertIn("Live on the 27th", days[27].get_text())
        self.assertIn("Fallout: Theatrical", days[27].get_text())
        # 23:30 in New York is already the 11th in UTC; the calendar shows the newsroom's day.
        self.assertIn("Late night story", days[10].get_text())
        self.assertIn("entry-planned", str(days[12]))
        self.assertNotIn("In August", response.content.decode())

    def test_entries_link_to_their_change_forms(self):
        _, days = self.cells(view="month", day="2018-07-15")
        links = [a["href"] for a in days[27].select("a")]
        self.assertTrue(
            any("/admin/articles/article/" in href and href.endswith("/change/") for href in links)
        )
        self.assertTrue(any("/admin/articles/film/" in href for href in links))

    def test_week_view_and_navigation(self):
        """The week view shows Monday to Sunday and links the weeks before and after."""
        response, days = self.cells(view="week", day="2018-07-25")
        self.assertContains(response, "Week of July 23, 2018")
        self.assertEqual(sorted(days), [23, 24, 25, 26, 27, 28, 29])
        self.assertContains(response, "day=2018-07-18")
        self.assertContains(response, "day=2018-08-01")

    def test_bad_parameters_fall_back_to_this_month(self):
        for params in (
            {"day": "2018-13-45"},
            {"view": "year"},
            {"day": "\x00"},
            {"day": "9999-12-31"},
            {"day": "0001-01-01"},
            {"view": "week", "day": "9999-12-31"},
            {"view": "week", "day": "0001-01-01"},
        ):
            with self.subTest(params=params):
                self.assertEqual(self.client.get(URL, params).status_code, 200)

    def test_queries_do_not_grow_with_stories(self):
        def count():
            cache.clear()  # Each count from cold: the notices bell keeps its count in the cache.
            with CaptureQueriesContext(connection) as queries:
                self.client.get(URL, {"view": "month", "day": "2018-07-01"})
            return len(queries)

        before = count()
        start = local(2018, 7, 1, 8, 0)
        for n in range(500):
            make_article(publish_at=start + timedelta(hours=n), status="published" if n % 3 else "draft")
        for n in range(30):
            make_release_date(make_film(), date=date(2018, 7, 1) + timedelta(days=n))
        self.assertEqual(count(), before)

    def test_linked_from_admin_index(self):
        self.assertContains(self.client.get("/admin/"), URL)

    def test_needs_admin_login(self):
        self.assertEqual(Client().get(URL).status_code, 302)
