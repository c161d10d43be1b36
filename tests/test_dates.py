"""Dates spelled out as readers read them: what Django's "F j, Y" and "g:i A T" formats say."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.test import SimpleTestCase
from django.utils.formats import date_format

from articles.dates import spelled_date, spelled_time


class SpelledTests(SimpleTestCase):
    def test_every_month_and_hour_as_djangos_formats_say_them(self):
        zone = ZoneInfo("America/New_York")
        start = datetime(2018, 1, 1, 0, 5, tzinfo=UTC).astimezone(zone)
        for hours in range(0, 24 * 365, 7):  # Every hour of the day, every month, both offsets.
            moment = start + timedelta(hours=hours)
            with self.subTest(moment=moment):
                self.assertEqual(spelled_date(moment), date_format(moment, "F j, Y"))
                self.assertEqual(spelled_time(moment), date_format(moment, "g:i A T"))

    def test_a_date_and_the_edges_of_the_clock(self):
        self.assertEqual(spelled_date(date(2018, 7, 27)), "July 27, 2018")
        zone = ZoneInfo("America/New_York")
        self.assertEqual(spelled_time(datetime(2018, 3, 1, 0, 0, tzinfo=zone)), "12:00 AM EST")
        self.assertEqual(spelled_time(datetime(2018, 7, 1, 12, 9, tzinfo=zone)), "12:09 PM EDT")
        self.assertEqual(spelled_time(datetime(2018, 7, 1, 23, 59, tzinfo=zone)), "11:59 PM EDT")
