"""Asking PostgreSQL to plan each statement for its values, where the values shape the plan.

psycopg prepares the statements a connection repeats (DJANGO_DB_PREPARE_THRESHOLD), and after a
few runs PostgreSQL may settle on one generic plan for a prepared statement, whatever its values.
That saves planning on most pages, whose best plan does not depend on them (a story by its
address, the newest stories). It is wrong where it does: a search for a common word and one for
a rare phrase, or a film with five stories and one with fifty thousand, want different plans.
Code run inside `planned_for_values()` has PostgreSQL plan every statement for its values.
"""

from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def planned_for_values():
    """Inside, PostgreSQL plans each statement for its values (`SET LOCAL plan_cache_mode`, in a
    transaction of its own). Other databases plan every statement anyway."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL plan_cache_mode = force_custom_plan")
        yield
