"""Small child lists folded into their parent's query as JSON.

A prefetch costs a query per relation; a page showing eight relations of one
story would cost nine. `folded()` turns a short list of child rows into one
JSON column of the parent's own query (a correlated subquery aggregating to a
JSON array), and `unfold()` turns that column back into model instances,
values read as the database would give them. Fit for a handful of short rows
per parent, shown read-only: the instances are not meant to be saved.
"""

from datetime import UTC

from django.db.models import Aggregate, JSONField, OuterRef, Subquery
from django.db.models.functions import JSONObject
from django.utils import timezone


class JSONArrayAgg(Aggregate):
    """The aggregated values as one JSON array (PostgreSQL's jsonb_agg, SQLite's json_group_array)."""

    function = "JSONB_AGG"
    name = "JSONArrayAgg"
    output_field = JSONField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="JSON_GROUP_ARRAY", **extra_context)


def folded(queryset, link, *names, outer="pk", **paths):
    """The rows of `queryset` whose `link` equals the outer row's `outer`, as a JSON list.

    Each row is an object of the fields `names`, and of `paths` (output name -> field path
    from `queryset`'s model, e.g. name="person__name"). A parent without rows gets None.
    """
    rows = queryset.filter(**{link: OuterRef(outer)}).order_by().values(link)
    fields = {name: name for name in names} | paths
    return Subquery(rows.annotate(rows=JSONArrayAgg(JSONObject(**fields))).values("rows"))


def unfold(model, rows, order_by=()):
    """`model` instances from a folded() list, sorted by the `order_by` field names."""
    if not rows:
        return []
    fields = {name: model._meta.get_field(name) for name in rows[0]}
    instances = [
        model(**{field.attname: read(field, row[name]) for name, field in fields.items()}) for row in rows
    ]
    if order_by:
        instances.sort(key=lambda instance: tuple(getattr(instance, name) for name in order_by))
    return instances


def read(field, value):
    """A JSON value as the database would give it for `field`."""
    value = field.to_python(value)
    # SQLite keeps datetimes as naive UTC text; PostgreSQL's JSON carries the offset.
    if value is not None and field.get_internal_type() == "DateTimeField" and timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value
