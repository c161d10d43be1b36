"""Keeping each story's search vector (PostgreSQL): its headline and names, dek and body, stored
in the row, refreshed by the write path and by `manage.py rebuild_search_index`."""

from io import StringIO
from unittest import skipIf

from django.core.management import call_command
from django.db import connection
from django.test import Client, TestCase

from articles.models import Article
from articles.search import refresh_search_vector, search
from tests.admin.helpers import ADD_URL, article_post_data, editor_fields
from tests.factories import add_film, make_article, make_film, make_person, make_user
from tests.search.helpers import headlines_found, on_postgres


def found(text):
    return {story.headline for story in search(Article.objects.live(), text)}


class RefreshTests(TestCase):
    @on_postgres
    def test_a_story_is_found_by_its_tags_films_and_people_once_refreshed(self):
        story = make_article(headline="Second trailer arrives", body="<p>The chase.</p>")
        story.tags.add("Trailers")
        add_film(story, make_film(title="Fallout"))
        story.people.add(make_person(name="Henry Cavill"))
        for name in ("trailers", "Fallout", "Cavill"):
            with self.subTest(name=name):
                self.assertEqual(found(name), set(), "the vector is kept by the write path, not by save()")
        refresh_search_vector(story)
        for name in ("trailers", "Fallout", "Cavill", "chase"):
            with self.subTest(name=name):
                self.assertEqual(found(name), {"Second trailer arrives"})

    @skipIf(connection.vendor == "postgresql", "PostgreSQL keeps a vector")
    def test_without_postgresql_no_vector_is_kept(self):
        story = make_article()
        with self.assertNumQueries(0):
            refresh_search_vector(story)


class RebuildCommandTests(TestCase):
    def test_every_storys_vector_is_recomputed(self):
        story = make_article(headline="Cruise makes the HALO jump")
        self.assertEqual(found("halo"), set() if connection.vendor == "postgresql" else {story.headline})
        out = StringIO()
        call_command("rebuild_search_index", stdout=out)
        if connection.vendor == "postgresql":
            self.assertEqual(out.getvalue().strip(), "Search vectors rebuilt for 1 stories.")
            self.assertEqual(found("halo"), {story.headline})
        else:
            self.assertIn("nothing to rebuild", out.getvalue())


@on_postgres
class StoredVectorTests(TestCase):
    def test_vectors_are_kept_in_the_row_and_compressed_with_lz4(self):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT attstorage, attcompression FROM pg_attribute"
                " WHERE attrelid = 'articles_article'::regclass AND attname = 'search_vector'"
            )
            self.assertEqual(cursor.fetchone(), ("m", "l"))
            story = make_article(
                body="".join(f"<p>Take {n} of the jump, {n * 7919} feet.</p>" for n in range(300))
            )
            refresh_search_vector(story)
            cursor.execute(
                "SELECT pg_column_compression(search_vector) FROM articles_article WHERE id = %s", [story.pk]
            )
            self.assertEqual(cursor.fetchone(), ("lz4",))

    def test_a_body_longer_than_any_story_is_saved_and_found(self):
        # 120,000 distinct words: their full vector would pass PostgreSQL's 1 MB limit.
        words = [f"take{n}x" for n in range(120_000)]
        client = Client()
        client.force_login(make_user("Editors"))
        response = client.post(
            ADD_URL,
            article_post_data(
                slug="the-long-take",
                body=f"<p>{' '.join(words)}</p>",
                **editor_fields(),
                _workflow="publish_now",
            ),
        )
        self.assertEqual(response.status_code, 302)
        story = Article.objects.get(slug="the-long-take")
        self.assertEqual(story.body_text.split(), words)
        self.assertEqual(headlines_found(client.get("/search/", {"q": "take1x"})), ["A headline"])
        # The words past what fits are kept in the story, not in its search vector.
        self.assertEqual(headlines_found(client.get("/search/", {"q": words[-1]})), [])
