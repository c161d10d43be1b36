"""Small child lists folded into their parent's query as JSON.

A prefetch costs a query per relation; a page showing eight relations of one
story would cost nine. `folded()` turns a short list of child rows into one
JSON column of the parent's own query (a correlated subquery aggregating to a
JSON array), `record()` puts a related row inside each child row, and
`unfold()` turns the column back into model instances, values read as the
database would give them. Fit for a handful of short rows per parent, shown
read-only: the instances are not meant to be saved.
"""

from datetime import UTC
from functools import lru_cache
from typing import NamedTuple

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Aggregate, Func, JSONField, OuterRef, QuerySet, Subquery
from django.db.models.functions import JSONObject
from django.utils import timezone


class JSONArrayAgg(Aggregate):
    """The aggregated values as one JSON array (PostgreSQL's jsonb_agg, SQLite's json_group_array)."""

    function = "JSONB_AGG"
    name = "JSONArrayAgg"
    output_field = JSONField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="JSON_GROUP_ARRAY", **extra_context)


class JSONList(Subquery):
    """A folded list. SQLite forgets that a subquery's value is JSON, so a list folded inside
    another list's rows would arrive as a string; JSON() says it again."""

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = self.as_sql(compiler, connection, **extra_context)
        return f"JSON({sql})", params


class JSONColumn(Func):
    """A JSON column inside a folded row: SQLite keeps JSON as text, which would fold as a string."""

    template = "%(expressions)s"
    output_field = JSONField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template="JSON(%(expressions)s)", **extra_context)


def folded(queryset, link, *names, outer="pk", **paths):
    """The rows of `queryset` whose `link` equals the outer row's `outer`, as a JSON list.

    Each row is an object of the fields `names`, and of `paths`: output name -> a field path
    from `queryset`'s model (e.g. name="person__name"), a `record()` of a related row, or
    another folded() list. A parent without rows gets None.
    """
    rows = queryset.filter(**{link: OuterRef(outer)}).order_by().values(link)
    fields = {name: column(queryset.model, name) for name in names} | paths
    return JSONList(rows.annotate(rows=JSONArrayAgg(JSONObject(**fields))).values("rows"))


def column(model, name):
    """A field of `model` as folded: JSON ones marked as such."""
    is_json = isinstance(model._meta.get_field(name), JSONField)
    return JSONColumn(name) if is_json else name


def every_column(model):
    """The names of all of `model`'s columns, to fold a whole row."""
    return [field.attname for field in model._meta.concrete_fields]


def record(path, model, *names):
    """The row at the relation `path`, a `model`, as one JSON object of its fields `names`
    (every column when none are named). unfold() makes it the related instance."""
    names = names or every_column(model)
    return JSONObject(**{name: f"{path}__{name}" for name in names})


def unfold(model, rows, order_by=()):
    """`model` instances from a folded() list, sorted by the `order_by` field names.

    A record() under a relation's name becomes the related instance (None when its row is
    missing); a key that names no field, such as a nested list, is kept as a plain attribute;
    a column left out of the list has its default.
    """
    if not rows:
        return []
    plan = unfolding(model, tuple(rows[0]))
    # Built from every column's value in order, as Model.from_db() builds a fetched row: far
    # cheaper than keyword arguments, which a story page's twenty-odd instances spent most of
    # their unfolding time on.
    instances = []
    for row in rows:
        values = [None] * len(plan.fields)
        for position in plan.unnamed:
            values[position] = plan.fields[position].get_default()
        related = []
        for name, position, field in plan.columns:
            value = row[name]
            if field is None:
                values[position] = value
            elif isinstance(value, dict):
                present = value.get(field.related_model._meta.pk.attname) is not None
                other = unfold_one(field.related_model, [value]) if present else None
                values[position] = other.pk if present else None
                related.append((field, other))
            else:
                values[position] = read(field, value) if value is not None else None
        instance = model(*values)
        for field, other in related:
            field.set_cached_value(instance, other)
        for name in plan.extras:
            setattr(instance, name, row[name])
        instances.append(instance)
    if order_by:
        instances.sort(key=lambda instance: tuple(getattr(instance, name) for name in order_by))
    return instances


class Unfolding(NamedTuple):
    """How a folded row with given keys becomes a `model` instance: the model's columns; for each
    key naming one, (key, its position, the relation whose record it may hold or the field that
    reads its text, None when JSON already carries its value); the positions no key names, which
    take their defaults; the keys naming no column."""

    fields: list
    columns: list
    unnamed: list
    extras: list


# Values JSON carries as text, read back by their field (SQLite's JSON also gives booleans as 0/1).
READ_FROM_TEXT = {"BooleanField", "DateField", "DateTimeField", "DecimalField", "DurationField", "TimeField"}


@lru_cache(maxsize=256)
def unfolding(model, keys):
    concrete = model._meta.concrete_fields
    position = {field.attname: n for n, field in enumerate(concrete)}
    columns, extras = [], []
    for key in keys:
        try:
            field = model._meta.get_field(key)
        except FieldDoesNotExist:
            extras.append(key)
            continue
        reads = field.is_relation or field.get_internal_type() in READ_FROM_TEXT
        columns.append((key, position[field.attname], field if reads else None))
    named = {column[1] for column in columns}
    unnamed = [n for n in range(len(concrete)) if n not in named]
    return Unfolding(list(concrete), columns, unnamed, extras)


def unfold_one(model, rows):
    """The `model` instance a folded list of at most one row holds (a to-one relation), or None."""
    found = unfold(model, rows)
    return found[0] if found else None


def read(field, value):
    """A JSON value as the database would give it for `field`."""
    value = field.to_python(value)
    # SQLite keeps datetimes as naive UTC text; PostgreSQL's JSON carries the offset.
    if value is not None and field.get_internal_type() == "DateTimeField" and timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value


def attach(instance, relation, objects):
    """Make `instance.<relation>.all()` answer with `objects` and no query, as a prefetch would
    have (a reverse foreign key whose accessor is `relation`)."""
    found = QuerySet(model=instance._meta.get_field(relation).related_model)
    found._result_cache = list(objects)
    found._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[relation] = found
