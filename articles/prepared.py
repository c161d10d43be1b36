"""Querysets compiled to SQL once per process, for the page readers ask for most.

Building the story page's queryset (a live() filter and eight folded lists) and
compiling it to SQL costs the ORM several times what the database then spends
running it. A `Prepared` query builds its queryset once per database with
stand-in values, and each call runs that SQL with the real values put in the
stand-ins' places, through raw() so that rows still become model instances
with the ORM's own conversions. The queryset, visibility rule included, is
still written once, with the ORM.

On PostgreSQL the statement is also PREPAREd once per database session, since
planning it costs the server more than running it (about 1 ms against 0.5 ms
for the story page). A transaction-pooling proxy (PgBouncer in transaction
mode) does not keep sessions apart: turn this off there with
NEWSROOM_PREPARED_STATEMENTS=0.
"""

import itertools
import json
import re
import weakref

from django.conf import settings
from django.db import connections, router
from django.db.models import JSONField

NUMBERS = itertools.count(1)


class Prepared:
    def __init__(self, name, model, build, server_side=True, **placeholders):
        """`build(**values)` returns a queryset of `model`. `placeholders` maps each value's name
        to (a stand-in no real value equals, the model field the value is compared with).
        `name` names the statement on the database server (numbered, so two never clash).
        Without `server_side`, the server plans each call afresh: for a query whose best plan
        depends on the values, where PostgreSQL would settle on one plan for all of them."""
        self.name = f"{name}_{next(NUMBERS)}"
        self.model = model
        self.server_side = server_side
        self.build = build
        self.placeholders = placeholders
        self.compiled = {}
        # The database sessions (driver connections) that hold the prepared statement.
        self.sessions = weakref.WeakSet()

    def __call__(self, **values):
        """The instances the built queryset would give for `values`, in a list."""
        alias = router.db_for_read(self.model)
        if alias not in self.compiled:
            self.compiled[alias] = self.compile(alias)
        sql, params, slots, json_columns = self.compiled[alias]
        connection = connections[alias]
        given = {
            name: field.get_db_prep_value(values[name], connection)
            for name, (_, field) in self.placeholders.items()
        }
        if self.server_side and connection.vendor == "postgresql" and settings.NEWSROOM_PREPARED_STATEMENTS:
            sql, params = self.execute_prepared(connection, sql, params, slots), list(given.values())
        else:
            params = list(params)
            for name, positions in slots.items():
                for position in positions:
                    params[position] = given[name]
        instances = list(self.model._default_manager.raw(sql, params, using=alias))
        for instance in instances:
            for column in json_columns:
                value = getattr(instance, column)
                if isinstance(value, str):
                    setattr(instance, column, json.loads(value))
        return instances

    def compile(self, alias):
        stand_ins = {name: stand_in for name, (stand_in, _) in self.placeholders.items()}
        queryset = self.build(**stand_ins)
        connection = connections[alias]
        sql, params = queryset.query.get_compiler(using=alias).as_sql()
        slots = {}
        for name, (stand_in, field) in self.placeholders.items():
            prepared = field.get_db_prep_value(stand_in, connection)
            slots[name] = [n for n, param in enumerate(params) if param == prepared]
            if not slots[name]:
                raise ValueError(f"The value {name!r} does not reach the SQL as a parameter.")
        json_columns = [
            name
            for name, annotation in queryset.query.annotations.items()
            if isinstance(annotation.output_field, JSONField)
        ]
        return sql, tuple(params), slots, json_columns

    def execute_prepared(self, connection, sql, params, slots):
        """The EXECUTE that runs `sql` as this session's prepared statement, taking one value
        per placeholder name; prepares it first if this session has not yet. The other
        parameters (JSON keys, statuses…) are bound into the statement once, when preparing."""
        connection.ensure_connection()
        if connection.connection not in self.sessions:
            number = {position: n for n, positions in enumerate(slots.values(), 1) for position in positions}
            marks = iter(range(len(params)))

            def mark(match):
                if match[0] == "%%":
                    return match[0]
                position = next(marks)
                return f"${number[position]}" if position in number else match[0]

            statement = re.sub(r"%%|%s", mark, sql)
            constants = [param for position, param in enumerate(params) if position not in number]
            with connection.cursor() as cursor:
                cursor.execute(f"PREPARE {self.name} AS {statement}", constants)
            self.sessions.add(connection.connection)
        return f"EXECUTE {self.name}({', '.join(['%s'] * len(slots))})"
