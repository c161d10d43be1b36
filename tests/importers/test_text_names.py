"""Matching the names in plain-text copy against our records (importers.text.names): one key for
every way a title is typed, franchise shorthands, and nothing matched that we do not have."""

from django.test import SimpleTestCase, TestCase

from articles.models import Franchise
from importers.text.names import NameIndex, find_story, key
from tests.factories import make_article, make_film, make_person


class KeyTests(SimpleTestCase):
    def test_one_key_whatever_the_dash_case_quotes_and_accents(self):
        same = [
            "Mission: Impossible – Fallout",
            "Mission: Impossible - Fallout",
            "MISSION: IMPOSSIBLE — FALLOUT",
            "mission impossible fallout",
        ]
        self.assertEqual({key(title) for title in same}, {("mission", "impossible", "fallout")})
        self.assertEqual(key("Craig O’Brien"), key("Craig O'Brien"))
        self.assertEqual(key("Penélope Cruz"), key("Penelope Cruz"))
        self.assertEqual(key("M:1 - Fallout"), key("M:I Fallout"))


class NameIndexTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        series = Franchise.objects.create(name="Mission: Impossible", slug="mission-impossible")
        cls.third = make_film(title="Mission: Impossible III", year=2006, franchise=series, installment=3)
        cls.fallout = make_film(
            title="Mission: Impossible – Fallout", year=2018, franchise=series, installment=6
        )
        cls.cruise = make_person(name="Tom Cruise")

    def films_in(self, text):
        return NameIndex().find([text]).films

    def test_film_variants(self):
        for typed in [
            "Mission: Impossible - Fallout",
            "MISSION: IMPOSSIBLE — FALLOUT",
            "M:I – Fallout",
            "M:I Fallout",
            "M:I 6",
            "M:I VI",
            "Mission: Impossible 6",
            "Fallout",
            "Mission: Impossible – Fallout (2018)",
        ]:
            with self.subTest(typed=typed):
                self.assertEqual(self.films_in(f"We saw {typed} twice."), [self.fallout])
        self.assertEqual(self.films_in("Back to Mission: Impossible 3 and M:I III."), [self.third])

    def test_lowercase_words_and_the_franchise_alone_match_no_film(self):
        found = NameIndex().find(["The fallout of the Mission: Impossible series was large."])
        self.assertEqual((found.films, found.unmatched), ([], []))

    def test_people_counted_and_unknown_names_listed(self):
        found = NameIndex().find(["Tom Cruise met Simone Vale; later Tom Cruise left with Ana de Armas."])
        self.assertEqual(found.people, [self.cruise])
        self.assertEqual(found.mentions[self.cruise], 2)
        self.assertEqual(found.unmatched, ["Simone Vale", "Ana de Armas"])

    def test_find_story_prefers_a_live_one(self):
        make_article(headline="Fallout: The Chase", status="draft")
        live = make_article(headline="Fallout – the chase")
        self.assertEqual(find_story("FALLOUT: THE CHASE"), live)
        self.assertIsNone(find_story("Fallout: The Other Chase"))
