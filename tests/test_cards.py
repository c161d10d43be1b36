"""Story cards: a page of a list in one query, the same stories the ORM's live() would give."""

from datetime import timedelta
from unittest import skipUnless

from django.db import connection
from django.template import engines
from django.test import TestCase, TransactionTestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag

from articles import cards, paging
from articles.models import Article
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
from tests.test_renditions import library_image

CARD = engines["jinja2"].from_string(
    '{% from "articles/includes/story_card.html" import story_card %}{{ story_card(story) }}'
)

SIZE = 3


def every_page(query, at, size=SIZE, **values):
    """The pages of `size` that `query` gives at `at`, following each page's cursor to the next."""
    pages, cursor = [], None
    while True:
        moment, last = paging.start(cursor, at)
        page, cursor = paging.split(cards.page(query, at=at, moment=moment, last=last, **values), size)
        pages.append([story.headline for story in page])
        if cursor is None:
            return pages


def in_pages(queryset):
    """`queryset`'s headlines newest first, in pages of SIZE."""
    headlines = list(queryset.order_by("-publish_at", "-id").values_list("headline", flat=True))
    return [headlines[n : n + SIZE] for n in range(0, len(headlines), SIZE)] or [[]]


class CardPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.now = timezone.now()
        cls.tag = Tag.objects.create(name="Stunts", slug="stunts")
        cls.film, cls.person = make_film(), make_person()
        cls.source, cls.author = make_source(), make_author()
        moment = cls.now - timedelta(hours=5)
        # Seven linked stories, two of them published at the same moment; one unlinked story.
        cls.linked = [
            make_article(headline=f"Linked {n}", publish_at=moment if n in (2, 3) else moment - timedelta(n))
            for n in range(7)
        ]
        cls.unlinked = make_article(headline="Unlinked")
        cls.hidden = list(make_story_per_state(cls.now).values())
        for story in cls.linked + cls.hidden:
            story.tags.add(cls.tag)
            story.people.add(cls.person)
            add_film(story, cls.film)
            add_citation(story, cls.source)
            add_byline(story, cls.author)
        cls.subjects = {
            "tags": cls.tag,
            "film_links__film": cls.film,
            "people": cls.person,
            "citations__source": cls.source,
            "bylines__author": cls.author,
        }

    def test_latest_pages_are_the_live_stories_newest_first(self):
        pages = every_page(cards.latest(SIZE), self.now)
        self.assertEqual(pages, in_pages(Article.objects.live(self.now)))
        self.assertIn("The live story", sum(pages, []))
        for hidden in ("draft", "in_review", "archived", "scheduled", "expired", "embargoed"):
            self.assertNotIn(f"The {hidden} story", sum(pages, []))

    def subject_queries(self, size=SIZE):
        """(name, card query, its subject) for every kind of subject page."""
        found = [
            (lookup, cards.about(lookup, type(subject), size), subject)
            for lookup, subject in self.subjects.items()
        ]
        return [*found, ("tagged", cards.tagged(size), self.tag)]

    def test_a_subjects_pages_are_its_live_stories_newest_first(self):
        # The seven linked stories and, of the stories in every other state, the live one.
        expected = in_pages(Article.objects.live(self.now).exclude(pk=self.unlinked.pk))
        self.assertEqual(len(sum(expected, [])), 8)
        for name, query, subject in self.subject_queries():
            with self.subTest(name):
                self.assertEqual(every_page(query, self.now, subject=subject.pk), expected)

    def test_a_rescheduled_story_moves_on_its_tags_page(self):
        story = self.linked[6]
        story.publish_at = self.now - timedelta(minutes=1)
        story.save()
        pages = every_page(cards.tagged(SIZE), self.now, subject=self.tag.pk)
        self.assertEqual(pages[0][0], story.headline)
        self.assertEqual(pages, in_pages(Article.objects.live(self.now).exclude(pk=self.unlinked.pk)))

    def test_scheduled_story_joins_at_its_time_with_the_query_compiled(self):
        due = self.now + timedelta(hours=1)
        for query, values in [
            (cards.latest(SIZE), {}),
            (cards.about("tags", Tag, SIZE), {"subject": self.tag.pk}),
            (cards.tagged(SIZE), {"subject": self.tag.pk}),
        ]:
            with self.subTest(query=query.name):
                before = sum(every_page(query, due - timedelta(seconds=1), **values), [])
                at_due = sum(every_page(query, due, **values), [])
                self.assertNotIn("The scheduled story", before)
                self.assertIn("The scheduled story", at_due)

    def test_a_card_shows_its_bylines_and_lead_image_with_no_further_query(self):
        story = make_article(headline="Pictured", lead_image=library_image())
        ann, bo = make_author(name="Ann"), make_author(name="Bo")
        add_byline(story, bo, order=2)
        add_byline(story, ann, order=1)
        at = timezone.now()
        moment, last = paging.start(None, at)
        cards.page(cards.latest(SIZE), at=at, moment=moment, last=last)  # Prepared on PostgreSQL.
        with CaptureQueriesContext(connection) as queries:
            [card, *_] = cards.page(cards.latest(SIZE), at=at, moment=moment, last=last)
            html = CARD.render({"story": card})
        self.assertEqual(len(queries), 1)
        self.assertEqual(card.pk, story.pk)
        self.assertEqual([b.author.name for b in card.bylines.all()], ["Ann", "Bo"])
        self.assertEqual(card.lead_image.alt_text, "A still")
        self.assertIn('alt="A still"', html)
        self.assertIn('By <a href="/authors/', html)
        self.assertIn(">Ann</a> and <a", html)
        # Only what a card shows is read: not the body, its text or the search vector.
        self.assertTrue({"body", "body_text", "search_vector"} <= card.get_deferred_fields())

    def test_a_subjects_page_is_one_query(self):
        for name, query, subject in self.subject_queries(100):
            query(at=self.now, moment=self.now, last=paging.LAST_ID, subject=subject.pk)  # Prepared.
            with self.subTest(name), CaptureQueriesContext(connection) as queries:
                pages = every_page(query, self.now, 100, subject=subject.pk)
            self.assertEqual((len(pages), len(queries)), (1, 1))


