"""The subjects' rule (articles.models.subjects): a tag, film, person, source or author is public
only while a live story is about it: its page, feeds and sitemap entry, and the links other
subjects' pages give it. Tried with one subject per story state, each named after its state."""

import json
from xml.etree import ElementTree

from bs4 import BeautifulSoup
from django.test import TestCase

from articles.models import Credit
from tests.factories import (
    add_byline,
    add_citation,
    add_film,
    make_article,
    make_author,
    make_film,
    make_person,
    make_source,
    make_story_per_state,
)

KINDS = ("tags", "films", "people", "sources", "authors")


class SubjectsOfHiddenStoriesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.stories = make_story_per_state()
        for state, story in cls.stories.items():
            slug = f"{state}-scoop"
            story.tags.add(slug)
            add_film(story, make_film(title=f"Film of the {state} story", slug=slug))
            story.people.add(make_person(name=f"Person of the {state} story", slug=slug))
            add_citation(story, make_source(name=f"Source of the {state} story", slug=slug))
            add_byline(story, make_author(name=f"Author of the {state} story", slug=slug))
        # Named in no story at all.
        make_film(slug="unmentioned-scoop")
        make_person(slug="unmentioned-scoop")
        make_source(slug="unmentioned-scoop")
        make_author(slug="unmentioned-scoop")

    def hidden_states(self):
        return [*(state for state in self.stories if state != "live"), "unmentioned"]

    def test_pages_and_feeds_exist_only_for_subjects_of_live_stories(self):
        for kind in KINDS:
            for suffix, expected in (("", 200), ("feed/", 200), ("feed/atom/", 200)):
                with self.subTest(kind=kind, page=suffix or "page", state="live"):
                    self.assertEqual(self.client.get(f"/{kind}/live-scoop/{suffix}").status_code, expected)
                for state in self.hidden_states():
                    with self.subTest(kind=kind, page=suffix or "page", state=state):
                        response = self.client.get(f"/{kind}/{state}-scoop/{suffix}")
                        self.assertEqual(response.status_code, 404)
                        self.assertNotIn(f"of the {state} story", response.content.decode())

    def test_sitemaps_list_only_subjects_of_live_stories(self):
        namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
        for kind in KINDS:
            with self.subTest(kind=kind):
                root = ElementTree.fromstring(self.client.get(f"/sitemap-{kind}.xml").content)
                locations = [loc.text for loc in root.findall(".//s:loc", namespace)]
                self.assertEqual(locations, [f"http://testserver/{kind}/live-scoop/"])

    def test_a_subject_goes_when_its_last_live_story_does(self):
        live = self.stories["live"]
        live.status = live.Status.DRAFT
        live.save()
        for kind in KINDS:
            with self.subTest(kind=kind):
                self.assertEqual(self.client.get(f"/{kind}/live-scoop/").status_code, 404)


class CreditLinksTests(TestCase):
    """A film's page links a credited person, and a person's page a film, only where that page
    is public; the name is still shown."""

    @classmethod
    def setUpTestData(cls):
        cls.film = make_film(title="Fallout", slug="fallout")
        cls.other_film = make_film(title="Rogue Nation", slug="rogue-nation")
        cls.star = make_person(name="Tom Cruise", slug="tom-cruise")
        cls.secret = make_person(name="Unannounced Star", slug="unannounced-star")
        story = make_article()
        add_film(story, cls.film)
        story.people.add(cls.star)
        hidden = make_article(status="draft")
        hidden.people.add(cls.secret)
        add_film(hidden, cls.other_film)
        Credit.objects.create(film=cls.film, person=cls.star, role="cast", order=1)
        Credit.objects.create(film=cls.film, person=cls.secret, role="cast", order=2)
        Credit.objects.create(film=cls.other_film, person=cls.star, role="cast", order=1)

    def credits(self, url):
        soup = BeautifulSoup(self.client.get(url).content, "html.parser")
        items = [(item.get_text(), item.a["href"] if item.a else None) for item in soup.select(".credits li")]
        return items, soup

    def test_a_films_credits_link_only_public_people(self):
        items, soup = self.credits("/films/fallout/")
        self.assertEqual(
            items, [("Tom Cruise: Cast", "/people/tom-cruise/"), ("Unannounced Star: Cast", None)]
        )
        movie = json.loads(soup.select("script[type='application/ld+json']")[0].string)
        actors = {actor["name"]: actor.get("url") for actor in movie["actor"]}
        self.assertEqual(
            actors, {"Tom Cruise": "http://testserver/people/tom-cruise/", "Unannounced Star": None}
        )

    def test_a_persons_credits_link_only_public_films(self):
        items, _ = self.credits("/people/tom-cruise/")
        self.assertEqual(
            sorted(items), [("Fallout (2018): Cast", "/films/fallout/"), ("Rogue Nation (2018): Cast", None)]
        )
