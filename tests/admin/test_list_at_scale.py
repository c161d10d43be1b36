"""The admin's story list stays cheap with a big archive (issue 24, build 9): bounded queries on
every filter, search and drill-down, no exact count of the whole table, no scan of every story's
date, typed (not listed) tag, film and author filters, and the indexes each of them uses."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.admin import changelist
from articles.models import Article
from articles.search.indexing import refresh_search_vector
from tests.admin.helpers import CHANGELIST_URL
from tests.factories import add_byline, add_film, make_article, make_author, make_film, make_user

# Session, user, the editor's permissions (2), notices, the page, its bylines, the count (and
# PostgreSQL's estimate past it), the search's query parsing and its authors: ten at most.
MAX_QUERIES = 10


@pytest.fixture
def editor_client(client, db):
    client.force_login(make_user("Editors"))
    return client


@pytest.fixture
def archive(db):
    """A small archive with a story in each state the filters tell apart."""
    now = timezone.now()
    author, film = make_author(name="Jo Critic"), make_film(title="Mission Film")
    stories = [
        make_article(headline=f"Cruise stunt number {n}", publish_at=now - timedelta(days=40 * n))
        for n in range(1, 6)
    ]
    stories += [
        make_article(status=Article.Status.DRAFT, publish_at=None),
        make_article(publish_at=now + timedelta(days=1)),
        make_article(expire_at=now - timedelta(hours=1), publish_at=now - timedelta(days=2)),
        make_article(embargo_until=now + timedelta(hours=3)),
        make_article(is_exclusive=True, kind=Article.Kind.ANALYSIS),
    ]
    stories[0].tags.add("Stunts")
    add_byline(stories[1], author)
    add_film(stories[2], film)
    refresh_search_vector(*stories)
    return {"stories": stories, "author": author, "film": film, "tag": stories[0].tags.get()}


def pages(archive):
    today = timezone.localdate()
    return [
        "",
        "?q=cruise",
        "?q=%22cruise+stunt%22",
        "?q=Critic",
        "?status__exact=draft",
        "?kind__exact=analysis",
        "?is_exclusive__exact=1",
        "?owner=mine",
        *(f"?visibility={value}" for value in ("live", "scheduled", "expired", "embargoed", "not_live")),
        "?o=4",
        f"?publish_at__year={today.year}",
        f"?publish_at__year={today.year}&publish_at__month={today.month}",
        f"?publish_at__year={today.year}&publish_at__month={today.month}&publish_at__day={today.day}",
        f"?tags__id__exact={archive['tag'].pk}",
        f"?films__id__exact={archive['film'].pk}",
        f"?authors__id__exact={archive['author'].pk}",
        "?q=cruise&kind__exact=news&publish_at__year=" + str(today.year),
    ]


def test_every_filter_search_and_drill_down_runs_bounded_queries(
    editor_client, archive, django_assert_max_num_queries
):
    for query in pages(archive):
        editor_client.get(CHANGELIST_URL + query)  # Warm, as measured.
        with django_assert_max_num_queries(MAX_QUERIES):
            response = editor_client.get(CHANGELIST_URL + query)
        assert response.status_code == 200, query
        assert "?e=1" not in response.get("Location", ""), query


def test_filters_keep_the_right_stories(editor_client, archive):
    stories = archive["stories"]
    expectations = {
        f"?tags__id__exact={archive['tag'].pk}": stories[0],
        f"?authors__id__exact={archive['author'].pk}": stories[1],
        f"?films__id__exact={archive['film'].pk}": stories[2],
        "?visibility=not_live": None,
        "?q=Critic": stories[1],
    }
    for query, story in expectations.items():
        listed = list(editor_client.get(CHANGELIST_URL + query).context["cl"].result_list)
        if story is not None:
            assert listed == [story], query
    not_live = {
        s.pk for s in editor_client.get(CHANGELIST_URL + "?visibility=not_live").context["cl"].result_list
    }
    assert not_live == {s.pk for s in Article.objects.all() if not s.is_live()}
    searched = editor_client.get(CHANGELIST_URL + "?q=cruise").context["cl"].result_list
    assert {s.pk for s in searched} == {s.pk for s in stories[:5]}


def test_no_exact_count_of_every_story(editor_client, archive):
    """Django's full count is off; on PostgreSQL the page's own count stops early (LIMIT) or is
    the planner's estimate, whatever the filter."""
    for query in ("", "?status__exact=published", "?q=cruise", "?visibility=live"):
        with CaptureQueriesContext(connection) as queries:
            editor_client.get(CHANGELIST_URL + query)
        counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
        counts = [sql for sql in counts if '"articles_article"' in sql]
        if connection.vendor == "postgresql":
            assert all("LIMIT" in sql for sql in counts), (query, counts)
        else:
            assert len(counts) <= 1, (query, counts)  # The page's, not also Django's full count.


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's estimates")
def test_a_large_list_says_its_count_is_an_estimate(editor_client, archive, monkeypatch):
    monkeypatch.setattr(changelist, "EXACT_COUNT_UP_TO", 3)
    response = editor_client.get(CHANGELIST_URL + "?status__exact=published")
    assert response.context["cl"].paginator.estimated
    assert "about " in response.content.decode()
    response = editor_client.get(CHANGELIST_URL + "?status__exact=draft")
    assert not response.context["cl"].paginator.estimated
    assert response.context["cl"].result_count == 1


