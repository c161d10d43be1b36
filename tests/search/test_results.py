"""A reader's search results: the newest MAX_RANKED matches ranked best first, a page at a time,
with escaped snippets marking the searched words."""

from datetime import timedelta
from unittest import mock

from django.test import SimpleTestCase, TestCase
from django.utils import timezone

from articles.models import Article
from articles.search import Results, refresh_search_vector
from articles.search.results import Snippet, snippet_of
from tests.factories import make_article
from tests.search.helpers import make_drills, on_postgres


class ResultsTests(TestCase):
    """Stories alike but for their age rank alike: then the newest come first."""

    @classmethod
    def setUpTestData(cls):
        now = timezone.now()
        cls.stories = [
            make_article(
                headline=f"Stunt {n}",
                body="<p>The stunt team rehearsed.</p>",
                publish_at=now - timedelta(hours=n),
            )
            for n in range(5)
        ]
        make_article(headline="Premiere", body="<p>The red carpet.</p>")
        refresh_search_vector(*Article.objects.all())

    def test_a_sequence_of_the_matches_newest_first_among_equals(self):
        results = Results(Article.objects.live(), "stunt")
        self.assertEqual(len(results), 5)
        self.assertFalse(results.more)
        self.assertEqual([story.headline for story in results[1:3]], ["Stunt 1", "Stunt 2"])
        self.assertEqual(results[0].headline, "Stunt 0")

    def test_each_page_comes_as_cards_with_the_text_for_snippets(self):
        [story] = Results(Article.objects.live(), "stunt")[:1]
        self.assertEqual(story.body_text, "The stunt team rehearsed.")
        self.assertIn("body", story.get_deferred_fields())

    def test_only_the_stories_given_are_ranked(self):
        results = Results(Article.objects.live().exclude(pk=self.stories[0].pk), "stunt")
        self.assertEqual([story.headline for story in results[:10]], [f"Stunt {n}" for n in range(1, 5)])

    def test_past_the_cap_only_the_newest_are_ranked_and_more_is_said(self):
        with mock.patch("articles.search.results.MAX_RANKED", 3):
            results = Results(Article.objects.live(), "stunt")
        self.assertEqual(sorted(results.ids), sorted(story.pk for story in self.stories[:3]))
        self.assertTrue(results.more)

    def test_a_snippet_marks_the_searched_words(self):
        results = Results(Article.objects.live(), "stunt")
        snippet = results.snippet(results[0])
        self.assertEqual([text for text, searched in snippet.pieces if searched], ["stunt"])


@on_postgres
class RankingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.jump = make_article(
            headline="Cruise makes the HALO jump",
            dek="A stunt a year in the planning.",
            body="<p>The parachute opened at 2,000 feet over the desert.</p>",
        )
        cls.body_only = make_article(headline="Unrelated", body="<p>One halo mention deep in the body.</p>")
        refresh_search_vector(cls.jump, cls.body_only)

    def headlines(self, text):
        return [story.headline for story in Results(Article.objects.live(), text)[:20]]

    def test_headline_outranks_body_and_stems_words(self):
        self.assertEqual(self.headlines("halo")[:2], ["Cruise makes the HALO jump", "Unrelated"])
        self.assertIn("Cruise makes the HALO jump", self.headlines("jumping"))


@on_postgres
class CapTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.stories = make_drills()

    def test_a_cap_keeps_the_newest_either_way(self):
        """Walked or found by the index, the capped results are the newest matches, and say there are more."""
        for cost in (0, 10**9):
            with self.subTest(cost=cost), mock.patch("articles.search.matching.WALK_COST", cost):
                with mock.patch("articles.search.results.MAX_RANKED", 4):
                    results = Results(Article.objects.live(), "parachute")
                newest = [s.pk for s in self.stories if "parachute" in s.body][:4]
                self.assertEqual(sorted(results.ids), sorted(newest))
                self.assertTrue(results.more)


class SnippetTests(SimpleTestCase):
    """The extract a result shows: its pieces of text, the searched words marked, and whether text
    was cut before and after it (the `snippet_text` macro escapes and shows it)."""

    def marked(self, snippet):
        return [text for text, searched in snippet.pieces if searched]

    def test_marks_every_word_a_stem_starts_and_only_whole_words(self):
        snippet = snippet_of("The box office officer boxed the Office, a boxer's offices.", ["box", "offic"])
        marked = ["box", "office", "officer", "boxed", "Office", "boxer", "offices"]
        self.assertEqual(self.marked(snippet), marked)
        self.assertEqual(self.marked(snippet_of("A sandbox and an inbox.", ["box"])), [])

    def test_shows_the_text_around_the_first_match_on_whole_words(self):
        text = " ".join(f"word{n}" for n in range(200)) + " parachute " + " after" * 100
        snippet = snippet_of(text, ["parachut"])
        plain = "".join(text for text, _ in snippet.pieces)
        self.assertTrue(snippet.cut_before and snippet.cut_after)
        self.assertTrue(plain.startswith("word"), plain)
        self.assertEqual(self.marked(snippet), ["parachute"])
        self.assertLessEqual(len(plain), 220)
        self.assertTrue(all(part.startswith(("word", "parachute", "after")) for part in plain.split()))

    def test_without_stems_the_opening_unmarked(self):
        snippet = snippet_of("Opening words of the story.", [])
        self.assertEqual(snippet, Snippet([("Opening words of the story.", False)], False, False))

    def test_the_pieces_are_the_text_as_it_is(self):
        """Escaping is the template's: the pieces keep the story's text unchanged."""
        snippet = snippet_of("<b>bold</b> & <script>parachute</script>", ["parachut"])
        self.assertEqual(
            snippet.pieces, [("<b>bold</b> & <script>", False), ("parachute", True), ("</script>", False)]
        )
