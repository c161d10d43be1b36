"""A story's parts: fetched in eight queries, kept between renders, dropped per story or for all."""

import pytest
from django.core.cache import cache
from django.test import TestCase, override_settings

from articles.story_parts import VERSION_KEY, StoryParts, forget_all_parts, forget_parts, parts_of
from tests.factories import make_full_story

pytestmark = pytest.mark.page_cache

# Bylines, tags, people, films, their release dates, citations, related links, corrections.
PARTS_QUERIES = 8


@override_settings(NEWSROOM_STORY_PARTS_SECONDS=300)
class KeptPartsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.full = make_full_story()
        cls.other = make_full_story()

    def test_the_parts_are_fetched_in_a_fixed_number_of_queries(self):
        with self.assertNumQueries(PARTS_QUERIES):
            parts = StoryParts.fetch(self.full.story)
        self.assertEqual([b.author for b in parts.bylines], self.full.authors)
        self.assertEqual(parts.people, [self.full.person])
        self.assertEqual([link.film for link in parts.film_links], [self.full.film])
        self.assertEqual(len(parts.film_links[0].film.release_dates.all()), 2)
        self.assertEqual(len(parts.links), 3 + len(self.full.hidden_links))
        self.assertEqual(len(parts.corrections), 1)

    def test_a_kept_copy_serves_the_next_render_without_a_query(self):
        first = parts_of(self.full.story)
        with self.assertNumQueries(0):
            again = parts_of(self.full.story)
        self.assertEqual([t.name for t in again.tags], [t.name for t in first.tags])
        self.assertEqual([b.author.name for b in again.bylines], [b.author.name for b in first.bylines])

    def test_forgetting_one_storys_parts_keeps_the_others(self):
        parts_of(self.full.story), parts_of(self.other.story)
        with self.captureOnCommitCallbacks(execute=True):
            forget_parts(self.full.story.pk)
        with self.assertNumQueries(PARTS_QUERIES):
            parts_of(self.full.story)
        with self.assertNumQueries(0):
            parts_of(self.other.story)

    def test_forgetting_every_storys_parts(self):
        parts_of(self.full.story), parts_of(self.other.story)
        with self.captureOnCommitCallbacks(execute=True):
            forget_all_parts()
        for story in (self.full.story, self.other.story):
            with self.assertNumQueries(PARTS_QUERIES):
                parts_of(story)

    def test_nothing_is_forgotten_before_the_change_commits(self):
        parts_of(self.full.story)
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            forget_parts(self.full.story.pk)
            with self.assertNumQueries(0):
                parts_of(self.full.story)
        self.assertEqual(len(callbacks), 1)

    def test_a_lapsed_version_token_means_fetching_again_never_a_stale_copy(self):
        parts_of(self.full.story)
        cache.delete(VERSION_KEY.format(self.full.story.pk))
        with self.assertNumQueries(PARTS_QUERIES):
            parts_of(self.full.story)
        with self.assertNumQueries(0):
            parts_of(self.full.story)

    @override_settings(
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": "redis://127.0.0.1:1/0",
            }
        }
    )
    def test_with_the_cache_down_the_parts_are_fetched(self):
        with self.assertLogs("articles.story_parts", "WARNING"), self.assertNumQueries(PARTS_QUERIES):
            parts = parts_of(self.full.story)
        self.assertEqual(len(parts.bylines), 2)

    @override_settings(NEWSROOM_STORY_PARTS_SECONDS=0)
    def test_turned_off_every_render_fetches(self):
        for _ in range(2):
            with self.assertNumQueries(PARTS_QUERIES):
                parts_of(self.full.story)
