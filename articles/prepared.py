"""Querysets compiled to SQL once per process, for the page readers ask for most.

Building the story page's queryset (a live() filter and eight folded lists) and
compiling it to SQL costs the ORM several times what the database then spends
running it. A `Prepared` query builds its queryset once per database with
stand-in values, and each call runs that SQL with the real values put in the
stand-ins' places. Rows become model instances as the ORM makes them (its
converters, Model.from_db), from a recipe also worked out once: raw() would
work it out again on every call, a fifth of the story page's fetch. The
queryset, visibility rule included, is still written once, with the ORM.

On PostgreSQL the statement is also PREPAREd once per database session, since
planning it costs the server more than running it (about 1 ms against 0.5 ms
for the story page), and the session plans it only then (plan_cache_mode, in
settings). A transaction-pooling proxy (PgBouncer in transaction
mode) does not keep sessions apart: turn this off there with
NEWSROOM_PREPARED_STATEMENTS=0.
"""

import itertools
import re
import weakref
from typing import NamedTuple

from django.conf import settings
from django.db import connections, router

NUMBERS = itertools.count(1)


class Compiled(NamedTuple):
    """A built queryset's SQL and parameters, where each value goes (`slots`), and how its rows
    become instances (`rows`)."""

    sql: str
    params: tuple
    slots: dict
    rows: "Rows"


class Rows(NamedTuple):
    """What ModelIterable works out from the compiler before turning rows into instances: the
    model's fields and where their columns are, the annotations' columns, and the converters
    (JSON, and on SQLite dates, times and booleans) each column needs."""

    model: type
    init_list: list
    fields: slice
    annotations: dict
    converters: list

    @classmethod
    def of(cls, compiler):
        select, klass_info = compiler.select, compiler.klass_info
        if klass_info.get("related_klass_infos"):
            raise ValueError("Prepared queries take annotations, not select_related().")
        positions = klass_info["select_fields"]
        fields = slice(positions[0], positions[-1] + 1)
        expressions = [column[0] for column in select[: compiler.col_count]]
        return cls(
            model=klass_info["model"],
            init_list=[column[0].target.attname for column in select[fields]],
            fields=fields,
            annotations=dict(compiler.annotation_col_map),
            converters=list(compiler.get_converters(expressions).items()),
        )

    def instances(self, rows, connection):
        found = []
        for row in rows:
            row = list(row)
            for position, (converters, expression) in self.converters:
                value = row[position]
                for converter in converters:
                    value = converter(value, expression, connection)
                row[position] = value
            instance = self.model.from_db(connection.alias, self.init_list, row[self.fields])
            for name, position in self.annotations.items():
                setattr(instance, name, row[position])
            found.append(instance)
        return found


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
        sql, params, slots, rows = self.compiled[alias]
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
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return rows.instances(cursor.fetchall(), connection)

    def compile(self, alias):
        stand_ins = {name: stand_in for name, (stand_in, _) in self.placeholders.items()}
        queryset = self.build(**stand_ins)
        connection = connections[alias]
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        slots = {}
        for name, (stand_in, field) in self.placeholders.items():
            prepared = field.get_db_prep_value(stand_in, connection)
            slots[name] = [n for n, param in enumerate(params) if param == prepared]
            if not slots[name]:
                raise ValueError(f"The value {name!r} does not reach the SQL as a parameter.")
        return Compiled(sql, tuple(params), slots, Rows.of(compiler))

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
