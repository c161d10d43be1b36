"""Search: live stories only, found by any word; ranked with web-search syntax on PostgreSQL;
bad input gives a normal page."""

from datetime import timedelta
from unittest import mock, skipUnless

from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from articles.search import MAX_RANKED, Results, refresh_search_vector, search
from articles.search.matching import (
    WORD_PAIRS_OF_VECTOR,
    estimated_rows,
    in_slices,
    newest_ids,
    publication_hundredths,
)
from articles.search.query import LexemeQuery, phrase_pairs, searched_stems
from articles.search.results import snippet_html
from tests.admin.helpers import ADD_URL, article_post_data, editor_fields
from tests.factories import add_film, make_article, make_film, make_person, make_story_per_state, make_user

on_postgres = skipUnless(connection.vendor == "postgresql", "web-search syntax and ranking need PostgreSQL")


def found(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text() for a in soup.select(".search-results h2 a")]


class SearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.jump = make_article(
            headline="Cruise makes the HALO jump",
            dek="A stunt a year in the planning.",
            body="<p>The parachute opened at 2,000 feet over the desert.</p>",
            kind="news",
        )
        cls.trailer = make_article(
            headline="Second trailer arrives",
            dek="Cavill squares off with Cruise.",
            body="<p>The helicopter chase gets its first look.</p>",
            kind="feature",
        )
        cls.trailer.tags.add("Trailers")
        add_film(cls.trailer, make_film(title="Fallout", slug="fallout"))
        cls.trailer.people.add(make_person(name="Henry Cavill"))
        cls.states = make_story_per_state(body="<p>Everyone mentions the parachute.</p>")
        refresh_search_vector(cls.jump, cls.trailer, *cls.states.values())

    def search(self, **params):
        response = self.client.get("/search/", params)
        self.assertEqual(response.status_code, 200)
        return response

    def test_only_live_stories_are_found(self):
        results = found(self.search(q="parachute"))
        self.assertIn("Cruise makes the HALO jump", results)
        self.assertIn("The live story", results)
        for state in ("draft", "in_review", "archived", "scheduled", "expired", "embargoed"):
            with self.subTest(state):
                self.assertNotIn(f"The {state} story", results)

    def test_plain_words_find_headline_dek_body_tag_film_and_person(self):
        for word in ("HALO", "planning", "helicopter", "trailers", "Fallout", "Cavill"):
            with self.subTest(word=word):
                self.assertTrue(found(self.search(q=word)), word)

    def test_all_words_must_match(self):
        self.assertEqual(found(self.search(q="helicopter Cavill")), ["Second trailer arrives"])
        self.assertEqual(found(self.search(q="helicopter parachute")), [])

    def test_filters(self):
        self.assertEqual(found(self.search(q="Cruise", tag="trailers")), ["Second trailer arrives"])
        self.assertEqual(found(self.search(q="Cruise", film="fallout")), ["Second trailer arrives"])
        self.assertEqual(found(self.search(q="Cruise", kind="news")), ["Cruise makes the HALO jump"])

    def test_snippet_marks_words_and_escapes_text(self):
        story = make_article(headline="Escaping", body="<p>The &lt;b&gt;bold&lt;/b&gt; parachute text.</p>")
        refresh_search_vector(story)
        soup = BeautifulSoup(self.search(q="parachute").content, "html.parser")
        snippets = {li.h2.get_text(): li.select_one(".snippet") for li in soup.select(".search-results li")}
        self.assertEqual([m.get_text().lower() for m in snippets["Escaping"].find_all("mark")], ["parachute"])
        self.assertIsNone(snippets["Escaping"].find("b"))
        self.assertIn("bold", snippets["Escaping"].get_text())

    def test_bad_input_gives_a_normal_page(self):
        odd = [
            "",
            " ",
            "x" * 5000,
            "nul\x00byte",
            "&&&",
            "'",
            '"',
            "\\",
            "((((",
            "-",
            "OR",
            "*",
            "!:*",
            "<script>",
            "%",
        ]
        for query in odd:
            with self.subTest(query=query[:20]):
                response = self.client.get("/search/", {"q": query})
                self.assertEqual(response.status_code, 200)
        self.assertContains(self.client.get("/search/", {"q": "x" * 5000}), "at most 200 characters")
        self.assertEqual(self.client.get("/search/", {"q": "cruise", "kind": "nonsense"}).status_code, 200)
        self.assertEqual(self.client.get("/search/", {"q": "cruise", "page": "99"}).status_code, 404)

    @on_postgres
    def test_a_search_only_leaving_words_out_asks_for_a_word_and_tests_no_story(self):
        for query in ("-parachute", "-parachute -cruise", "helicopter OR -parachute", '-"box office"'):
            with self.subTest(query=query):
                with CaptureQueriesContext(connection) as queries:
                    response = self.search(q=query)
                self.assertContains(response, "Please add a word to look for")
                self.assertEqual(found(response), [])
                self.assertEqual(
                    BeautifulSoup(response.content, "html.parser").find(id="id_q")["value"], query
                )
                self.assertFalse([q for q in queries.captured_queries if "search_vector" in q["sql"]])
        self.assertEqual(found(self.search(q="cruise -helicopter")), ["Cruise makes the HALO jump"])

    def test_pagination_keeps_the_query(self):
        stories = [make_article(headline=f"Stunt number {n}", body="<p>stunt</p>") for n in range(25)]
        refresh_search_vector(*stories)
        first = BeautifulSoup(self.search(q="stunt").content, "html.parser")
        next_link = first.select_one(".pagination a[rel=next]")["href"]
        self.assertIn("q=stunt", next_link)
        # 25 stunt stories plus the HALO story ("A stunt a year in the planning"), 20 a page.
        self.assertEqual(len(found(self.client.get("/search/" + next_link))), 6)

    def test_common_words_rank_the_newest_matches_and_say_so(self):
        now = timezone.now()
        stories = [
            make_article(
                headline=f"Stunt number {n}", body="<p>stunt</p>", publish_at=now - timedelta(days=n)
            )
            for n in range(1, 6)
        ]
        refresh_search_vector(*stories)
        with mock.patch("articles.search.results.MAX_RANKED", 3), mock.patch("articles.views.MAX_RANKED", 3):
            soup = BeautifulSoup(self.search(q="stunt number").content, "html.parser")
        self.assertEqual(
            sorted(a.get_text() for a in soup.select(".search-results h2 a")),
            ["Stunt number 1", "Stunt number 2", "Stunt number 3"],
        )
        self.assertIn("Over 3 stories found", soup.select_one(".result-count").get_text())
        # Below the cap the count is exact.
        self.assertIn("5 stories found", self.search(q="stunt number").content.decode())

    def test_query_count_is_constant(self):
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as few:
            self.search(q="Cruise")
        stories = [make_article(headline=f"Cruise again {n}") for n in range(15)]
        refresh_search_vector(*stories)
        with CaptureQueriesContext(connection) as many:
            self.search(q="Cruise")
        self.assertEqual(len(few), len(many))

    def test_admin_search_uses_the_same_engine(self):
        client = Client()
        client.force_login(make_user("Editors"))
        response = client.get("/admin/articles/article/", {"q": "helicopter"})
        results = {row.headline for row in response.context["cl"].result_list}
        self.assertEqual(results, {"Second trailer arrives"})
        draft = client.get("/admin/articles/article/", {"q": "parachute"}).context["cl"].result_list
        self.assertIn(
            "The draft story", {row.headline for row in draft}, "the desk finds unpublished stories too"
        )

    @on_postgres
    def test_web_search_syntax(self):
        self.assertEqual(found(self.search(q='"first look"')), ["Second trailer arrives"])
        self.assertEqual(
            set(found(self.search(q="helicopter OR desert"))),
            {"Second trailer arrives", "Cruise makes the HALO jump"},
        )
        self.assertEqual(found(self.search(q="Cruise -helicopter")), ["Cruise makes the HALO jump"])

    @on_postgres
    def test_headline_outranks_body_and_stems_words(self):
        body_only = make_article(headline="Unrelated", body="<p>One halo mention deep in the body.</p>")
        refresh_search_vector(body_only)
        self.assertEqual(found(self.search(q="halo"))[:2], ["Cruise makes the HALO jump", "Unrelated"])
        self.assertIn("Cruise makes the HALO jump", found(self.search(q="jumping")))


