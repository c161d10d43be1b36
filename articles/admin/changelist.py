"""The story list at archive size: what Django's admin does per request that grows with the archive,
done another way.

- The count: Django's paginator counts every matching story exactly, which at a million stories
  reads them all. EstimatedCountPaginator counts exactly up to EXACT_COUNT_UP_TO (1,000) stories and,
  past that, takes PostgreSQL's estimate (the planner's row count for the query): "about 1,000,000".
- The date drill-down: Django lists the years, months or days that hold a story by reading every
  story's date (SELECT DISTINCT date_trunc(...)). DrillDownChangeList offers every year, month or
  day between the list's first and last story instead: two index look-ups.
- The tag, film and author filters: RelatedOnlyFieldListFilter lists every tag, film or author any
  story has, reading every link (and printing thousands of films into the page).
  AutocompleteFilter lists none: the editor types to find one, through the admin's autocomplete.
"""

import re
from datetime import datetime, timedelta

from django import forms
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import PAGE_VAR, ChangeList
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection, connections
from django.db.models import Exists, Max, Min, OuterRef, Q
from django.utils import timezone
from django.utils.functional import cached_property

# Up to this many matches a list is counted exactly (a count that stops there reads at most this
# many index entries); past it, the count is PostgreSQL's estimate.
EXACT_COUNT_UP_TO = 1_000


class EstimatedCountPaginator(Paginator):
    """A paginator whose count is exact up to EXACT_COUNT_UP_TO and PostgreSQL's estimate past it
    (`estimated` then says so). Elsewhere (SQLite) it counts as Django's does."""

    estimated = False

    @cached_property
    def count(self):
        queryset = self.object_list
        if connections[queryset.db].vendor != "postgresql":
            return super().count
        if not queryset.query.where:
            # Every story: the planner's figure for the table, kept by ANALYZE and autovacuum.
            estimate = estimated_rows(queryset)
            if estimate > EXACT_COUNT_UP_TO:
                self.estimated = True
                return estimate
        bounded = queryset.order_by()[: EXACT_COUNT_UP_TO + 1].count()
        if bounded <= EXACT_COUNT_UP_TO:
            return bounded
        self.estimated = True
        return max(estimated_rows(queryset), EXACT_COUNT_UP_TO + 1)


def estimated_rows(queryset):
    """How many rows PostgreSQL's planner expects `queryset` to give (planned, not run)."""
    from articles.search.matching import estimated_rows as planned

    return int(planned(queryset))


class DrillDownQuerySetMixin:
    """The first and last dates and the periods the date drill-down asks the list for, answered
    from the whole archive within the period chosen (year, month or day), not from the list's
    filtered stories: two look-ups in the publish time's index, kept for a minute, where Django
    reads every matching story's date (a search's matches, or all of them for a rare word).

    It offers every year, month or day between those dates: in a newsroom that publishes daily,
    the periods that hold a story. A period without the filter's stories lists none."""

    drill_down_period = None  # The chosen (year, month, day), any of them None.

    def aggregate(self, *args, **kwargs):
        first, last = kwargs.get("first"), kwargs.get("last")
        if not args and set(kwargs) == {"first", "last"} and isinstance(first, Min) and isinstance(last, Max):
            return self.drill_down_bounds(first.source_expressions[0].name)
        return super().aggregate(*args, **kwargs)

    def datetimes(self, field_name, kind, order="ASC", tzinfo=None):
        if kind not in ("year", "month", "day"):
            return super().datetimes(field_name, kind, order, tzinfo)
        bounds = self.drill_down_bounds(field_name)
        if bounds["first"] is None:
            return []
        zone = tzinfo or timezone.get_current_timezone()
        first, last = (timezone.localtime(bounds[end], zone) for end in ("first", "last"))
        periods, period = (
            [],
            first.replace(
                month=1 if kind == "year" else first.month,
                day=1 if kind in ("year", "month") else first.day,
                hour=0,
                minute=0,
                second=0,
                microsecond=0,
            ),
        )
        while period <= last:
            periods.append(period)
            period = following(period, kind)
        return periods if order == "ASC" else periods[::-1]

    def drill_down_bounds(self, field_name):
        period = self.drill_down_period or (None, None, None)
        key = "admin-drill-down:{}:{}:{}".format(
            self.model._meta.label, field_name, "-".join(str(part or "") for part in period)
        )
        bounds = cache.get(key)
        if bounds is None:
            stories = self.model._meta.default_manager.all()
            if period[0]:
                start = datetime(period[0], period[1] or 1, period[2] or 1)
                end = following(start, "day" if period[2] else "month" if period[1] else "year")
                stories = stories.filter(
                    **{
                        f"{field_name}__gte": timezone.make_aware(start),
                        f"{field_name}__lt": timezone.make_aware(end),
                    }
                )
            bounds = stories.aggregate(first=Min(field_name), last=Max(field_name))
            cache.set(key, bounds, DRILL_DOWN_SECONDS)
        return bounds


