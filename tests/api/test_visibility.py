"""One rule of visibility through the API: only live stories, and only subjects a live story is
about, whatever the endpoint, for a story in every editorial state."""

import pytest
from django.test import TestCase

from articles.models import RelatedLink
from articles.search.indexing import refresh_search_vector

from ..factories import (
    add_byline,
    add_citation,
    add_film,
    add_link,
    make_article,
    make_author,
    make_film,
    make_person,
    make_release_date,
    make_source,
    visibility_states,
)

LISTS = [
    "/api/v1/stories",
    "/api/v1/films",
    "/api/v1/people",
    "/api/v1/sources",
    "/api/v1/authors",
    "/api/v1/tags",
]


def story_with_own_subjects(state, fields):
    """A story in `state` with a tag, film (and release date), person, source and author that no
    other story is about."""
    story = make_article(headline=f"The {state} scoop", slug=f"{state}-scoop", **fields)
    story.tags.add(f"{state} tag")
    film = make_film(title=f"{state} film", slug=f"{state}-film")
    make_release_date(film, country="GB")
    add_film(story, film)
    person = make_person(name=f"{state} person", slug=f"{state}-person")
    story.people.add(person)
    add_citation(story, make_source(name=f"{state} source", slug=f"{state}-source"))
    add_byline(story, make_author(name=f"{state} author", slug=f"{state}-author"))
    return story


class VisibilityMatrixTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.stories = {
            state: story_with_own_subjects(state, fields) for state, fields in visibility_states().items()
        }
        # A live story linking to every other one.
        cls.linking = make_article(headline="Links to all", slug="links-to-all")
        for order, story in enumerate(cls.stories.values()):
            add_link(cls.linking, placement=RelatedLink.Placement.NEXT, target_article=story, order=order)

    def everything_listed(self):
        """Every id, slug and name any list or story shows, as one text."""
        texts = [
            self.client.get(f"{url}?limit=100&include=links,films,tags,people,citations,bylines").text
            for url in LISTS
        ]
        texts.append(self.client.get("/api/v1/release-dates?limit=100").text)
        texts.append(self.client.get(f"/api/v1/stories/{self.linking.pk}").text)
        return "\n".join(texts)

    def test_only_the_live_story_and_its_subjects_show(self):
        shown = self.everything_listed()
        for state, story in self.stories.items():
            with self.subTest(state=state):
                live = state == "live"
                for name in (
                    f"The {state} scoop",
                    f"{state}-film",
                    f"{state} tag",
                    f"{state}-person",
                    f"{state}-source",
                    f"{state}-author",
                ):
                    self.assertEqual(name in shown, live, name)
                self.assertEqual(f'/api/v1/stories/{story.pk}"' in shown, live)

    def test_details_and_subject_pages_answer_404_unless_live(self):
        for state, story in self.stories.items():
            expected = 200 if state == "live" else 404
            addresses = [
                f"/api/v1/stories/{story.pk}",
                f"/api/v1/stories/by-slug/{story.slug}",
                f"/api/v1/films/{state}-film",
                f"/api/v1/films/{state}-film/stories",
                f"/api/v1/people/{state}-person",
                f"/api/v1/people/{state}-person/stories",
                f"/api/v1/sources/{state}-source",
                f"/api/v1/sources/{state}-source/stories",
                f"/api/v1/authors/{state}-author",
                f"/api/v1/authors/{state}-author/stories",
                f"/api/v1/tags/{state}-tag",
                f"/api/v1/tags/{state}-tag/stories",
            ]
            for address in addresses:
                with self.subTest(state=state, address=address):
                    response = self.client.get(address)
                    self.assertEqual(response.status_code, expected)
                    if expected == 404:
                        self.assertEqual(response.json()["error"]["code"], "not_found")
                        self.assertNotIn(f"{state} scoop", response.text)

    def test_subject_filters_find_nothing_through_a_hidden_story(self):
        for state in self.stories:
            for param, slug in (
                ("tag", f"{state}-tag"),
                ("film", f"{state}-film"),
                ("person", f"{state}-person"),
                ("source", f"{state}-source"),
                ("author", f"{state}-author"),
            ):
                with self.subTest(state=state, param=param):
                    results = self.client.get("/api/v1/stories", {param: slug}).json()["results"]
                    self.assertEqual(
                        [r["headline"] for r in results], ["The live scoop"] if state == "live" else []
                    )

    def test_links_lead_only_to_live_stories(self):
        links = self.client.get(f"/api/v1/stories/{self.linking.pk}").json()["links"]
        self.assertEqual([link["story_id"] for link in links], [self.stories["live"].pk])

    def test_search_finds_only_the_live_story(self):
        refresh_search_vector(*self.stories.values())
        results = self.client.get("/api/v1/stories", {"q": "scoop"}).json()["results"]
        self.assertEqual([r["headline"] for r in results], ["The live scoop"])


@pytest.mark.django_db
def test_an_embargoed_story_old_slug_does_not_redirect(client):
    """An old slug of a story not live answers 404, not a redirect revealing the new one."""
    from articles.models import SlugRedirect

    story = make_article(slug="new-slug", **visibility_states()["embargoed"])
    SlugRedirect.objects.create(old_slug="old-slug", article=story)
    assert client.get("/api/v1/stories/by-slug/old-slug").status_code == 404
    story.embargo_until = None
    story.save()
    response = client.get("/api/v1/stories/by-slug/old-slug")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/stories/by-slug/new-slug"
