"""Reading a reader's search as PostgreSQL does: its query tree, its stems, its phrases' word pairs.

Readers type web-search syntax ("exact phrase", OR, -word); websearch_to_tsquery parses it. On
SQLite, a search is its plain words.
"""

import re

from django.contrib.postgres.search import SearchQuery
from django.db import connection

CONFIG = "english"
WORD = re.compile(r"\w+", re.UNICODE)
# A quoted lexeme in PostgreSQL's text form of a tsquery ('box' <-> 'offic'), quotes doubled inside.
LEXEME = re.compile(r"'((?:[^']|'')+)'")
# What a lexeme or a word pair may hold, in bytes (PostgreSQL's limit).
LEXEME_BYTES = 2047
# querytree()'s answer for a query no index can answer, one that finds stories by a word they
# lack ("-cruise", "cruise OR -stunt"): PostgreSQL would test every story.
UNINDEXABLE = "T"


def uses_postgres():
    return connection.vendor == "postgresql"


# The most words a search looks for: readers are told (SearchForm); the admin's story search
# looks for the first ones.
MAX_WORDS = 32


def plain_words(text, limit=MAX_WORDS):
    """The words of `text`, each once (ignoring case), the first `limit` of them (None: all)."""
    words = {}
    for word in WORD.findall(text or ""):
        words.setdefault(word.casefold(), word)
    return list(words.values())[:limit]


def web_query(text):
    return SearchQuery(text, search_type="websearch", config=CONFIG)


def query_tree(text):
    """What PostgreSQL searches for when a reader types `text`, as the text of a tsquery with the
    negated words left out (querytree): `'box' <-> 'offic' | 'stunt'`; UNINDEXABLE when only a
    negated word could decide a match."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT querytree(websearch_to_tsquery(%s::regconfig, %s))", [CONFIG, text])
        return cursor.fetchone()[0]


def searched_stems(text, tree=None):
    """The word stems a search for `text` looks for, as PostgreSQL reads the query (negated words
    left out; `tree`, the query_tree() already read, if any); on SQLite, its plain words."""
    if not uses_postgres():
        return [word.lower() for word in plain_words(text)]
    return lexemes_of(query_tree(text) if tree is None else tree)


def lexemes_of(tree):
    """The lexemes in a tsquery's text form, their quotes and backslashes unescaped."""
    return [lexeme.replace("''", "'").replace("\\\\", "\\") for lexeme in LEXEME.findall(tree)]


class LexemeQuery(SearchQuery):
    """A tsquery as written, its lexemes taken as they are: to_tsquery() would parse and stem
    them again (and split 'box offic' into a phrase)."""

    template = "%(expressions)s::tsquery"


def phrase_pairs(tree):
    """The word pairs every match of a query must hold, for the index of article_word_pairs():
    `'box' <-> 'offic' & 'stunt'` (a query_tree()) needs 'box offic'. In a query's text form
    a phrase is a chain of lexemes joined by <-> (next word) or <N> (N words on: a stop word
    between them), and & or | join the rest.

    None when the query has a phrase the pairs cannot find (one inside an OR, or only words
    apart): its phrase is tested on every story holding its words. [] when there is no phrase.
    """
    lexemes = lexemes_of(tree)
    operators = [op.strip() for op in LEXEME.split(tree)[2:-1:2]]
    if not any(op.startswith("<") for op in operators):
        return []
    if any(op not in ("&", "<->") and not re.fullmatch(r"<\d+>", op) for op in operators):
        return None
    pairs = [f"{lexemes[at]} {lexemes[at + 1]}" for at, op in enumerate(operators) if op == "<->"]
    if not pairs or any(len(pair.encode()) > LEXEME_BYTES for pair in pairs):
        return None
    return [quoted(pair) for pair in pairs]


def quoted(lexeme):
    """`lexeme` in a tsquery's text form."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"
