"""The search form: what a reader may send (a query of at most 200 characters, a tag, a film, a
kind), and the stories its filters narrow a search to."""

from django.test import TestCase

from articles.forms import SearchForm
from articles.models import Article
from articles.search import UNINDEXABLE
from tests.factories import add_film, make_article, make_film
from tests.search.helpers import on_postgres


class SearchFormTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.news = make_article(headline="News", kind=Article.Kind.NEWS)
        cls.review = make_article(headline="Review", kind=Article.Kind.REVIEW)
        cls.review.tags.add("Stunts")
        add_film(cls.review, make_film(slug="fallout"))
        make_article(headline="Another review", kind=Article.Kind.REVIEW)

    def narrowed(self, **data):
        form = SearchForm(data)
        self.assertTrue(form.is_valid(), form.errors)
        return {story.headline for story in form.narrow(Article.objects.live())}

    def test_an_empty_form_is_valid_and_narrows_nothing(self):
        self.assertEqual(self.narrowed(), {"News", "Review", "Another review"})

    def test_filters_narrow_to_a_tag_a_film_and_a_kind(self):
        self.assertEqual(self.narrowed(tag="stunts"), {"Review"})
        self.assertEqual(self.narrowed(film="fallout"), {"Review"})
        self.assertEqual(self.narrowed(kind="review"), {"Review", "Another review"})
        self.assertEqual(self.narrowed(tag="stunts", kind="news"), set())

    def test_what_a_reader_may_not_send_is_a_form_error(self):
        for data, field in (
            ({"q": "x" * 201}, "q"),
            ({"q": "nul\x00byte"}, "q"),
            ({"kind": "nonsense"}, "kind"),
            ({"tag": "not a slug"}, "tag"),
            ({"film": "<script>"}, "film"),
        ):
            with self.subTest(data=str(data)[:30]):
                form = SearchForm(data)
                self.assertFalse(form.is_valid())
                self.assertEqual(list(form.errors), [field])
        self.assertEqual(
            SearchForm({"q": "x" * 201}).errors["q"], ["Please search with at most 200 characters."]
        )

    @on_postgres
    def test_the_query_is_read_once_as_postgresql_reads_it(self):
        form = SearchForm({"q": '"box office" stunts'})
        self.assertTrue(form.is_valid())
        self.assertEqual(form.tree, "'box' <-> 'offic' & 'stunt'")
        blank = SearchForm({"q": "  "})
        self.assertTrue(blank.is_valid())
        self.assertIsNone(blank.tree, "a blank search is not sent to PostgreSQL")

    @on_postgres
    def test_a_search_that_only_leaves_words_out_asks_for_a_word(self):
        form = SearchForm({"q": "-cruise"})
        self.assertFalse(form.is_valid())
        self.assertEqual(form.tree, UNINDEXABLE)
        self.assertIn("Please add a word to look for", form.errors["q"][0])