@on_postgres
class NewestFirstTests(TestCase):
    """Whichever way PostgreSQL is told to find the newest matches, they are the same stories."""

    @classmethod
    def setUpTestData(cls):
        now = timezone.now()
        cls.stories = [
            make_article(
                headline=f"Drill {n}",
                body="<p>A parachute opens.</p>" if n % 3 else "<p>A helicopter lands.</p>",
                publish_at=now - timedelta(hours=n),
            )
            for n in range(12)
        ]
        refresh_search_vector(*cls.stories)

    def results(self, text):
        return [story.headline for story in Results(Article.objects.live(), text)[:20]]

    def test_walking_the_index_and_slices_find_the_same_newest_matches(self):
        for text in ("parachute", '"parachute opens"', "helicopter OR parachute", "drill -helicopter"):
            with self.subTest(text=text):
                with mock.patch("articles.search.matching.WALK_COST", 0):
                    walked = self.results(text)
                with mock.patch("articles.search.matching.WALK_COST", 10**9):
                    indexed = self.results(text)
                    with (
                        mock.patch("articles.search.matching.SLICE_AT", 0),
                        mock.patch("articles.search.matching.SLICE_MARGIN", 0.1),
                    ):
                        sliced = self.results(text)
                self.assertEqual(walked, indexed)
                self.assertEqual(walked, sliced)
                self.assertTrue(walked)

    def analyze(self):
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE articles_article")

    def test_slices_give_the_newest_matches_in_order_however_rough_the_estimate(self):
        self.analyze()
        self.assertEqual(len(publication_hundredths()), len(self.stories))
        matches = search(Article.objects.live(), "parachute").order_by("-publish_at", "-id")
        newest = list(matches.values_list("pk", flat=True))
        self.assertEqual(len(newest), 8)
        for count in (1, 3, 8, 20):
            for found in (1, 8, 1000):
                with self.subTest(count=count, found=found):
                    self.assertEqual(in_slices(matches, count, found), newest[:count])

    def test_slices_read_newest_first_and_stop_when_they_have_enough(self):
        self.analyze()
        matches = search(Article.objects.live(), "parachute").order_by("-publish_at", "-id")
        with CaptureQueriesContext(connection) as few:
            in_slices(matches, 2, 8)
        with CaptureQueriesContext(connection) as all_of_them:
            in_slices(matches, 20, 1000)
        # The statistics, then one slice; against the statistics, then slice after slice to the end.
        self.assertEqual(len(few), 2)
        self.assertIn('"publish_at" >', few.captured_queries[-1]["sql"])
        self.assertGreater(len(all_of_them), 3)
        self.assertNotIn('"publish_at" >', all_of_them.captured_queries[-1]["sql"])

    def test_without_statistics_the_matches_are_read_in_one_query(self):
        matches = search(Article.objects.live(), "parachute").order_by("-publish_at", "-id")
        with (
            mock.patch("articles.search.matching.publication_hundredths", return_value=[]),
            CaptureQueriesContext(connection) as queries,
        ):
            found = in_slices(matches, 3, 1000)
        self.assertEqual(found, list(matches.values_list("pk", flat=True)[:3]))
        self.assertEqual(len(queries), 1)

    def test_a_cap_keeps_the_newest_either_way(self):
        for cost in (0, 10**9):
            with self.subTest(cost=cost), mock.patch("articles.search.matching.WALK_COST", cost):
                with mock.patch("articles.search.results.MAX_RANKED", 4):
                    results = Results(Article.objects.live(), "parachute")
                newest = [s.pk for s in self.stories if "parachute" in s.body][:4]
                self.assertEqual(sorted(results.ids), sorted(newest))
                self.assertTrue(results.more)

    def test_estimates_come_from_the_planner(self):
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE articles_article")
        live = Article.objects.live()
        self.assertEqual(estimated_rows(live), len(self.stories))
        # "helicopter" is in a third of the stories, "drill" in every headline.
        self.assertLess(estimated_rows(search(live, "helicopter")), estimated_rows(search(live, "drill")))

    def test_few_matches_are_found_by_the_index_many_by_the_walk_and_thousands_in_slices(self):
        self.analyze()
        matches = search(Article.objects.live(), "parachute")
        for found, sliced, way in (
            (10, True, "index"),
            (100_000, True, "walk"),
            (3_000, True, "slices"),
            (3_000, False, "index"),
        ):
            with (
                self.subTest(found=found, sliced=sliced),
                mock.patch("articles.search.matching.estimated_rows", side_effect=[found, 1_000_000]),
                CaptureQueriesContext(connection) as queries,
            ):
                newest_ids(matches, 5, sliced=sliced)
            sql = queries.captured_queries[-1]["sql"]
            # The index's way sorts on a key no index holds; the walk follows publish_at's index;
            # a slice is bounded in time.
            self.assertEqual('ORDER BY "articles_article"."publish_at" DESC' in sql, way == "walk")
            self.assertEqual('"articles_article"."publish_at" >' in sql, way == "slices")

    def test_a_phrase_is_walked_by_its_vectors_alone_and_looked_up_by_its_pairs_among_many(self):
        for stories, found, way, by_pairs in (
            (1_000_000, 100_000, "walk", False),
            (1_000_000, 10, "index", True),
            # A tag's or a film's few stories: each one's vector is tested.
            (1_000, 10, "index", False),
        ):
            with (
                self.subTest(stories=stories, way=way),
                # The stories searched, then the matches.
                mock.patch("articles.search.matching.estimated_rows", side_effect=[stories, found]),
                CaptureQueriesContext(connection) as queries,
            ):
                results = Results(Article.objects.live(), '"parachute opens"')
            self.assertEqual(len(results), 8)
            (newest,) = [q["sql"] for q in queries.captured_queries if f"LIMIT {MAX_RANKED + 1}" in q["sql"]]
            self.assertEqual('ORDER BY "articles_article"."publish_at" DESC' in newest, way == "walk")
            self.assertEqual("article_word_pairs" in newest, by_pairs)

    def test_a_phrase_is_weighed_by_the_candidates_its_pairs_index_would_fetch(self):
        with (
            mock.patch("articles.search.matching.PAIRED_AT", 0),
            mock.patch("articles.search.matching.newest_ids", wraps=newest_ids) as found,
        ):
            results = Results(Article.objects.live(), '"parachute opens"')
        self.assertEqual(len(results), 8)
        fetched = str(found.call_args.kwargs["fetched"].query)
        self.assertIn("article_word_pairs", fetched)
        self.assertNotIn("ts_match_vq", fetched)

    def test_a_phrase_is_never_sliced(self):
        with mock.patch("articles.search.matching.newest_ids", wraps=newest_ids) as found:
            for text in ('"parachute opens"', "parachute opens", 'helicopter OR "parachute opens"'):
                Results(Article.objects.live(), text)
        self.assertEqual([call.kwargs["sliced"] for call in found.call_args_list], [False, True, False])