# How long the drill-down's first and last dates are kept: a story published meanwhile shows in
# the list at once, its month in the drill-down within this.
DRILL_DOWN_SECONDS = 60


def following(moment, kind):
    """The start of the next year, month or day after `moment` (a period's start), in its zone."""
    aware = timezone.is_aware(moment)
    if kind == "year":
        nxt = datetime(moment.year + 1, 1, 1)
    elif kind == "month":
        nxt = datetime(moment.year + moment.month // 12, moment.month % 12 + 1, 1)
    else:
        nxt = datetime.combine(moment.date() + timedelta(days=1), datetime.min.time())
    return timezone.make_aware(nxt, moment.tzinfo) if aware else nxt


class DrillDownChangeList(ChangeList):
    """The changelist whose queryset answers the date drill-down cheaply (DrillDownQuerySetMixin)."""

    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        queryset.__class__ = drill_down_class(type(queryset))
        field = self.date_hierarchy
        # Valid by now: the changelist refused anything else above.
        parts = [self.params.get(f"{field}__{part}") for part in ("year", "month", "day")]
        queryset.drill_down_period = tuple(int(part) if part else None for part in parts)
        return queryset


_drill_down_classes = {}


def drill_down_class(queryset_class):
    if queryset_class not in _drill_down_classes:
        _drill_down_classes[queryset_class] = (
            queryset_class
            if issubclass(queryset_class, DrillDownQuerySetMixin)
            else type(f"DrillDown{queryset_class.__name__}", (DrillDownQuerySetMixin, queryset_class), {})
        )
    return _drill_down_classes[queryset_class]


class AutocompleteFilter(admin.SimpleListFilter):
    """A filter on a related tag, film or author that lists none of them: the editor types a few
    letters and picks one (the admin's autocomplete, which searches the related admin's
    search_fields, 20 at a time). Only the chosen one is read, by its id, by the widget. Made for
    a relation by autocomplete_filter()."""

    template = "admin/articles/autocomplete_filter.html"
    field_path = None  # The story's relation: "tags", "films" or "authors".
    method = None  # The story queryset's method keeping the stories linked to one of them.

    def __init__(self, request, params, model, model_admin):
        self.field = model._meta.get_field(self.field_path)
        self.title = self.field.verbose_name
        self.admin_site = model_admin.admin_site
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        return []

    def has_output(self):
        return True

    @property
    def chosen(self):
        """The id of the tag, film or author chosen, if any (a number, or nothing)."""
        value = self.value()
        return value if value and str(value).isdigit() else None

    def queryset(self, request, queryset):
        if self.chosen is not None:
            # An EXISTS on the link table, by its index: a join would have Django make the list
            # DISTINCT over every column, a sort of every match.
            return getattr(queryset, self.method)(int(self.chosen))
        if self.value():
            raise IncorrectLookupParameters(f"No such {self.field_path}.")
        return queryset

    def choices(self, changelist):
        # The other filters, search and sort stay as they are when this one changes.
        self.kept_params = [
            (name, value)
            for name, values in changelist.params.items()
            if name not in (self.parameter_name, PAGE_VAR)
            for value in (values if isinstance(values, list) else [values])
        ]
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": "All",
        }

    def widget(self):
        field = forms.ModelChoiceField(
            queryset=self.field.related_model._meta.default_manager.all(),
            required=False,
            widget=AutocompleteSelect(self.field, self.admin_site, attrs={"data-filter-autosubmit": ""}),
        )
        return field.widget.render(
            self.parameter_name, self.chosen, attrs={"id": f"filter_{self.field_path}"}
        )


