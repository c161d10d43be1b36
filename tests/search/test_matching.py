"""Matching: the stories a search finds (articles.search.matching.search), and the newest of
them found the cheapest way PostgreSQL can (newest_matches, newest_ids, in_slices), phrases by
their word pairs' index."""

from datetime import timedelta
from unittest import mock

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
from articles.search.query import MAX_WORDS, LexemeQuery
from tests.factories import add_film, make_article, make_film, make_person, make_story_per_state, make_user
from tests.search.helpers import headlines_found, make_drills, on_postgres


class SearchTests(TestCase):
    """search() on its own: which stories among those given match a search."""

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

    def found(self, text, stories=None):
        return {
            story.headline for story in search(Article.objects.live() if stories is None else stories, text)
        }

    def test_plain_words_find_headline_dek_body_tag_film_and_person(self):
        jump, trailer = {"Cruise makes the HALO jump"}, {"Second trailer arrives"}
        for word, expected in (
            ("HALO", jump),
            ("planning", jump),
            ("helicopter", trailer),
            ("trailers", trailer),
            ("Fallout", trailer),
            ("Cavill", trailer),
        ):
            with self.subTest(word=word):
                self.assertEqual(self.found(word), expected)

    def test_all_words_must_match(self):
        self.assertEqual(self.found("helicopter Cavill"), {"Second trailer arrives"})
        self.assertEqual(self.found("helicopter parachute"), set())

    def test_many_words_are_searched_on_either_database(self):
        """Each word looks in three related tables; on SQLite, joined, eleven words passed its limit
        of 64 tables in a join (a 503)."""
        words = "Second trailer arrives helicopter chase gets its first look Cavill Fallout Trailers"
        self.assertEqual(self.found(words + " Henry squares off with Cruise"), {"Second trailer arrives"})
        self.assertEqual(self.found(words + " parachute"), set())
        many = " ".join(f"w{n}" for n in range(MAX_WORDS + 20))
        self.assertEqual(self.found(many), set())

    def test_only_the_stories_given_are_searched(self):
        """search() narrows what it is given: the live stories for readers, every story for the desk."""
        self.assertEqual(self.found("parachute"), {"Cruise makes the HALO jump", "The live story"})
        self.assertEqual(
            self.found("parachute", Article.objects.all()),
            {"Cruise makes the HALO jump", *(story.headline for story in self.states.values())},
        )

    @on_postgres
    def test_web_search_syntax(self):
        """A quoted phrase, OR, and a -word to leave out, as readers type them on search sites."""
        self.assertEqual(self.found('"first look"'), {"Second trailer arrives"})
        self.assertEqual(
            self.found("helicopter OR desert"), {"Second trailer arrives", "Cruise makes the HALO jump"}
        )
        self.assertEqual(self.found("Cruise -helicopter"), {"Cruise makes the HALO jump"})


@on_postgres
class NewestFirstTests(TestCase):
    """Whichever way PostgreSQL is told to find the newest matches, they are the same stories."""

    @classmethod
    def setUpTestData(cls):
        cls.stories = make_drills()

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
            headlines_found(self.client.get("/search/", {"q": '"box office record"'})), ["Weekend box office"]
        )
        client = Client()
        client.force_login(make_user("Editors"))
        response = client.get("/admin/articles/article/", {"q": '"box office record"'})
        self.assertEqual([row.headline for row in response.context["cl"].result_list], ["Weekend box office"])