@on_postgres
class KindFilterTests(TestCase):
    def test_the_newest_stories_of_a_kind_are_read_from_its_index(self):
        for n in range(30):
            make_article(
                kind="analysis" if n % 10 == 0 else "news", publish_at=timezone.now() - timedelta(hours=n)
            )
        stories = Article.objects.live().filter(kind="analysis")
        newest = search(stories, "headline", by_pairs=False).order_by("-publish_at", "-id")[:5]
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_bitmapscan = off")
        plan = newest.explain()
        self.assertIn("article_kind_publish_idx", plan)
        self.assertIn("Index Cond: (((kind)::text = 'analysis'::text)", plan)

    def test_a_narrowed_search_weighs_its_ways_by_the_stories_narrowed_to(self):
        for n in range(40):
            make_article(kind="review" if n % 10 == 0 else "news")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE articles_article")
        live = Article.objects.live()
        # With its statistics, PostgreSQL tells the narrowed stories from all of them.
        self.assertLess(estimated_rows(live.filter(kind="review")), estimated_rows(live))
        for stories in (live, live.filter(kind="review")):
            with (
                self.subTest(stories=str(stories.query)[-40:]),
                mock.patch("articles.search.matching.newest_ids", wraps=newest_ids) as found,
            ):
                Results(stories, "parachute")
            self.assertEqual(found.call_args.kwargs["stories"], estimated_rows(stories))


