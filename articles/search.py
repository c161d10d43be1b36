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

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import DateTimeField, ExpressionWrapper, F, Q, Value
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .models import Article

CONFIG = "english"
# Sentinels that cannot occur in text, swapped for <mark> after the snippet is escaped.
MARK_START, MARK_END = "\x02", "\x03"
WORD = re.compile(r"\w+", re.UNICODE)
# Matches ranked per search: the newest ones (see Results).
MAX_RANKED = 300
# Testing a story's stored vector while walking the newest stories costs about this many times
# what fetching a story the GIN index matched does (measured at 1,000,000 stories).
WALK_COST = 3


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
        vector = (
            SearchVector(Value(f"{story.headline} {' '.join(names)}"), weight="A", config=CONFIG)
            + SearchVector(Value(story.dek), weight="B", config=CONFIG)
            + SearchVector(Value(story.body_text), weight="C", config=CONFIG)
        )
        Article.objects.filter(pk=story.pk).update(search_vector=vector)


def plain_words(text):
    return WORD.findall(text or "")[:12]


def web_query(text):
    return SearchQuery(text, search_type="websearch", config=CONFIG)


def search(queryset, text):
    """Stories in `queryset` matching `text`, all of them, in no order.

    The admin lists them all; readers get Results, the newest of them ranked.
    """
    if uses_postgres():
        return queryset.filter(search_vector=web_query(text))
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


def newest_first(matches):
    """`matches` newest first, found the way that is cheapest for this query.

    For "the newest 300 matches" PostgreSQL walks the newest stories and tests each one's
    vector until it has 300. That is quick for a common word, but a word in one story in a
    hundred has it test 30,000 stories, and a phrase found nowhere has it test them all. With
    few matches, letting the GIN index find every one and sorting them is far cheaper.
    PostgreSQL's estimates say which side a query is on: the walk tests about
    MAX_RANKED × stories / matches vectors; the index fetches the matches.
    """
    if uses_postgres():
        found, stories = estimated_rows(matches), estimated_rows(Article.objects.live())
        if found * found < WALK_COST * MAX_RANKED * stories:
            # A sort key no index provides, so the planner cannot choose the walk.
            newest = ExpressionWrapper(F("publish_at") + Value(timedelta(0)), output_field=DateTimeField())
            return matches.order_by(newest.desc(), "-id")
    return matches.order_by("-publish_at", "-id")


def estimated_rows(queryset):
    """How many rows PostgreSQL's planner expects `queryset` to give (planning it, not running it)."""
    plan = json.loads(queryset.order_by().explain(format="json"))
    return plan[0]["Plan"]["Plan Rows"]


class Results(Sequence):
    """A reader's search results: the newest MAX_RANKED matches, best first, for a paginator.

    After two planner estimates (newest_first), one query finds and ranks the matches (their
    ids only); each page then fetches its own stories, with snippets. A common word can match
    most of the archive, and ranking (or counting) all of it would grow with the archive;
    readers of news want recent stories.
    """

    def __init__(self, queryset, text):
        self.stories, self.text = queryset, text
        newest = newest_first(search(queryset, text)).values("pk")[: MAX_RANKED + 1]
        # Ranked outside the search, so only these stories' vectors are read for ranking.
        rows = Article.objects.filter(pk__in=newest).order_by("-publish_at", "-id")
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
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        ids = self.ids[index]
        page = self.stories.filter(pk__in=ids)
        if uses_postgres():
            page = page.annotate(
                snippet=SearchHeadline(
                    "body_text",
                    web_query(self.text),
                    config=CONFIG,
                    start_sel=MARK_START,
                    stop_sel=MARK_END,
                    max_words=35,
                    min_words=15,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                )
            )
        found = {story.pk: story for story in page}
        return [found[pk] for pk in ids if pk in found]


def snippet_html(article, text):
    """A short, escaped extract of the body with the searched words marked."""
    raw = getattr(article, "snippet", None)
    if raw is None:
        raw = fallback_snippet(article.body_text, plain_words(text))
    marked = escape(raw).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(marked)


def fallback_snippet(body_text, words, width=220):
    """SQLite's snippet: the text around the first matching word, with matches marked."""
    lowered = body_text.lower()
    hits = [lowered.find(w.lower()) for w in words if lowered.find(w.lower()) >= 0]
    start = max(min(hits) - width // 3, 0) if hits else 0
    extract = body_text[start : start + width]
    extract = ("… " if start else "") + extract + (" …" if start + width < len(body_text) else "")
    for word in sorted(set(words), key=len, reverse=True):
        extract = re.sub(f"({re.escape(word)})", f"{MARK_START}\\1{MARK_END}", extract, flags=re.IGNORECASE)
    return extract
