"""Stories through the API: a story whole, lists filtered, trimmed and paged by cursor, and bad
parameters answered with 400 and each parameter's problem."""

from datetime import timedelta

import pytest
from django.test import TestCase
from django.utils import timezone

from articles import changes
from articles.models import Article

from ..factories import add_byline, make_article, make_author, make_film, make_full_story, make_review


class StoryDetailTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.full = make_full_story()
        changes.save_image(cls.full.story.lead_image, remake_renditions=True)

    def test_a_story_whole_as_its_page_shows_it(self):
        story = self.full.story
        data = self.client.get(f"/api/v1/stories/{story.pk}").json()
        self.assertEqual(data["headline"], story.headline)
        self.assertEqual(data["status"], "live")
        self.assertEqual(data["url"], f"http://testserver/articles/{story.slug}/")
        self.assertEqual([b["name"] for b in data["bylines"]], [a.name for a in self.full.authors])
        self.assertEqual([f["film"]["slug"] for f in data["films"]], [self.full.film.slug])
        self.assertEqual([p["slug"] for p in data["people"]], [self.full.person.slug])
        self.assertEqual(data["citations"][0]["source"]["slug"], self.full.source.slug)
        self.assertEqual(data["citations"][0]["url"], "https://example.com/cited")
        self.assertEqual(data["corrections"][0]["note"], "An earlier version misspelled a name.")
        self.assertIn("<p>First paragraph.</p>", data["body_html"])
        # Typed links: inline after its paragraph, NEXT, Read more with its source; only live targets.
        placements = [(link["placement"], link["story_id"]) for link in data["links"]]
        self.assertIn(("inline", self.full.linked.pk), placements)
        self.assertIn(("next", self.full.linked.pk), placements)
        self.assertIn(("read_more", None), placements)
        hidden = {story.pk for story in self.full.hidden_links.values()}
        self.assertFalse(hidden & {link["story_id"] for link in data["links"]})
        image = data["lead_image"]
        self.assertEqual(image["alt"], "A still")
        self.assertEqual(image["credit"], "Courtesy of the studio")
        formats = {rendition["format"] for rendition in image["renditions"]}
        self.assertEqual(formats, {"webp", "jpeg"})
        for rendition in image["renditions"]:
            self.assertTrue(rendition["url"].startswith("http://testserver/"), rendition)
            self.assertGreater(rendition["width"], 0)
        self.assertEqual([item["@type"] for item in data["json_ld"]], ["NewsArticle", "BreadcrumbList"])

    def test_by_slug_is_the_same_story(self):
        story = self.full.story
        by_id = self.client.get(f"/api/v1/stories/{story.pk}").json()
        by_slug = self.client.get(f"/api/v1/stories/by-slug/{story.slug}").json()
        self.assertEqual(by_id, by_slug)

    def test_constant_queries(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            self.client.get(f"/api/v1/stories/{self.full.story.pk}")
        other = make_full_story()
        with self.assertNumQueries(len(captured)):
            self.client.get(f"/api/v1/stories/{other.story.pk}")
        self.assertLessEqual(len(captured), 14)

    def test_ids_out_of_range_are_404_not_500(self):
        for address in ("/api/v1/stories/0", f"/api/v1/stories/{2**64}", "/api/v1/stories/abc"):
            with self.subTest(address=address):
                response = self.client.get(address)
                self.assertIn(response.status_code, (400, 404))
                self.assertIn("error", response.json())


class ReviewTests(TestCase):
    def test_a_review_gives_its_rating_on_the_scale(self):
        film = make_film(title="Fallout")
        review = make_review(film, rating="4.5", verdict="Soars.")
        data = self.client.get(f"/api/v1/stories/{review.pk}").json()
        self.assertEqual(data["rating"], 4.5)
        self.assertEqual(data["review"]["film"]["slug"], film.slug)
        self.assertEqual(data["review"]["verdict"], "Soars.")
        self.assertEqual(data["review"]["best_rating"], 5.0)
        self.assertIn("Review", [item["@type"] for item in data["json_ld"]])


class StoryListTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        now = timezone.now()
        cls.stories = [
            make_article(
                headline=f"Story {n}",
                publish_at=now - timedelta(hours=n),
                kind="news" if n % 2 else "feature",
            )
            for n in range(1, 8)
        ]
        cls.author = make_author(name="Dana Reyes", slug="dana-reyes")
        add_byline(cls.stories[0], cls.author)

    def get(self, **params):
        response = self.client.get("/api/v1/stories", params)
        self.assertEqual(response.status_code, 200, response.content)
        return response.json()

    def test_pages_by_cursor_newest_first_and_stable_under_inserts(self):
        first = self.get(limit=3)
        self.assertEqual([r["headline"] for r in first["results"]], ["Story 1", "Story 2", "Story 3"])
        self.assertTrue(first["next"].startswith("http://testserver/api/v1/stories?"))
        # A story published meanwhile does not shift the next page.
        make_article(headline="Breaking", publish_at=timezone.now())
        second = self.get(limit=3, cursor=first["next_cursor"])
        self.assertEqual([r["headline"] for r in second["results"]], ["Story 4", "Story 5", "Story 6"])
        last = self.get(limit=3, cursor=second["next_cursor"])
        self.assertEqual([r["headline"] for r in last["results"]], ["Story 7"])
        self.assertIsNone(last["next"])
        self.assertIsNone(last["next_cursor"])

    def test_filters(self):
        self.assertEqual({r["kind"] for r in self.get(kind="feature")["results"]}, {"feature"})
        by_author = self.get(author="dana-reyes")["results"]
        self.assertEqual([r["headline"] for r in by_author], ["Story 1"])
        since = (timezone.now() - timedelta(hours=2, minutes=30)).isoformat()
        self.assertEqual([r["headline"] for r in self.get(since=since)["results"]], ["Story 1", "Story 2"])
        until = (timezone.now() - timedelta(hours=6, minutes=30)).isoformat()
        self.assertEqual([r["headline"] for r in self.get(until=until)["results"]], ["Story 7"])
        self.assertEqual(self.get(author="no-such-author")["results"], [])
        # Moments beyond the times a story can have are the same as the furthest it can.
        self.assertEqual(len(self.get(since="0001-01-01T00:00:00Z")["results"]), 7)
        self.assertEqual(self.get(until="0001-01-01T00:00:00Z")["results"], [])
        self.assertEqual(len(self.get(until="9999-12-31T23:59:59Z")["results"]), 7)

    def test_fields_trim_and_include_adds(self):
        trimmed = self.get(limit=1, fields="headline,url")["results"][0]
        self.assertEqual(set(trimmed), {"id", "headline", "url"})
        plain = self.get(limit=1)["results"][0]
        self.assertNotIn("bylines", plain)
        included = self.get(limit=1, include="bylines,tags,corrections")["results"][0]
        self.assertEqual([b["slug"] for b in included["bylines"]], ["dana-reyes"])
        self.assertEqual(included["tags"], [])

    def test_bad_parameters_are_400_with_the_field_named(self):
        cases = {
            "limit": {"limit": "101"},
            "cursor": {"cursor": "not-a-cursor"},
            "fields": {"fields": "headline,password"},
            "include": {"include": "everything"},
            "kind": {"kind": "gossip"},
            "since": {"since": "yesterday"},
            "q": {"q": "x" * 201},
        }
        for field, params in cases.items():
            with self.subTest(field=field):
                response = self.client.get("/api/v1/stories", params)
                self.assertEqual(response.status_code, 400, response.content)
                error = response.json()["error"]
                self.assertEqual(error["code"], "invalid")
                self.assertIn(field, error["fields"])

    def test_constant_queries_whatever_the_page_size(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from ..factories import library_image

        image = library_image(credit="Studio")
        Article.objects.filter(pk__in=[story.pk for story in self.stories]).update(lead_image=image)

        includes = "bylines,tags,films,people,citations,links,corrections"
        with CaptureQueriesContext(connection) as small:
            self.get(limit=1, include=includes)
        with self.assertNumQueries(len(small)):
            self.get(limit=7, include=includes)


@pytest.mark.django_db
def test_unknown_addresses_and_methods_answer_json(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert client.post("/api/v1/stories").status_code == 405


@pytest.mark.django_db
def test_a_film_and_its_release_dates(client):
    from ..factories import add_film, make_release_date

    film = make_film(title="Fallout", slug="fallout")
    make_release_date(film, country="US")
    make_release_date(film, country="GB", kind="digital")
    make_release_date(film, country="FR", precision="tba", date=None)
    add_film(make_article(), film)
    data = client.get("/api/v1/films/fallout").json()
    assert {(r["country"], r["precision"]) for r in data["release_dates"]} == {
        ("US", "day"),
        ("GB", "day"),
        ("FR", "tba"),
    }
    dated = client.get("/api/v1/release-dates", {"country": "gb"}).json()["results"]
    assert [(r["film"]["slug"], r["kind"]) for r in dated] == [("fallout", "digital")]
    ranged = client.get("/api/v1/release-dates", {"from": "2018-07-01", "to": "2018-07-31"}).json()["results"]
    assert len(ranged) == 2
    paged = client.get("/api/v1/release-dates", {"limit": 1}).json()
    following = client.get("/api/v1/release-dates", {"limit": 1, "cursor": paged["next_cursor"]}).json()
    assert paged["results"][0]["id"] != following["results"][0]["id"]
    assert len(client.get("/api/v1/release-dates", {"from": "0001-01-01"}).json()["results"]) == 2
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_nul_bytes_and_stray_characters_are_400_not_500(client):
    """PostgreSQL refuses a NUL byte in a text value: such parameters never reach a query."""
    make_article()
    addresses = [
        ("/api/v1/stories", {"person": "\x00"}),
        ("/api/v1/stories", {"tag": "a b"}),
        ("/api/v1/release-dates", {"country": "\x00A"}),
        ("/api/v1/people", {"cursor": "\x00"}),
        ("/api/v1/stories/by-slug/%00", {}),
        ("/api/v1/films/%00", {}),
        ("/api/v1/tags/%00/stories", {}),
    ]
    for address, params in addresses:
        response = client.get(address, params)
        assert response.status_code == 400, (address, params, response.status_code)
        assert response.json()["error"]["code"] == "invalid"
