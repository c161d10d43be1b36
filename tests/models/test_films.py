from datetime import date

from django.db import IntegrityError, transaction
from django.test import TestCase

from articles.models import Credit, Film, Franchise, ReleaseDate
from tests.factories import make_film, make_person, make_release_date


class ReleaseDateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.film = make_film(title="Fallout")

    def test_display_follows_precision(self):
        cases = {
            "day": "July 27, 2018",
            "month": "July 2018",
            "year": "2018",
        }
        for precision, expected in cases.items():
            with self.subTest(precision):
                release = ReleaseDate(film=self.film, date=date(2018, 7, 27), precision=precision)
                self.assertEqual(release.display_date, expected)
        self.assertEqual(ReleaseDate(film=self.film, precision="tba").display_date, "TBA")

    def test_upcoming_respects_precision(self):
        today = date(2018, 7, 15)
        self.assertTrue(ReleaseDate(date=date(2018, 7, 27), precision="day").is_upcoming(today))
        self.assertFalse(ReleaseDate(date=date(2018, 7, 1), precision="day").is_upcoming(today))
        self.assertTrue(ReleaseDate(date=date(2018, 7, 1), precision="month").is_upcoming(today))
        self.assertTrue(ReleaseDate(date=date(2018, 1, 1), precision="year").is_upcoming(today))
        self.assertTrue(ReleaseDate(date=None, precision="tba").is_upcoming(today))

    def test_tba_has_no_date_and_dated_has_one(self):
        for fields in ({"precision": "tba", "date": date(2019, 1, 1)}, {"precision": "day", "date": None}):
            with self.subTest(fields), self.assertRaises(IntegrityError), transaction.atomic():
                make_release_date(self.film, **fields)

    def test_schedule_groups_by_format_in_order(self):
        make_release_date(self.film, kind="physical", date=date(2018, 12, 4), note="DVD, Blu-ray and 4K UHD")
        make_release_date(self.film, kind="digital", date=date(2018, 11, 20))
        make_release_date(self.film, kind="theatrical", date=date(2018, 7, 27))
        make_release_date(self.film, kind="theatrical", country="GB", date=date(2018, 7, 25))
        schedule = self.film.release_schedule(today=date(2018, 11, 21))
        self.assertEqual([group["kind"] for group in schedule], ["Theatrical", "Digital", "Physical"])
        self.assertEqual([item["release"].country.code for item in schedule[0]["dates"]], ["GB", "US"])
        self.assertEqual(
            [item["upcoming"] for group in schedule for item in group["dates"]], [False, False, False, True]
        )


class FilmTests(TestCase):
    def test_installment_unique_within_franchise(self):
        franchise = Franchise.objects.create(name="Mission: Impossible", slug="mi")
        make_film(franchise=franchise, installment=6)
        with self.assertRaises(IntegrityError), transaction.atomic():
            make_film(franchise=franchise, installment=6)

    def test_installment_needs_franchise(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            make_film(installment=6)

    def test_character_only_for_cast(self):
        film, person = make_film(), make_person()
        Credit.objects.create(film=film, person=person, role="cast", character="Ethan Hunt")
        with self.assertRaises(IntegrityError), transaction.atomic():
            Credit.objects.create(film=film, person=person, role="director", character="Ethan Hunt")

    def test_str_includes_year(self):
        self.assertEqual(str(Film(title="Fallout", year=2018)), "Fallout (2018)")
