"""Full-text search over stories.

On PostgreSQL: a stored, weighted search vector (headline, tags, films and
people weigh most, then the dek, then the body) with a GIN index, web-search
style queries ("quoted phrases", OR, -exclusion), ranking and highlighted
snippets. On SQLite: every plain word must appear somewhere, newest first.
"""

import json
import re
from collections.abc import Sequence
from datetime import timedelta

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.db import OperationalError, connection, transaction
from django.db.models import BooleanField, DateTimeField, ExpressionWrapper, F, Func, Q, Value
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .cards import NEWEST_FIRST, unfold_card_data, with_card_data
from .models import Article

CONFIG = "english"
WORD = re.compile(r"\w+", re.UNICODE)
# A quoted lexeme in PostgreSQL's text form of a tsquery ('box' <-> 'offic'), quotes doubled inside.
LEXEME = re.compile(r"'((?:[^']|'')+)'")
# Matches ranked per search: the newest ones (see Results).
MAX_RANKED = 300
# Testing a story's stored vector while walking the newest stories costs about this many times
# what fetching a story the GIN index matched does (measured at 1,000,000 stories).
WALK_COST = 3
# Past this many times the matches wanted, the index's matches are read a slice of time at a
# time (in_slices), each slice expected to hold SLICE_MARGIN times the matches still wanted.
SLICE_AT = 4
SLICE_MARGIN = 2
# The word pairs of a search vector, as lexemes ('box offic'), indexed for phrases (migration
# 0014); a vector with too many pairs to list holds UNPAIRED instead.
WORD_PAIRS_OF_VECTOR = Func(
    F("search_vector"), function="article_word_pairs", output_field=SearchVectorField()
)
UNPAIRED = "*"
# Past this many stories searched (by PostgreSQL's estimate), a phrase is looked up by its pairs.
PAIRED_AT = 5_000
# What a lexeme or a word pair may hold, in bytes (PostgreSQL's limit).
LEXEME_BYTES = 2047
# PostgreSQL's error for a search vector over its 1 MB limit (program_limit_exceeded).
TOO_LONG = "54000"


def uses_postgres():
    return connection.vendor == "postgresql"


def refresh_search_vector(*articles):
    """Recompute the stored search vector of stories, once their tags, films and people are saved."""
    if not uses_postgres():
        return
    stories = Article.objects.filter(pk__in=[a.pk for a in articles]).prefetch_related(
        "tags", "people", "film_links__film"
    )
    for story in stories:
        names = [t.name for t in story.tags.all()]
        names += [fl.film.title for fl in story.film_links.all()] + [p.name for p in story.people.all()]
        store_search_vector(story, f"{story.headline} {' '.join(names)}", story.body_text)


