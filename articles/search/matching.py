"""Finding the stories that match a search, and the newest of them cheaply at any archive size.

`search()` is the match itself, a filter any list of stories can take (the admin's story
search uses it too). `newest_matches()` is the one place search is optimised: readers see the
newest matches ranked (articles.search.results), and how to find those depends on how many
stories match, which PostgreSQL's planner estimates. Every constant it weighs by is here;
docs/PERFORMANCE.md says what each choice buys.
"""

import json
from datetime import timedelta

from django.contrib.postgres.search import SearchVectorField
from django.db import connection
from django.db.models import (
    BooleanField,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    OuterRef,
    Q,
    Value,
)

from articles.listings import NEWEST_FIRST
from articles.models import Article, ArticleFilm, TaggedStory

from .query import LexemeQuery, phrase_pairs, plain_words, query_tree, uses_postgres, web_query

# Testing a story's stored vector while walking the newest stories costs about this many times
# what fetching a story the GIN index matched does.
WALK_COST = 3
# Past this many times the matches wanted, the index's matches are read a slice of time at a
# time (in_slices), each slice expected to hold SLICE_MARGIN times the matches still wanted.
SLICE_AT = 4
SLICE_MARGIN = 2
# Past this many stories searched (by PostgreSQL's estimate), a phrase is looked up by its pairs.
PAIRED_AT = 5_000
# The word pairs of a search vector, as lexemes ('box offic'), indexed for phrases (migration
# 0014); a vector with too many pairs to list holds UNPAIRED instead.
WORD_PAIRS_OF_VECTOR = Func(
    F("search_vector"), function="article_word_pairs", output_field=SearchVectorField()
)
UNPAIRED = "*"
STORY_PEOPLE = Article.people.through


def search(stories, text, tree=None, by_pairs=True):
    """The stories among `stories` matching `text`, all of them, in no order (`tree`: its
    query_tree(), if already read).

    Without `by_pairs`, a phrase is looked for in the stories' vectors alone: for testing the
    stories one by one, where asking for their word pairs too would only add work.
    """
    if uses_postgres():
        pairs = phrase_pairs(query_tree(text) if tree is None else tree) if by_pairs else None
        if not pairs:
            return stories.filter(search_vector=web_query(text))
        # The pairs' index finds the few stories that can hold the phrase; their vectors decide,
        # tested by ts_match_vq() (what @@ runs), which the planner cannot hand to the words'
        # index: through both indexes, each candidate's phrase check would recompute its pairs.
        vector_matches = Func(
            "search_vector", web_query(text), function="ts_match_vq", output_field=BooleanField()
        )
        return holding_pairs(stories, pairs).filter(vector_matches)
    words = plain_words(text)
    if not words:
        return stories.none()
    for word in words:
        stories = stories.filter(
            Q(headline__icontains=word)
            | Q(dek__icontains=word)
            | Q(body_text__icontains=word)
            # Subqueries, not joins: SQLite joins at most 64 tables in one query, which six joins
            # a word would pass at the eleventh word.
            | Exists(TaggedStory.objects.filter(content_object=OuterRef("pk"), tag__name__icontains=word))
            | Exists(ArticleFilm.objects.filter(article=OuterRef("pk"), film__title__icontains=word))
            | Exists(STORY_PEOPLE.objects.filter(article=OuterRef("pk"), person__name__icontains=word))
        )
    return stories


def holding_pairs(stories, pairs):
    """The stories among `stories` whose vectors hold all of a phrase's word `pairs` (see
    phrase_pairs), or too many pairs to list: a phrase's candidates, by the pairs' index."""
    needed = LexemeQuery(f"({' & '.join(pairs)}) | '{UNPAIRED}'")
    return stories.alias(word_pairs=WORD_PAIRS_OF_VECTOR).filter(word_pairs=needed)


def newest_matches(stories, text, tree, count):
    """The ids of the `count` newest stories among `stories` matching `text` (`tree`: its
    query_tree() on PostgreSQL), newest first, found the way that is cheapest for this query.

    A phrase among many stories is looked up by its word pairs; among a few (a tag's), each
    story's vector is tested for it, as asking for the pairs would list each one's pairs. The
    index fetches every phrase candidate to test it, so the candidates, not the matches, weigh
    against walking.
    """
    if not uses_postgres():
        return ids_of(search(stories, text).order_by(*NEWEST_FIRST), count)
    pairs = phrase_pairs(tree)
    searched = estimated_rows(stories)
    walked = search(stories, text, tree, by_pairs=False)
    by_pairs = bool(pairs) and searched > PAIRED_AT
    return newest_ids(
        search(stories, text, tree) if by_pairs else walked,
        count,
        # Slices are sized by the planner's count of matches, and it overcounts phrases.
        sliced=pairs == [],
        walked=walked,
        stories=searched,
        fetched=holding_pairs(stories, pairs) if by_pairs else None,
    )


def newest_ids(matches, count, sliced=True, walked=None, stories=None, fetched=None):
    """The ids of the `count` newest of `matches`, newest first (`walked`: the same matches as the
    walk below tests them, if they differ; `stories`: PostgreSQL's estimate of the stories
    searched, by default every live one; `fetched`: the stories the index would fetch to test,
    if more than the matches).

    For "the newest 300 matches" PostgreSQL walks the newest stories and tests each one's
    vector until it has 300. That is quick for a common word, but a word in one story in a
    hundred has it test a hundred stories for each match, and a phrase found nowhere has it test them
    all. With fewer matches, letting the GIN index find them is far cheaper: all of them and
    sorting them when they are few, a share of the stories at a time when there are thousands
    (in_slices). PostgreSQL's estimates say which side a query is on: the walk tests about
    `count` × stories / matches vectors; the index fetches the matches.

    Not `sliced` (for a phrase): slices would be sized by the planner's count of matches, and it
    overcounts phrases, so slices would repeat the index's work for nothing.
    """
    walk = (matches if walked is None else walked).order_by(*NEWEST_FIRST)
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

    Found by the index and sorted, every match is read from the table, where the page needs
    only the newest. Bounded by time, PostgreSQL combines the search index with publish_at's
    and reads only the slice's matches. A slice holds the share of the stories expected to hold
    SLICE_MARGIN times the matches wanted (estimates are rough), each next one four times as
    much; the last is open-ended, so no match is missed. Shares are counted in stories, not in
    time, from the planner's own statistics: a newsroom publishes more some months than others.
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