def autocomplete_filter(field_path, method):
    """An AutocompleteFilter on the story's relation `field_path` (to rows with an `id`), which
    keeps the stories linked to the chosen one through the story queryset's `method`."""
    return type(
        f"{field_path.capitalize()}AutocompleteFilter",
        (AutocompleteFilter,),
        {"field_path": field_path, "method": method, "parameter_name": f"{field_path}__id__exact"},
    )


# What the autocomplete filters need on the list's page (select2, the admin's autocomplete, and
# the few lines that apply a filter once chosen).
def filter_media(admin_site, field):
    return AutocompleteSelect(field, admin_site).media + forms.Media(js=["js/autocomplete-filter.js"])


# Up to this many stories holding a searched phrase are read as a list of ids (see admin_search).
PHRASE_LIST_AT = 5_000
# What a slug is made of (SlugField's letters, digits, hyphens and underscores).
SLUG_TEXT = re.compile(r"[-\w]+")


def admin_search(stories, term):
    """The stories among `stories` that the site's search engine finds for `term`, or whose slug
    starts with it, or with an author whose name holds it (`term` stripped, not empty).

    On PostgreSQL the words and the slug are conditions on the story's own row that an index can
    answer, so the planner either walks the newest stories testing each (a common word) or
    combines the indexes' matches (a rare one). As a subquery (`id IN (…)`) it had to find every
    match first: seconds for a common word at 100,000 stories."""
    from articles.models import Author, Byline
    from articles.search import search
    from articles.search.query import phrase_pairs, query_tree

    if connection.vendor != "postgresql":
        by_author = Byline.objects.filter(author__name__icontains=term).values("article_id")
        found = search(stories, term).values("pk")
        return stories.filter(Q(pk__in=found) | Q(slug__icontains=term) | Q(pk__in=by_author))
    tree = query_tree(term)
    # Only a term written as a slug can start one: with a space or a quote in it, the slug's
    # condition could match nothing, and beside a phrase's it would have PostgreSQL read every story.
    by_slug = stories.filter(slug__startswith=term) if SLUG_TEXT.fullmatch(term) else stories.none()
    if phrase_pairs(tree):
        # A phrase: its few candidates come from the word pairs' index, which a walk of the
        # newest stories cannot use (it would work out every story's pairs: past the statement
        # timeout at 1,000,000 stories). Found first, then sorted: read as a list when they are
        # few, since as a subquery PostgreSQL misjudges how many match and walks the newest
        # stories working out each one's pairs (1.5 s at 1,000,000 stories for a 137-story phrase).
        found = search(stories, term, tree).values_list("pk", flat=True)
        few = list(found[: PHRASE_LIST_AT + 1])
        matches = stories.filter(pk__in=few if len(few) <= PHRASE_LIST_AT else found) | by_slug
    else:
        matches = search(stories, term, tree) | by_slug
    # Authors are few: the ones named so are read first, and most searches name none. Their
    # stories are then many (a byline a day), which the newest-first walk finds at once.
    authors = list(Author.objects.filter(name__icontains=term).values_list("pk", flat=True)[:100])
    if authors:
        matches |= stories.filter(Exists(Byline.objects.filter(author__in=authors, article=OuterRef("pk"))))
    return matches
