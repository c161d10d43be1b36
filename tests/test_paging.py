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

    def test_a_page_chosen_by_id_and_fetched_whole_is_the_same_page(self):
        now = timezone.now()
        moment = now - timedelta(hours=3)
        for n in range(7):
            make_article(publish_at=now - timedelta(hours=n + 1), headline=f"Story {n}")
        make_article(publish_at=moment, headline="Tie")
        make_article(headline="Draft", status=Article.Status.DRAFT)
        live = Article.objects.live()
        first, cursor = paging.older_than(live, None, 3)
        by_id, same_cursor = paging.older_than(live.only("pk"), None, 3, fetch=Article.objects.all())
        self.assertEqual([s.pk for s in by_id], [s.pk for s in first])
        self.assertEqual(same_cursor, cursor)
        # The stories come from `fetch`, whole, not from the narrowed queryset that chose them.
        self.assertEqual(by_id[0].get_deferred_fields(), set())
        second, _ = paging.older_than(live, cursor, 3)
        second_by_id, _ = paging.older_than(live, cursor, 3, fetch=Article.objects.defer("body"))
        self.assertEqual([s.pk for s in second_by_id], [s.pk for s in second])
        self.assertEqual(len(second_by_id), 3)
        self.assertIn("body", second_by_id[0].get_deferred_fields())
        self.assertNotIn("Draft", [s.headline for s in first + second])


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
