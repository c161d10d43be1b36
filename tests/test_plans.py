"""PostgreSQL plans the statements of the pages whose best plans depend on their values (search,
and the film, person, source and author pages) for those values, and leaves the rest alone."""

from unittest import skipIf

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from newsroom.plans import custom_plans
from tests.factories import add_film, make_article, make_film
from tests.search.helpers import on_postgres


def plan_cache_mode():
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        return cursor.fetchone()[0]


class CustomPlansTests(TestCase):
    @on_postgres
    def test_inside_postgresql_plans_each_statement_for_its_values(self):
        self.assertEqual(plan_cache_mode(), "auto")
        with custom_plans():
            self.assertEqual(plan_cache_mode(), "force_custom_plan")

    @skipIf(connection.vendor == "postgresql", "PostgreSQL is asked to plan for the values")
    def test_other_databases_are_asked_nothing(self):
        ran = []
        with self.assertNumQueries(0), custom_plans():
            ran.append(True)
        self.assertEqual(ran, [True])

    @on_postgres
    def test_a_prepared_search_is_planned_for_its_words_every_time(self):
        """psycopg prepares what a connection repeats; a search's best plan depends on its words,
        so PostgreSQL must not settle on one generic plan for them all (a rare phrase walked every
        story with one). Subject pages likewise, for their subjects' sizes."""
        self.assertTrue(connection.settings_dict["OPTIONS"].get("server_side_binding"))
        add_film(make_article(), make_film(slug="fallout"))
        for url in ("/search/?q=parachute", "/films/fallout/"):
            with self.subTest(url=url), CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(url).status_code, 200)
            statements = [query["sql"] for query in queries.captured_queries]
            self.assertIn("SET LOCAL plan_cache_mode = force_custom_plan", statements[1])
            self.assertTrue(all("plan_cache_mode" not in sql for sql in statements[2:]))