class PhrasePairsTests(TestCase):
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
class WordPairIndexTests(TestCase):
    """Phrases are found through the index of article_word_pairs(), and exactly as without it."""

    @classmethod
    def setUpTestData(cls):
        cls.phrase = make_article(headline="Weekend box office", body="<p>The box office record fell.</p>")
        cls.apart = make_article(headline="Office politics", body="<p>A box of props.</p>")
        cls.across = make_article(headline="Ticket box", dek="Office queues grow.")
        cls.gap = make_article(headline="A box of the office supplies")
        refresh_search_vector(cls.phrase, cls.apart, cls.across, cls.gap)

    def pairs_of(self, text):
        with connection.cursor() as cursor:
            cursor.execute("SELECT article_word_pairs(to_tsvector('english', %s))::text", [text])
            return cursor.fetchone()[0]

    def found(self, text):
        return {story.headline for story in search(Article.objects.live(), text)}

    def test_pairs_are_next_words_as_the_phrase_operator_counts_them(self):
        self.assertEqual(
            self.pairs_of("The box office of the box office record"), "'box offic' 'offic record'"
        )
        self.assertEqual(self.pairs_of("stunt"), "")
        self.assertEqual(self.pairs_of(""), "")

    def test_a_vector_with_too_many_pairs_to_list_is_marked_unpaired(self):
        text = " ".join(f"{n}abcdefghijklmnopqrstuvwxyz{n}" for n in range(25_000))
        self.assertEqual(self.pairs_of(text), "'*'")

    def test_phrases_find_the_same_stories_with_and_without_the_pairs(self):
        for text, expected in (
            ('"box office"', {"Weekend box office", "Ticket box"}),  # The headline runs into the dek.
            ('"box office record"', {"Weekend box office"}),
            ('"box office" -weekend', {"Ticket box"}),
            ('"box of the office"', {"A box of the office supplies"}),
            ('"office record" OR politics', {"Weekend box office", "Office politics"}),
        ):
            with self.subTest(text=text):
                self.assertEqual(self.found(text), expected)
                with mock.patch("articles.search.matching.phrase_pairs", return_value=[]):
                    self.assertEqual(self.found(text), expected)

    def test_a_story_too_long_to_pair_is_still_found(self):
        long = " ".join(f"{n}abcdefghijklmnopqrstuvwxyz{n}" for n in range(25_000))
        story = make_article(headline="Box office marathon", body=f"<p>{long}</p>")
        refresh_search_vector(story)
        self.assertIn("Box office marathon", self.found('"box office"'))

    def test_a_phrase_is_searched_by_its_pairs_and_its_vector_only_where_pairs_can_find_it(self):
        live = Article.objects.live()
        sql = str(search(live, '"box office" stunt').query)
        self.assertIn("article_word_pairs", sql)
        self.assertIn("ts_match_vq", sql)
        for text in ("box office", 'stunt OR "box office"', '"box of the office"'):
            with self.subTest(text=text):
                self.assertNotIn("article_word_pairs", str(search(live, text).query))

    def test_the_site_runs_no_parallel_workers(self):
        with connection.cursor() as cursor:
            cursor.execute("SHOW max_parallel_workers_per_gather")
            self.assertEqual(cursor.fetchone()[0], "0")

    def test_a_prepared_search_is_planned_for_its_words_every_time(self):
        """psycopg prepares what a connection repeats; a search's best plan depends on its words,
        so PostgreSQL must not settle on one generic plan for them all (a rare phrase walked every
        story with one). Subject pages likewise, for their subjects' sizes."""
        self.assertTrue(connection.settings_dict["OPTIONS"].get("server_side_binding"))
        make_film(slug="fallout")
        for url in ("/search/?q=parachute", "/films/fallout/"):
            with self.subTest(url=url), CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(url).status_code, 200)
            statements = [query["sql"] for query in queries.captured_queries]
            self.assertIn("SET LOCAL plan_cache_mode = force_custom_plan", statements[1])
            self.assertTrue(all("plan_cache_mode" not in sql for sql in statements[2:]))

    def test_the_pairs_are_looked_up_in_their_index(self):
        # The query's expression is the index's: with the table scan ruled out, it is used.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        pairs = Article.objects.alias(word_pairs=WORD_PAIRS_OF_VECTOR).filter(
            word_pairs=LexemeQuery("'box offic'")
        )
        self.assertIn("article_search_word_pairs", pairs.explain())
        self.assertEqual({story.headline for story in pairs}, {"Weekend box office", "Ticket box"})

    def test_readers_and_the_admin_find_phrases(self):
        self.assertEqual(
            found(self.client.get("/search/", {"q": '"box office record"'})), ["Weekend box office"]
        )
        client = Client()
        client.force_login(make_user("Editors"))
        response = client.get("/admin/articles/article/", {"q": '"box office record"'})
        self.assertEqual([row.headline for row in response.context["cl"].result_list], ["Weekend box office"])


