"""Reading a search as PostgreSQL does: its query tree, its stems, and the word pairs its phrases need."""

from unittest import mock

from django.test import SimpleTestCase, TestCase

from articles.search import UNINDEXABLE, query_tree
from articles.search.query import MAX_WORDS, lexemes_of, phrase_pairs, plain_words, quoted, searched_stems
from tests.search.helpers import on_postgres


class PlainWordsTests(SimpleTestCase):
    def test_a_search_is_its_first_different_words_without_punctuation(self):
        self.assertEqual(plain_words("Cruise's HALO-jump, again!"), ["Cruise", "s", "HALO", "jump", "again"])
        many = " ".join(f"w{n}" for n in range(MAX_WORDS + 8))
        self.assertEqual(plain_words(many), [f"w{n}" for n in range(MAX_WORDS)])
        self.assertEqual(plain_words("Cruise cruise CRUISE jump"), ["Cruise", "jump"])
        self.assertEqual(plain_words(None), [])

    def test_without_postgresql_the_stems_are_the_plain_words_in_lower_case(self):
        with mock.patch("articles.search.query.uses_postgres", return_value=False):
            self.assertEqual(searched_stems('"Box Office" -Teaser'), ["box", "office", "teaser"])


class LexemeTests(SimpleTestCase):
    def test_quotes_and_backslashes_are_escaped_and_read_back(self):
        self.assertEqual(quoted("o'neil"), "'o''neil'")
        self.assertEqual(quoted("c\\d"), "'c\\\\d'")
        for lexeme in ("box offic", "o'neil", "c\\d", "it''s"):
            with self.subTest(lexeme=lexeme):
                self.assertEqual(lexemes_of(quoted(lexeme)), [lexeme])

    def test_the_lexemes_of_a_query_tree_in_order(self):
        self.assertEqual(
            lexemes_of("'box' <-> 'offic' & ( 'stunt' | 'o''neil' )"), ["box", "offic", "stunt", "o'neil"]
        )
        self.assertEqual(lexemes_of(UNINDEXABLE), [])


class PhrasePairsTests(SimpleTestCase):
    """Which word pairs a query's phrases need (read from PostgreSQL's text form of the query)."""

    def test_each_next_word_in_a_phrase_is_a_pair_every_match_needs(self):
        self.assertEqual(phrase_pairs("'box' <-> 'offic' & 'stunt'"), ["'box offic'"])
        self.assertEqual(
            phrase_pairs("'self-driv' <-> 'self' <-> 'drive' <-> 'car'"),
            ["'self-driv self'", "'self drive'", "'drive car'"],
        )
        # A stop word between two words leaves them apart: only the adjacent ones pair.
        self.assertEqual(phrase_pairs("'box' <3> 'offic' <-> 'record'"), ["'offic record'"])

    def test_no_phrase_needs_no_pairs(self):
        for tree in ("'stunt'", "'helicopt' | 'parachut'", "'cruis' & 'jump'", "T", ""):
            with self.subTest(tree=tree):
                self.assertEqual(phrase_pairs(tree), [])

    def test_a_phrase_the_pairs_cannot_find_is_none(self):
        for tree in (
            "'box' <-> 'offic' | 'stunt'",  # Either may match: the pair is not needed.
            "'stunt' & ( 'box' <-> 'offic' | 'trailer' )",
            "'box' <2> 'offic'",  # Words apart: no pair.
            "'" + "x" * 1500 + "' <-> '" + "y" * 1500 + "'",  # Too long for a lexeme.
        ):
            with self.subTest(tree=tree[:40]):
                self.assertIsNone(phrase_pairs(tree))

    def test_quotes_and_backslashes_keep_their_escapes(self):
        self.assertEqual(phrase_pairs(r"'o''neil' <-> 'c\\d'"), [r"'o''neil c\\d'"])


@on_postgres
class QueryTreeTests(TestCase):
    """What PostgreSQL makes of what a reader types (websearch_to_tsquery, then querytree)."""

    def test_phrases_become_next_word_chains_of_stems(self):
        self.assertEqual(query_tree('"box office" stunts'), "'box' <-> 'offic' & 'stunt'")
        self.assertEqual(query_tree("helicopter OR parachute"), "'helicopt' | 'parachut'")

    def test_negated_words_are_left_out_and_a_search_of_only_those_is_unindexable(self):
        self.assertEqual(query_tree("cruise -helicopter"), "'cruis'")
        for text in ("-parachute", "-parachute -cruise", "helicopter OR -parachute"):
            with self.subTest(text=text):
                self.assertEqual(query_tree(text), UNINDEXABLE)

    def test_stems_are_postgresqls_without_negated_words(self):
        self.assertEqual(searched_stems('"box office" -teaser OR stunts'), ["box", "offic", "stunt"])
        self.assertEqual(searched_stems("the -teaser"), [])
