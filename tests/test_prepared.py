"""Prepared queries: compiled once, run with fresh values, same answers as the ORM."""

from datetime import UTC, datetime, timedelta
from unittest import mock, skipUnless

from django.db import connection
from django.test import TestCase, TransactionTestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Correction
from articles.models.folding import folded
from articles.prepared import Prepared
from tests.factories import make_article

STAND_IN_TIME = (datetime(1901, 1, 1, tzinfo=UTC), Article._meta.get_field("publish_at"))
STAND_IN_SLUG = ("no-story-has-this-address", Article._meta.get_field("slug"))


def live_with_notes(at, slug):
    notes = folded(Correction.objects, "article", "id", "note")
    return Article.objects.live(at).filter(slug=slug).annotate(note_rows=notes)


def by_time_and_slug(name, build=live_with_notes):
    """A Prepared query of `build(at, slug)`."""
    return Prepared(name, Article, build, at=STAND_IN_TIME, slug=STAND_IN_SLUG)


class PreparedTests(TestCase):
    def setUp(self):
        self.query = by_time_and_slug("test_live_with_notes")

    def test_same_instances_as_the_orm_with_json_read(self):
        story = make_article()
        Correction.objects.create(article=story, note="Fixed.")
        now = timezone.now()
        [prepared] = self.query(at=now, slug=story.slug)
        [built] = live_with_notes(now, story.slug)
        for field in Article._meta.concrete_fields:
            self.assertEqual(getattr(prepared, field.attname), getattr(built, field.attname), field.name)
        self.assertEqual(prepared.note_rows, built.note_rows)
        self.assertEqual(prepared.note_rows[0]["note"], "Fixed.")
        self.assertTrue(timezone.is_aware(prepared.publish_at))

    def test_each_call_takes_its_own_values(self):
        due = timezone.now() + timedelta(hours=1)
        scheduled = make_article(publish_at=due)
        other = make_article()
        self.assertEqual(self.query(at=due - timedelta(seconds=1), slug=scheduled.slug), [])
        self.assertEqual([s.pk for s in self.query(at=due, slug=scheduled.slug)], [scheduled.pk])
        self.assertEqual([s.pk for s in self.query(at=due, slug=other.slug)], [other.pk])

    def test_one_query_per_call_and_compiled_once(self):
        story = make_article()
        self.query(at=timezone.now(), slug=story.slug)
        compiled = dict(self.query.compiled)
        rebuilt = AssertionError("the queryset was built again")
        with mock.patch.object(self.query, "build", side_effect=rebuilt):
            with CaptureQueriesContext(connection) as queries:
                found = self.query(at=timezone.now(), slug=story.slug)
        self.assertEqual(found, [story])
        self.assertEqual(len(queries), 1)
        for alias, entry in compiled.items():
            self.assertIs(self.query.compiled[alias], entry)

    def test_a_value_the_sql_never_takes_is_refused(self):
        unused = by_time_and_slug("test_unused", lambda at, slug: Article.objects.filter(slug=slug))
        with self.assertRaisesMessage(ValueError, "'at' does not reach the SQL"):
            unused(at=timezone.now(), slug="x")

    def test_related_rows_are_folded_not_joined(self):
        """Rows become instances of the queryset's own model only: a select_related() join would
        come back without its related instances, so it is refused when compiled."""
        joined = by_time_and_slug(
            "test_joined",
            lambda at, slug: Article.objects.live(at).filter(slug=slug).select_related("lead_image"),
        )
        with self.assertRaisesMessage(ValueError, "not select_related()"):
            joined(at=timezone.now(), slug="x")

    def test_deferred_columns_load_when_read(self):
        story = make_article(body="<p>Whole body.</p>")
        query = by_time_and_slug(
            "test_deferred", lambda at, slug: Article.objects.live(at).filter(slug=slug).defer("body")
        )
        [found] = query(at=timezone.now(), slug=story.slug)
        self.assertEqual(found.get_deferred_fields(), {"body"})
        self.assertEqual(found.body, "<p>Whole body.</p>")


@skipUnless(connection.vendor == "postgresql", "server-side prepared statements are PostgreSQL's")
class PreparedStatementTests(TransactionTestCase):
    def run_and_capture(self, query, slug):
        with CaptureQueriesContext(connection) as queries:
            found = query(at=timezone.now(), slug=slug)
        return found, [q["sql"].split(" ", 1)[0] for q in queries.captured_queries]

    def test_prepared_once_per_database_session(self):
        story = make_article()
        query = by_time_and_slug("test_sessions")
        found, first = self.run_and_capture(query, story.slug)
        self.assertEqual((found[0].pk, first), (story.pk, ["PREPARE", "EXECUTE"]))
        self.assertEqual(self.run_and_capture(query, story.slug)[1], ["EXECUTE"])
        connection.close()
        self.assertEqual(self.run_and_capture(query, story.slug)[1], ["PREPARE", "EXECUTE"])

    def test_a_statement_is_planned_once_not_on_every_call(self):
        """The session's plan_cache_mode keeps PostgreSQL from planning a prepared statement
        afresh for each call's values, which it did for the home and tag pages' statements."""
        story = make_article()
        query = by_time_and_slug("test_planned_once")
        for _ in range(8):
            self.assertEqual(query(at=timezone.now(), slug=story.slug)[0].pk, story.pk)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = %s", [query.name]
            )
            self.assertEqual(cursor.fetchone(), (8, 0))

    @override_settings(NEWSROOM_PREPARED_STATEMENTS=False)
    def test_plain_statements_when_turned_off(self):
        story = make_article()
        query = by_time_and_slug("test_off")
        found, statements = self.run_and_capture(query, story.slug)
        self.assertEqual((found[0].pk, statements), (story.pk, ["SELECT"]))
