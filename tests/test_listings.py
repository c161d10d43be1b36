"""Story lists: live stories as cards, newest first, every page by keyset, in two queries."""

from datetime import timedelta
from unittest import mock, skipUnless

from django.db import connection
from django.template import engines
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag

from articles import listings
from articles.models import Article
from tests.factories import (
    add_byline,
    add_citation,
    add_film,
    library_image,
    make_article,
    make_author,
    make_film,
    make_person,
    make_source,
    make_story_per_state,
)

CARD = engines["jinja2"].from_string(
    '{% from "articles/includes/story_card.html" import story_card %}{{ story_card(story) }}'
)
SIZE = 3


def every_page(list_page):
    """The headlines of every page `list_page(cursor)` gives, following each page's cursor."""
    pages, cursor = [], None
    while True:
        stories, cursor = list_page(cursor)
        pages.append([story.headline for story in stories])
        if cursor is None:
            return pages


def in_pages(queryset):
    """`queryset`'s headlines newest first, in pages of SIZE."""
    headlines = list(queryset.order_by("-publish_at", "-id").values_list("headline", flat=True))
    return [headlines[n : n + SIZE] for n in range(0, len(headlines), SIZE)] or [[]]


@override_settings(NEWSROOM_PAGE_SIZE=SIZE)
class ListingTests(TestCase):
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

    def subject_pages(self):
        """(name, a function giving a page of the subject's stories for a cursor)."""
        live = Article.objects.live
        return [
            ("tag", lambda cursor: listings.newest_tagged(live(), self.tag, cursor)),
            ("film", lambda cursor: listings.newest_about(live().about_film(self.film), cursor)),
            ("person", lambda cursor: listings.newest_about(live().about_person(self.person), cursor)),
            ("source", lambda cursor: listings.newest_about(live().citing(self.source), cursor)),
            ("author", lambda cursor: listings.newest_about(live().by_author(self.author), cursor)),
        ]

    def test_the_newest_pages_are_the_live_stories_newest_first(self):
        pages = every_page(lambda cursor: listings.newest(Article.objects.live(), cursor))
        self.assertEqual(pages, in_pages(Article.objects.live()))
        self.assertIn("The live story", sum(pages, []))
        for hidden in ("draft", "in_review", "archived", "scheduled", "expired", "embargoed"):
            self.assertNotIn(f"The {hidden} story", sum(pages, []))

    def test_a_subjects_pages_are_its_live_stories_newest_first(self):
        # The seven linked stories and, of the stories in every other state, the live one.
        expected = in_pages(Article.objects.live().exclude(pk=self.unlinked.pk))
        self.assertEqual(len(sum(expected, [])), 8)
        for name, list_page in self.subject_pages():
            with self.subTest(name):
                self.assertEqual(every_page(list_page), expected)

    def test_a_story_rescheduled_by_the_write_path_moves_on_its_tags_page(self):
        from articles import changes

        story = self.linked[6]
        story.publish_at = self.now - timedelta(minutes=1)
        changes.save_story(story)
        pages = every_page(self.subject_pages()[0][1])
        self.assertEqual(pages[0][0], story.headline)
        self.assertEqual(pages, in_pages(Article.objects.live().exclude(pk=self.unlinked.pk)))

    def test_a_story_published_by_a_plain_save_is_on_its_tags_first_page(self):
        """Outside the write path the tag link's copy of the publication time is not kept, but
        the first page does not depend on it: the story is there at once."""
        story = self.hidden[3]  # scheduled
        self.assertEqual(story.headline, "The scheduled story")
        story.publish_at = timezone.now() - timedelta(seconds=1)
        story.save()
        first_page, _ = self.subject_pages()[0][1](None)
        self.assertIn("The scheduled story", [s.headline for s in first_page])

    def test_a_scheduled_story_joins_every_list_at_its_time(self):
        due = self.now + timedelta(hours=1)
        for name, list_page in [("home", lambda c: listings.newest(Article.objects.live(), c))] + (
            self.subject_pages()
        ):
            with self.subTest(name):
                with mock.patch("django.utils.timezone.now", return_value=due - timedelta(seconds=1)):
                    before = sum(every_page(list_page), [])
                with mock.patch("django.utils.timezone.now", return_value=due):
                    at_due = sum(every_page(list_page), [])
                self.assertNotIn("The scheduled story", before)
                self.assertIn("The scheduled story", at_due)

    def test_a_page_is_two_queries_and_its_cards_need_no_more(self):
        story = make_article(headline="Pictured", lead_image=library_image())
        ann, bo = make_author(name="Ann"), make_author(name="Bo")
        add_byline(story, bo, order=2)
        add_byline(story, ann, order=1)
        with CaptureQueriesContext(connection) as queries:
            [card, *_], _ = listings.newest(Article.objects.live())
            html = CARD.render({"story": card})
        self.assertEqual(len(queries), 2)
        self.assertEqual(card.pk, story.pk)
        self.assertEqual([b.author.name for b in card.byline_list], ["Ann", "Bo"])
        self.assertIn('alt="A still"', html)
        self.assertIn('By <a href="/authors/', html)
        self.assertIn(">Ann</a> and <a", html)
        # Only what a card shows is read: not the body, its text or the search vector.
        self.assertTrue({"body", "body_text", "search_vector"} <= card.get_deferred_fields())

    @override_settings(NEWSROOM_PAGE_SIZE=100)
    def test_a_subjects_page_is_two_queries_however_many_stories(self):
        for name, list_page in self.subject_pages():
            with self.subTest(name), CaptureQueriesContext(connection) as queries:
                stories, cursor = list_page(None)
            self.assertEqual((len(stories), cursor, len(queries)), (8, None, 2))


class TagWalkTests(TestCase):
    def test_a_tags_links_have_an_index_newest_first(self):
        with connection.cursor() as cursor:
            found = connection.introspection.get_constraints(cursor, "articles_taggedstory")
        self.assertEqual(
            found["tagged_story_newest"]["columns"], ["tag_id", "publish_at", "content_object_id"]
        )
        self.assertEqual(found["tagged_story_newest"]["orders"], ["ASC", "DESC", "DESC"])

    @skipUnless(connection.vendor == "postgresql", "reads PostgreSQL's plan")
    @override_settings(NEWSROOM_PAGE_SIZE=SIZE)
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
        with connection.cursor() as cursor:
            # Statistics of these rows, whatever earlier tests (or autovacuum) left: without them the
            # planner guesses the tables' sizes, and run alone this test got another index.
            cursor.execute("ANALYZE articles_article, articles_taggedstory")
            # The table is tiny here: without these, reading it whole would be the cheaper plan.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_bitmapscan = off")
            with CaptureQueriesContext(connection) as queries:
                listings.newest_tagged(Article.objects.live(), tag)
            sql = queries.captured_queries[0]["sql"]
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
            plan = cursor.fetchone()[0][0]["Plan"]
        scans = [node for node in plan_nodes(plan) if node.get("Relation Name") == "articles_taggedstory"]
        self.assertEqual([scan["Index Name"] for scan in scans], ["tagged_story_newest"])
        # The page and one more, and at most the other states' stories passed on the way.
        self.assertLessEqual(scans[0]["Actual Rows"], SIZE + 1 + len(others))


def plan_nodes(node):
    yield node
    for child in node.get("Plans", []):
        yield from plan_nodes(child)
