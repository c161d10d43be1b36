"""`release_dates()`: a film's release dates as the story page's box and the film page show them."""

from datetime import date

from bs4 import BeautifulSoup
from django.template import engines
from django.test import SimpleTestCase

from articles.models import Film, ReleaseDate


def release(kind, day, precision=ReleaseDate.Precision.DAY, country="US", note=""):
    return ReleaseDate(kind=kind, date=day, precision=precision, country=country, note=note)


def rendered(*dates, today=date(2018, 8, 1)):
    schedule = Film(title="Fallout").release_schedule(today, list(dates))
    html = engines["jinja2"].from_string("{{ release_dates(schedule) }}").render({"schedule": schedule})
    return BeautifulSoup(html, "html.parser").select_one("dl.release-dates")


class ReleaseDatesTests(SimpleTestCase):
    def test_dates_are_grouped_by_format_in_the_formats_order(self):
        box = rendered(
            release(ReleaseDate.Kind.DIGITAL, date(2018, 11, 20)),
            release(ReleaseDate.Kind.THEATRICAL, date(2018, 7, 27), country="GB"),
            release(ReleaseDate.Kind.THEATRICAL, date(2018, 7, 25), country="FR"),
        )
        self.assertEqual([dt.get_text() for dt in box.select("dt")], ["Theatrical", "Digital"])
        self.assertEqual(
            [time["datetime"] for time in box.select("dd time")], ["2018-07-25", "2018-07-27", "2018-11-20"]
        )
        self.assertEqual([abbr.get_text() for abbr in box.select("abbr")], ["FR", "GB", "US"])
        self.assertEqual(box.select("abbr")[1]["title"], "United Kingdom")

    def test_each_date_says_whether_it_is_still_to_come(self):
        box = rendered(
            release(ReleaseDate.Kind.THEATRICAL, date(2018, 7, 27)),
            release(ReleaseDate.Kind.DIGITAL, date(2018, 11, 20)),
            release(ReleaseDate.Kind.PHYSICAL, date(2018, 8, 1), precision=ReleaseDate.Precision.MONTH),
        )
        statuses = [(dd.time.get_text(), dd.select_one(".status")["class"][1]) for dd in box.select("dd")]
        self.assertEqual(
            statuses,
            [("July 27, 2018", "past"), ("November 20, 2018", "upcoming"), ("August 2018", "upcoming")],
        )

    def test_an_unannounced_date_has_no_machine_date(self):
        box = rendered(release(ReleaseDate.Kind.STREAMING, None, precision=ReleaseDate.Precision.TBA))
        self.assertEqual(box.time.get_text(), "TBA")
        self.assertNotIn("datetime", box.time.attrs)
        self.assertIn("Upcoming", box.dd.get_text())

    def test_notes_are_shown_and_escaped(self):
        box = rendered(release(ReleaseDate.Kind.PHYSICAL, date(2018, 12, 4), note='<b>4K</b> & "Blu-ray"'))
        self.assertIn('· <b>4K</b> & "Blu-ray"', box.dd.get_text())
        self.assertIsNone(box.select_one("dd b"))

    def test_no_dates_is_an_empty_list(self):
        self.assertEqual(rendered().select("dt, dd"), [])
