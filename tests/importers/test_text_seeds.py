"""The acceptance test the seeds' README suggests: importing the two seed stories (read from
../shared/seeds where that folder exists; their words are not in this repository) over the demo
newsroom's records (without its pictures, which take long to draw) finds their films, people,
links, source and clip slot."""

from pathlib import Path

import pytest
from django.test import TestCase

from articles.demo import reference
from articles.demo.stories import POSTERS, TRAILER
from articles.models import Film, Franchise, Person, RelatedLink, Source
from importers.text import import_copy, read_copy
from tests.factories import make_article

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed stories are not beside the repository")
class SeedImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        for slug, name in reference.FRANCHISES:
            Franchise.objects.create(slug=slug, name=name)
        for data in reference.FILMS:
            franchise = Franchise.objects.filter(slug=data["franchise"]).first()
            fields = {name: data[name] for name in ("slug", "title", "year", "installment")}
            Film.objects.create(franchise=franchise, **fields)
        Person.objects.bulk_create(Person(slug=slug, name=name) for slug, name, _ in reference.PEOPLE)
        Source.objects.bulk_create(
            Source(slug=slug, name=name, url=url) for slug, name, _, url in reference.SOURCES
        )
        for story in (TRAILER, POSTERS):
            make_article(slug=story["slug"], headline=story["headline"])

    def read(self, prefix):
        (path,) = SEEDS.glob(f"{prefix}_*.txt")
        return import_copy(read_copy(path.read_bytes()))

    def test_featurette_story(self):
        imported = self.read("000")
        fallout = Film.objects.get(slug="mission-impossible-fallout")
        self.assertEqual(imported.films[0], fallout)
        self.assertEqual(
            {film.slug for film in imported.films},
            {
                "mission-impossible-fallout",
                "mission-impossible-ghost-protocol",
                "mission-impossible-rogue-nation",
                "the-mummy-2017",
            },
        )
        boxed = imported.story.film_links.filter(show_release_dates=True)
        self.assertEqual([link.film for link in boxed], [fallout])
        links = {link.placement: link.target_article.slug for link in imported.links}
        self.assertEqual(
            links,
            {
                "inline": "mission-impossible-fallout-trailer-2-cruise-vs-cavill",
                "next": "mission-impossible-fallout-posters-full-team",
            },
        )
        self.assertEqual([source.slug for source in imported.sources], ["paramount"])
        self.assertIn("wade-eastwood", {person.slug for person in imported.people})

    def test_exclusive_story(self):
        imported = self.read("001")
        self.assertTrue(imported.story.is_exclusive)
        self.assertEqual([film.slug for film in imported.films], ["mission-impossible-fallout"])
        self.assertIn("craig-obrien", {person.slug for person in imported.people})
        read_more = imported.story.related_links.filter(placement=RelatedLink.Placement.READ_MORE)
        self.assertEqual({link.source.slug for link in read_more}, {"yahoo-entertainment"})
        self.assertEqual(read_more.count(), 3)
        self.assertIn("<strong>Watch:</strong>", imported.story.body)