@skipUnless(connection.vendor == "postgresql", "server-side prepared statements are PostgreSQL's")
class CardStatementTests(TransactionTestCase):
    def statements(self, query, **values):
        moment, last = paging.start(None, timezone.now())
        with CaptureQueriesContext(connection) as queries:
            cards.page(query, at=timezone.now(), moment=moment, last=last, **values)
        return [q["sql"].split(" ", 1)[0] for q in queries.captured_queries]

    def test_latest_is_prepared_and_a_subjects_page_is_planned_for_its_subject(self):
        """One plan serves every home page; a tag on five stories and one on fifty thousand
        want different plans, so the server plans a subject's page for its subject."""
        tag = Tag.objects.create(name="Stunts", slug="stunts")
        make_article().tags.add(tag)
        latest = cards.latest(SIZE)
        self.assertEqual(self.statements(latest)[-1], "EXECUTE")
        self.assertEqual(self.statements(latest), ["EXECUTE"])
        about = cards.about("tags", Tag, SIZE)
        self.assertEqual(self.statements(about, subject=tag.pk), ["SELECT"])
        self.assertEqual(self.statements(about, subject=tag.pk), ["SELECT"])
        # A tag's page walks its links, whatever the tag's size: one plan serves every tag.
        self.assertEqual(self.statements(cards.tagged(SIZE), subject=tag.pk)[-1], "EXECUTE")


class TagWalkTests(TestCase):
    def test_a_tags_links_have_an_index_newest_first(self):
        with connection.cursor() as cursor:
            found = connection.introspection.get_constraints(cursor, "articles_taggedstory")
        self.assertEqual(
            found["tagged_story_newest"]["columns"], ["tag_id", "publish_at", "content_object_id"]
        )
        self.assertEqual(found["tagged_story_newest"]["orders"], ["ASC", "DESC", "DESC"])

    @skipUnless(connection.vendor == "postgresql", "reads PostgreSQL's plan")
    def test_a_tags_page_reads_only_the_links_it_shows(self):
        """The page walks the tag's links newest first down tagged_story_newest and stops when
        it is full: of a tag's forty-odd stories, it reads about a page's worth."""
        tag = Tag.objects.create(name="Stunts", slug="stunts")
        now = timezone.now()
        for n in range(40):
            make_article(publish_at=now - timedelta(hours=n + 1)).tags.add(tag)
        others = make_story_per_state(now).values()
        for story in others:
            story.tags.add(tag)
        query = cards.tagged(SIZE)
        query(at=now, moment=now, last=paging.LAST_ID, subject=tag.pk)
        sql, params, slots, _ = query.compiled["default"]
        params = list(params)
        for name, value in {"at": now, "moment": now, "last": paging.LAST_ID, "subject": tag.pk}.items():
            for position in slots[name]:
                params[position] = value
        with connection.cursor() as cursor:
            # The table is tiny here: without these, reading it whole would be the cheaper plan.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_bitmapscan = off")
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0][0]["Plan"]
        scans = [node for node in plan_nodes(plan) if node.get("Relation Name") == "articles_taggedstory"]
        self.assertEqual([scan["Index Name"] for scan in scans], ["tagged_story_newest"])
        # The page and one more, and at most the other states' stories passed on the way.
        self.assertLessEqual(scans[0]["Actual Rows"], SIZE + 1 + len(others))


def plan_nodes(node):
    yield node
    for child in node.get("Plans", []):
        yield from plan_nodes(child)