class SnippetTests(TestCase):
    def marked(self, html):
        return [mark.get_text() for mark in BeautifulSoup(html, "html.parser").find_all("mark")]

    def test_marks_every_word_a_stem_starts_and_only_whole_words(self):
        html = snippet_html("The box office officer boxed the Office, a boxer's offices.", ["box", "offic"])
        marked = ["box", "office", "officer", "boxed", "Office", "boxer", "offices"]
        self.assertEqual(self.marked(html), marked)
        self.assertEqual(self.marked(snippet_html("A sandbox and an inbox.", ["box"])), [])

    def test_shows_the_text_around_the_first_match_on_whole_words(self):
        text = " ".join(f"word{n}" for n in range(200)) + " parachute " + " after" * 100
        html = snippet_html(text, ["parachut"])
        plain = BeautifulSoup(html, "html.parser").get_text()
        self.assertTrue(plain.startswith("… word") and plain.endswith(" …"), plain)
        self.assertIn("parachute", plain)
        self.assertLessEqual(len(plain), 230)
        self.assertTrue(all(part.startswith(("word", "parachute", "after", "…")) for part in plain.split()))

    def test_escapes_the_text_and_the_marked_words(self):
        html = snippet_html("<b>bold</b> & <script>parachute</script>", ["parachut", "b"])
        soup = BeautifulSoup(html, "html.parser")
        self.assertIsNone(soup.find("b"))
        self.assertIsNone(soup.find("script"))
        self.assertIn("<script>", soup.get_text())

    def test_without_stems_the_opening_unmarked(self):
        html = snippet_html("Opening words of the story.", [])
        self.assertEqual((str(html), self.marked(html)), ("Opening words of the story.", []))

    @on_postgres
    def test_stems_are_postgresqls_without_negated_words(self):
        self.assertEqual(searched_stems('"box office" -teaser OR stunts'), ["box", "offic", "stunt"])
        self.assertEqual(searched_stems("the -teaser"), [])