def store_search_vector(story, title, body):
    """Store `story`'s vector of `title` (its headline and names), its dek and `body`.

    PostgreSQL refuses a vector over 1 MB. Prose would need a body of some 100,000 words to
    reach it, but pasted data can reach it in 200,000 characters (made-up or hyphenated words
    each add an entry), so the body is halved until its vector fits: the story is still saved,
    and found by the words of its opening.
    """
    while True:
        vector = (
            SearchVector(Value(title), weight="A", config=CONFIG)
            + SearchVector(Value(story.dek), weight="B", config=CONFIG)
            + SearchVector(Value(body), weight="C", config=CONFIG)
        )
        try:
            with transaction.atomic():
                Article.objects.filter(pk=story.pk).update(search_vector=vector)
            return
        except OperationalError as error:
            if getattr(error.__cause__, "sqlstate", None) != TOO_LONG or not body:
                raise
            body = body[: len(body) // 2]


def plain_words(text):
    return WORD.findall(text or "")[:12]


def web_query(text):
    return SearchQuery(text, search_type="websearch", config=CONFIG)


def search(queryset, text, tree=None, by_pairs=True):
    """Stories in `queryset` matching `text`, all of them, in no order (`tree`: its query_tree(),
    if already read).

    The admin lists them all; readers get Results, the newest of them ranked. Without
    `by_pairs`, a phrase is looked for in the stories' vectors alone: for testing the stories
    one by one (newest_ids), where asking the pairs too would only add work.
    """
    if uses_postgres():
        pairs = phrase_pairs(query_tree(text) if tree is None else tree) if by_pairs else None
        if not pairs:
            return queryset.filter(search_vector=web_query(text))
        # The pairs' index finds the few stories that can hold the phrase; their vectors decide,
        # tested by ts_match_vq() (what @@ runs), which the planner cannot hand to the words'
        # index. Through both indexes, each candidate's phrase check also recomputed its pairs
        # (0.1 ms a story): 28 ms for "box office"'s 92 stories at 1,000,000.
        vector_matches = Func(
            "search_vector", web_query(text), function="ts_match_vq", output_field=BooleanField()
        )
        return holding_pairs(queryset, pairs).filter(vector_matches)
    words = plain_words(text)
    if not words:
        return queryset.none()
    for word in words:
        queryset = queryset.filter(
            Q(headline__icontains=word)
            | Q(dek__icontains=word)
            | Q(body_text__icontains=word)
            | Q(tags__name__icontains=word)
            | Q(film_links__film__title__icontains=word)
            | Q(people__name__icontains=word)
        )
    return queryset.distinct()


def holding_pairs(queryset, pairs):
    """The stories in `queryset` whose vectors hold all of a phrase's word `pairs` (see
    phrase_pairs), or too many pairs to list: a phrase's candidates, by the pairs' index."""
    needed = LexemeQuery(f"({' & '.join(pairs)}) | '{UNPAIRED}'")
    return queryset.alias(word_pairs=WORD_PAIRS_OF_VECTOR).filter(word_pairs=needed)


def newest_ids(matches, count, sliced=True, walked=None, stories=None, fetched=None):
    """The ids of the `count` newest of `matches`, newest first, found the way that is cheapest
    for this query (`walked`: the same matches as the walk below tests them, if they differ;
    `stories`: PostgreSQL's estimate of the stories searched, by default every live one;
    `fetched`: the stories the index would fetch to test, if more than the matches).

    For "the newest 300 matches" PostgreSQL walks the newest stories and tests each one's
    vector until it has 300. That is quick for a common word, but a word in one story in a
    hundred has it test 30,000 stories, and a phrase found nowhere has it test them all. With
    fewer matches, letting the GIN index find them is far cheaper: all of them and sorting
    them when they are few, a share of the stories at a time when there are thousands
    (in_slices).
    PostgreSQL's estimates say which side a query is on: the walk tests about
    `count` × stories / matches vectors; the index fetches the matches.

    Not `sliced` (for a phrase): slices are sized by the planner's count of matches, and it
    overcounts phrases. Without word pairs (see phrase_pairs) it counts every story holding all
    of the phrase's words; with them, a rare pair is guessed from the least common pairs its
    statistics keep (about 10,000 stories at 1,000,000 for "box office", in 92). Slices sized
    by such counts repeat the index's work for nothing: "box office" took 136 ms in three
    slices, 17 ms in one query. Nor does a phrase's walk ask for its pairs: listing a vector's
    pairs costs more than testing it for the phrase ("cruise stunt", in most stories at
    1,000,000: 90 ms, against 3 ms testing the vectors alone).
    """
    walk = (matches if walked is None else walked).order_by(*NEWEST_FIRST)
    if not uses_postgres():
        return ids_of(walk, count)
    found = estimated_rows(matches if fetched is None else fetched)
    stories = estimated_rows(Article.objects.live()) if stories is None else stories
    if found * found >= WALK_COST * count * stories:
        return ids_of(walk, count)
    # A sort key no index provides, so the planner cannot choose the walk.
    newest = ExpressionWrapper(F("publish_at") + Value(timedelta(0)), output_field=DateTimeField())
    indexed = matches.order_by(newest.desc(), "-id")
    if not sliced or found <= SLICE_AT * count:
        return ids_of(indexed, count)
    return in_slices(indexed, count, found)


def in_slices(matches, count, found):
    """The ids of the `count` newest of `matches` (ordered newest first, about `found` of them),
    read one slice of publication time at a time, newest first, until there are enough.

    Found by the index and sorted, every match is read from the table: a word in one story in
    a hundred is 10,000 reads at 1,000,000 stories, where the page needs 300. Bounded by time,
    PostgreSQL combines the search index with publish_at's and reads only the slice's matches.
    A slice holds the share of the stories expected to hold SLICE_MARGIN times the matches
    wanted (estimates are rough), each next one four times as much; the last is open-ended, so
    no match is missed. Shares are counted in stories, not in time, from the planner's own
    statistics: a newsroom publishes more some months than others.
    """
    bounds = publication_hundredths()
    share, ids, newer = SLICE_MARGIN * count / found, [], None
    while True:
        older = bounds[int((len(bounds) - 1) * (1 - share))] if bounds and share < 1 else None
        part = matches if older is None else matches.filter(publish_at__gt=older)
        part = part if newer is None else part.filter(publish_at__lte=newer)
        ids += ids_of(part, count - len(ids))
        if len(ids) >= count or older is None:
            return ids
        newer, share = older, share * 4


def publication_hundredths():
    """Publication times that part the stories into hundredths, oldest first: PostgreSQL's
    histogram of publish_at, kept by ANALYZE. Empty before the first ANALYZE."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT histogram_bounds::text::timestamptz[] FROM pg_stats"
            " WHERE schemaname = current_schema() AND tablename = %s AND attname = 'publish_at'",
            [Article._meta.db_table],
        )
        row = cursor.fetchone()
    return row[0] if row and row[0] else []


def ids_of(stories, count):
    return list(stories.values_list("pk", flat=True)[:count])


def estimated_rows(queryset):
    """How many rows PostgreSQL's planner expects `queryset` to give (planning it, not running it)."""
    plan = json.loads(queryset.order_by().explain(format="json"))
    return plan[0]["Plan"]["Plan Rows"]


class Results(Sequence):
    """A reader's search results: the newest MAX_RANKED matches, best first, for a paginator.

    The query as PostgreSQL reads it and two planner estimates decide how a query or a few
    find the newest matches (newest_ids); one more ranks them (their ids only); each page then
    fetches its own stories, with snippets. A common word can match most of the archive, and
    ranking (or counting) all of it would grow with the archive; readers of news want recent
    stories.
    """

    def __init__(self, queryset, text, tree=None):
        """`tree`: the query_tree() of `text`, if already read (SearchForm reads it)."""
        self.stories, self.text = queryset, text
        self.tree = (query_tree(text) if tree is None else tree) if uses_postgres() else ""
        pairs = phrase_pairs(self.tree)
        # Phrases are not sliced (see newest_ids).
        sliced = pairs == []
        # Fewer stories when narrowed to a tag, a film or a kind.
        stories = estimated_rows(queryset) if uses_postgres() else 0
        walked = search(queryset, text, self.tree, by_pairs=False)
        # Among a few stories (a tag's, say), each one's vector is tested for a phrase: with the
        # pairs asked for too, PostgreSQL listed each one's pairs (0.14 ms a story), and their
        # index had nothing to offer there ("cruise stunt" in a tag's 1,000 stories: 150 ms).
        by_pairs = bool(pairs) and stories > PAIRED_AT
        matches = search(queryset, text, self.tree) if by_pairs else walked
        newest = newest_ids(
            matches,
            MAX_RANKED + 1,
            sliced=sliced,
            walked=walked,
            stories=stories,
            # The index fetches every candidate to test it; PostgreSQL, to which ts_match_vq() is
            # any function, guesses a third hold the phrase. "cruise stunt" among reviews at
            # 1,000,000 was guessed at 9,400 matches of 28,000 candidates, so the index was asked
            # for what the walk finds in 20 ms; it took minutes.
            fetched=holding_pairs(queryset, pairs) if by_pairs else None,
        )
        # Ranked outside the search, so only these stories' vectors are read for ranking.
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
        page = with_card_data(self.stories.filter(pk__in=ids), "body_text")
        found = {story.pk: unfold_card_data(story) for story in page}
        return [found[pk] for pk in ids if pk in found]

    @cached_property
    def stems(self):
        return searched_stems(self.text, self.tree)

    def snippet(self, story):
        """A short, escaped extract of `story`'s body with the searched words marked."""
        return snippet_html(story.body_text, self.stems)


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


# querytree()'s answer for a query no index can answer, one that finds stories by a word they
# lack ("-cruise", "cruise OR -stunt"): PostgreSQL would test every story (1.8 s at 1,000,000).
UNINDEXABLE = "T"


def query_tree(text):
    """What PostgreSQL searches for when a reader types `text`, as the text of a tsquery with the
    negated words left out (querytree): `'box' <-> 'offic' | 'stunt'`; UNINDEXABLE when only a
    negated word could decide a match."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT querytree(websearch_to_tsquery(%s::regconfig, %s))", [CONFIG, text])
        return cursor.fetchone()[0]


def snippet_html(body_text, stems, width=220):
    """The text around the first word that starts with one of `stems` (or the text's opening),
    escaped, with each such word marked.

    Built here rather than by PostgreSQL's ts_headline, which parses a story's whole text again
    for every result shown (about a third of a results page's time). A stem is the start of the
    words it stands for ('offic' for office, officer), near enough for marking.
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
    pieces, done = ["… " if start else ""], 0
    for match in words.finditer(extract) if words else ():
        pieces += [escape(extract[done : match.start()]), f"<mark>{escape(match[0])}</mark>"]
        done = match.end()
    pieces += [escape(extract[done:]), " …" if start + len(extract) < len(body_text) else ""]
    return mark_safe("".join(pieces))