def test_drill_down_reads_no_story_dates(editor_client, archive):
    """Years, months and days come from the first and last dates (index look-ups), never from a
    DISTINCT over every story's date."""
    today = timezone.localdate()
    for query in ("", f"?publish_at__year={today.year}"):
        with CaptureQueriesContext(connection) as queries:
            response = editor_client.get(CHANGELIST_URL + query)
        sql = " ".join(q["sql"] for q in queries.captured_queries).upper()
        assert "DISTINCT" not in sql and "TRUNC" not in sql, query
        assert response.status_code == 200
    html = editor_client.get(CHANGELIST_URL + f"?publish_at__year={today.year}").content.decode()
    assert f"publish_at__month={today.month}" in html


def test_drill_down_periods_run_from_first_to_last():
    moments = changelist.DrillDownQuerySetMixin
    zone = timezone.get_current_timezone()
    first = timezone.make_aware(timezone.datetime(2024, 11, 20, 10), zone)
    assert changelist.following(first.replace(day=1, hour=0), "month").month == 12
    december = timezone.make_aware(timezone.datetime(2024, 12, 1), zone)
    assert changelist.following(december, "month").year == 2025
    assert changelist.following(december, "day").day == 2
    assert moments.drill_down_period is None


def test_tag_film_and_author_filters_list_none_of_them(editor_client, archive, db):
    for n in range(30):
        make_film(title=f"Unlisted film {n}")
    html = editor_client.get(CHANGELIST_URL).content.decode()
    assert "Unlisted film" not in html
    assert 'data-field-name="tags"' in html and 'data-field-name="films"' in html
    assert "js/autocomplete-filter.js" in html
    # The chosen one shows, by name, with the other parameters kept in the form.
    html = editor_client.get(
        CHANGELIST_URL + f"?films__id__exact={archive['film'].pk}&q=cruise"
    ).content.decode()
    assert "Mission Film" in html
    assert 'name="q" value="cruise"' in html
    # The autocomplete behind the filters answers editors for each relation.
    for field, term, found in (
        ("tags", "stu", "Stunts"),
        ("films", "miss", "Mission"),
        ("authors", "jo", "Jo"),
    ):
        response = editor_client.get(
            "/admin/autocomplete/",
            {"app_label": "articles", "model_name": "article", "field_name": field, "term": term},
        )
        assert response.status_code == 200, field
        assert found in response.content.decode(), field


def test_the_list_has_an_index_for_each_filter_and_order(db):
    with connection.cursor() as cursor:
        names = set(connection.introspection.get_constraints(cursor, Article._meta.db_table))
    for index in (
        "article_publish_idx",
        "article_exclusive_idx",
        "article_owner_publish_idx",
        "article_expire_idx",
        "article_embargo_idx",
        "article_status_publish_idx",
        "article_kind_publish_idx",
    ):
        assert index in names


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans")
def test_the_list_order_and_drill_down_use_the_publish_index(editor_client, archive):
    """With sequential scans priced out (a small table would take one), the list's newest-first
    page and the drill-down's first and last dates are read from the publish time's index."""
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            page = Article.objects.order_by("-publish_at", "-id")[:50]
            assert "article_publish_idx" in page.explain()
            oldest = Article.objects.order_by("publish_at", "id")[:50]
            assert "article_publish_idx" in oldest.explain()
            exclusive = Article.objects.filter(is_exclusive=True).order_by("-publish_at", "-id")[:50]
            assert "article_exclusive_idx" in exclusive.explain()
        finally:
            cursor.execute("RESET enable_seqscan")
