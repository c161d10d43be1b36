from datetime import timedelta
from unittest import skipUnless

from django.db import connection
from django.test import TestCase
from django.utils import timezone

from articles import paging
from articles.models import Article
from tests.factories import make_article


class CursorTests(TestCase):
    def test_cursor_round_trips(self):
        story = make_article()
        self.assertEqual(paging.decode(paging.encode(story)), (story.publish_at, story.pk))

    def test_older_keeps_ties_in_id_order(self):
        moment = timezone.now() - timedelta(hours=1)
        newer, same_low, same_high, older = (
            make_article(publish_at=moment + timedelta(minutes=1)),
            make_article(publish_at=moment),
            make_article(publish_at=moment),
            make_article(publish_at=moment - timedelta(minutes=1)),
        )
        found = set(Article.objects.filter(paging.older(moment, same_high.pk)))
        self.assertEqual(found, {same_low, older})
        self.assertNotIn(newer, found)

    def test_a_cursor_decodes_to_the_story_it_was_made_from(self):
        story = make_article(publish_at=timezone.now())
        self.assertEqual(paging.decode(paging.encode(story)), (story.publish_at, story.pk))

    def test_split_gives_the_page_and_the_next_pages_cursor_only_when_there_is_one(self):
        now = timezone.now()
        stories = [make_article(publish_at=now - timedelta(hours=n)) for n in range(4)]
        page, cursor = paging.split(stories, 3)
        self.assertEqual((page, cursor), (stories[:3], paging.encode(stories[2])))
        self.assertEqual(paging.split(stories[:3], 3), (stories[:3], None))
        self.assertEqual(paging.split([], 3), ([], None))


@skipUnless(connection.vendor == "postgresql", "reads PostgreSQL's plan")
class SeekTests(TestCase):
    def test_an_older_page_seeks_to_its_cursor_in_the_index(self):
        """The cursor's time bounds the index scan itself, not a filter run over newer stories."""
        for n in range(30):
            make_article(publish_at=timezone.now() - timedelta(hours=n + 1))
        moment = timezone.now() - timedelta(hours=10)
        page = Article.objects.live().filter(paging.older(moment, 1)).order_by("-publish_at", "-id")[:21]
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_bitmapscan = off")
        plan = page.explain()
        index_conditions = [line for line in plan.splitlines() if "Index Cond" in line]
        self.assertTrue(index_conditions, plan)
        self.assertIn(moment.strftime("%Y-%m-%d %H:%M:%S"), " ".join(index_conditions), plan)
