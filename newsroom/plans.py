"""Asking PostgreSQL for plans fitted to each statement's values, where the values shape the plan.

psycopg prepares the statements a connection repeats (DJANGO_DB_PREPARE_THRESHOLD), and after a
few runs PostgreSQL may settle on one generic plan for a prepared statement, whatever its values.
That saves planning on most pages, whose best plan does not depend on them (a story by its
address, the newest stories). It is wrong where it does: a search for a common word and one for
a rare phrase, or a film with five stories and one with fifty thousand, want different plans.
Statements run inside `custom_plans()` are planned for their values every time.
"""

from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def custom_plans():
    """Inside, PostgreSQL plans each statement for its values: `SET LOCAL plan_cache_mode`, in a
    transaction (inside one already open, until that one ends). Other databases always do."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL plan_cache_mode = force_custom_plan")
        yield