@on_postgres
class StoredVectorTests(TestCase):
    def test_vectors_are_kept_in_the_row_and_compressed_with_lz4(self):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT attstorage, attcompression FROM pg_attribute"
                " WHERE attrelid = 'articles_article'::regclass AND attname = 'search_vector'"
            )
            self.assertEqual(cursor.fetchone(), ("m", "l"))
            story = make_article(
                body="".join(f"<p>Take {n} of the jump, {n * 7919} feet.</p>" for n in range(300))
            )
            refresh_search_vector(story)
            cursor.execute(
                "SELECT pg_column_compression(search_vector) FROM articles_article WHERE id = %s", [story.pk]
            )
            self.assertEqual(cursor.fetchone(), ("lz4",))

    def test_a_body_longer_than_any_story_is_saved_and_found(self):
        # 120,000 distinct words: their full vector would pass PostgreSQL's 1 MB limit.
        words = [f"take{n}x" for n in range(120_000)]
        client = Client()
        client.force_login(make_user("Editors"))
        response = client.post(
            ADD_URL,
            article_post_data(
                slug="the-long-take",
                body=f"<p>{' '.join(words)}</p>",
                **editor_fields(status="published", publish_at_0="2018-07-27", publish_at_1="10:00"),
            ),
        )
        self.assertEqual(response.status_code, 302)
        story = Article.objects.get(slug="the-long-take")
        self.assertEqual(story.body_text.split(), words)
        self.assertEqual(found(client.get("/search/", {"q": "take1x"})), ["A headline"])
        # The words past what fits are kept in the story, not in its search vector.
        self.assertEqual(found(client.get("/search/", {"q": words[-1]})), [])
