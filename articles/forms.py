"""Forms for what readers send: query parameters are validated here, never read raw in views."""

from django import forms
from django.core.validators import ProhibitNullCharactersValidator

from .models import Article
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
