"""Forms for what readers send: query parameters are validated here, never read raw in views."""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.http import urlencode
from django_countries import countries

from .models import Article, ReleaseDate
from .models.bounds import validate_in_range
from .releases import MONTH, WEEK, Period
from .search import UNINDEXABLE, query_tree, uses_postgres
from .search.query import MAX_WORDS, plain_words


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search stories",
        max_length=200,
        required=False,
        validators=[ProhibitNullCharactersValidator()],
        error_messages={"max_length": "Please search with at most %(limit_value)d characters."},
    )
    tag = forms.SlugField(required=False, max_length=100, allow_unicode=True)
    film = forms.SlugField(required=False, max_length=220, allow_unicode=True)
    kind = forms.ChoiceField(choices=[("", "Any kind"), *Article.Kind.choices], required=False)

    # The query as PostgreSQL reads it (articles.search.query_tree), once the form is valid.
    tree = None

    def clean_q(self):
        text = self.cleaned_data["q"]
        if len(plain_words(text, limit=None)) > MAX_WORDS:
            raise forms.ValidationError(f"Please search with at most {MAX_WORDS} different words.")
        if text.strip() and uses_postgres():
            self.tree = query_tree(text)
            if self.tree == UNINDEXABLE:
                raise forms.ValidationError(
                    "Please add a word to look for: -word only leaves stories with that word out."
                )
        return text

    def narrow(self, stories):
        """`stories` narrowed to the chosen tag, film and kind."""
        data = self.cleaned_data
        if data.get("tag"):
            stories = stories.tagged(data["tag"])
        if data.get("film"):
            stories = stories.about_film(data["film"])
        if data.get("kind"):
            stories = stories.filter(kind=data["kind"])
        return stories


def country_choices():
    return [("", "All countries"), *countries]


class ReleaseChoicesForm(forms.Form):
    """Which release dates a reader asks for: one country (empty: every country) and any formats
    (none: every format). The calendar page and its iCalendar feeds take the same choices."""

    country = forms.ChoiceField(choices=country_choices, required=False, label="Country")
    kind = forms.MultipleChoiceField(
        choices=ReleaseDate.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Formats",
    )

    def choices(self):
        """The country and formats chosen, as releases.narrowed() takes them."""
        return self.cleaned_data.get("country") or None, self.cleaned_data.get("kind") or ()


class ReleaseFilterForm(ReleaseChoicesForm):
    """The release calendar page's choices, all in its address: the period (a week or a month,
    from the one holding `start`, by default today), the country (the newsroom's own unless the
    reader asks for another, or for every one) and the formats."""

    period = forms.ChoiceField(choices=[(WEEK, "Week"), (MONTH, "Month")], required=False, label="Show a")
    start = forms.DateField(required=False, validators=[validate_in_range], label="From")

    def __init__(self, data, *args, **kwargs):
        data = data.copy()
        if "country" not in data:
            data["country"] = settings.NEWSROOM_COUNTRY
        super().__init__(data, *args, **kwargs)

    def period_for(self, today):
        """The period chosen (once the form is valid), or the week holding `today`."""
        data = self.cleaned_data
        return Period.containing(data.get("period") or WEEK, data.get("start") or today)


class CalendarFeedForm(ReleaseChoicesForm):
    """An iCalendar feed's query parameters: the country and formats, and `months=1` to include
    dates known only to the month."""

    months = forms.TypedChoiceField(
        choices=[("0", "No"), ("1", "Yes")],
        coerce=lambda value: value == "1",
        empty_value=False,
        required=False,
    )

    def problem(self):
        """The form's errors as one line of plain text, for the 400 a bad address gets."""
        return "Bad calendar address. " + " ".join(
            f"{name}: {' '.join(errors)}" for name, errors in self.errors.items()
        )

    def filters(self):
        """How the chosen filters read in the calendar's name: "US, Theatrical", or ""."""
        kinds = self.cleaned_data["kind"]
        labels = [label for value, label in ReleaseDate.Kind.choices if value in kinds]
        return ", ".join(filter(None, [self.cleaned_data["country"], *labels]))


class ReviewFilterForm(forms.Form):
    """The reviews list's choice: those rated at least so high (whole points of the scale)."""

    rating = forms.TypedChoiceField(coerce=Decimal, required=False, empty_value=None, label="Rated")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        best = int(settings.NEWSROOM_RATING_BEST)
        self.fields["rating"].choices = [("", "Any rating")] + [
            (str(points), f"{points} or more" if points < best else f"{points} only")
            for points in range(best, 0, -1)
        ]

    def narrow(self, reviews):
        rating = self.cleaned_data.get("rating")
        return reviews.filter(rating__gte=rating) if rating is not None else reviews

    def query(self):
        """The choice as a query string, for the links to other pages of the list."""
        rating = self.cleaned_data.get("rating") if self.is_valid() else None
        return urlencode({"rating": self.data["rating"]}) if rating is not None else ""


class IndexForm(forms.Form):
    """An A–Z index's page: the letter (`0` for names not starting with A to Z) and the slug
    of the entry the page starts after."""

    letter = forms.RegexField(regex=r"^[A-Z0]$", required=False)
    after = forms.SlugField(required=False, max_length=220, allow_unicode=True)

    def narrow(self, subjects, field):
        letter = self.cleaned_data.get("letter")
        if not letter:
            return subjects
        if letter == "0":
            return subjects.exclude(**{f"{field}__iregex": r"^[a-z]"})
        return subjects.filter(**{f"{field}__istartswith": letter})

    def query(self, **changes):
        """The page's query string with `changes` made."""
        values = {"letter": self.cleaned_data.get("letter") or "", **changes}
        return urlencode({name: value for name, value in values.items() if value})
