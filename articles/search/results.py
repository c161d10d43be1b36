"""A reader's search results: the newest matches ranked best first, a page at a time, with
snippets."""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.postgres.search import SearchRank
from django.db.models import F, Value
from django.utils.functional import cached_property

from articles.listings import NEWEST_FIRST, as_cards
from articles.models import Article

from .matching import newest_matches
from .query import query_tree, searched_stems, uses_postgres, web_query

# Matches ranked per search: the newest ones.
MAX_RANKED = 300


class Results(Sequence):
    """The newest MAX_RANKED stories among `stories` matching `text`, best first, for a paginator.

    A common word can match most of the archive, and ranking (or counting) all of it would grow
    with the archive; readers of news want recent stories. So the newest matches are found
    (matching.newest_matches), one query ranks them by their ids, and each page then fetches its
    own stories, with snippets.
    """

    def __init__(self, stories, text, tree=None):
        """`tree`: the query_tree() of `text`, if already read (SearchForm reads it)."""
        self.stories, self.text = stories, text
        self.tree = (query_tree(text) if tree is None else tree) if uses_postgres() else ""
        newest = newest_matches(stories, text, self.tree, MAX_RANKED + 1)
        # Ranked apart from the search, so only these stories' vectors are read for ranking.
        rows = Article.objects.filter(pk__in=newest).order_by(*NEWEST_FIRST)
        if uses_postgres():
            rows = rows.annotate(rank=SearchRank(F("search_vector"), web_query(text)))
        else:
            rows = rows.annotate(rank=Value(0.0))
        rows = list(rows.values_list("pk", "rank"))
        self.more = len(rows) > MAX_RANKED
        # Best first; sorted() keeps newest first among equals.
        self.ids = [pk for pk, rank in sorted(rows[:MAX_RANKED], key=lambda row: -row[1])]

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, index):
        """The stories at `index` (a slice: a page), as cards with their body text for snippets."""
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        ids = self.ids[index]
        found = {story.pk: story for story in as_cards(self.stories.filter(pk__in=ids), "body_text")}
        return [found[pk] for pk in ids if pk in found]

    @cached_property
    def stems(self):
        return searched_stems(self.text, self.tree)

    def snippet(self, story):
        """A short extract of `story`'s body with the searched words marked (a Snippet)."""
        return snippet_of(story.body_text, self.stems)


@dataclass
class Snippet:
    """An extract of a story's text: `pieces` of (text, whether it is a searched word), and
    whether text was left out before and after it. The `snippet` macro shows it."""

    pieces: list
    cut_before: bool
    cut_after: bool


def snippet_of(body_text, stems, width=220):
    """The text around the first word that starts with one of `stems` (or the text's opening),
    with each such word marked.

    Cut here rather than by PostgreSQL's ts_headline, which parses a story's whole text again
    for every result shown. A stem is the start of the words it stands for ('offic' for office,
    officer), near enough for marking.
    """
    alternatives = "|".join(map(re.escape, stems))
    words = re.compile(rf"\b(?:{alternatives})\w*", re.IGNORECASE) if stems else None
    first = words.search(body_text) if words else None
    start = max(first.start() - width // 3, 0) if first else 0
    if start:  # Start on a whole word.
        start = body_text.find(" ", start) + 1 or start
    extract = body_text[start : start + width]
    if start + width < len(body_text):  # And end on one.
        extract = extract.rsplit(" ", 1)[0]
    pieces, done = [], 0
    for match in words.finditer(extract) if words else ():
        pieces += [(extract[done : match.start()], False), (match[0], True)]
        done = match.end()
    pieces.append((extract[done:], False))
    return Snippet([piece for piece in pieces if piece[0]], start > 0, start + len(extract) < len(body_text))
