"""The public pages: only live stories on any of them, a story page's parts in order, listings paged
by keyset, subject pages, and the search page with its form's filters and messages."""

from datetime import UTC, date, datetime, timedelta
from unittest import mock

from bs4 import BeautifulSoup
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Correction, Credit
from articles.search import refresh_search_vector
from tests.factories import (
    add_byline,
    add_citation,
    add_film,
    add_link,
    make_article,
    make_author,
    make_film,
    make_person,
    make_release_date,
    make_source,
    make_story_per_state,
)
from tests.search.helpers import headlines_found, on_postgres
from tests.test_story_page import STORY_PAGE_QUERIES

# What a TestCase's transaction turns a view's own transaction into.
SAVEPOINTS = ("SAVEPOINT", "RELEASE SAVEPOINT")


def headlines(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return {h.get_text(strip=True) for h in soup.select(".card-title")}


class VisibilityThroughPagesTests(TestCase):
    """Every public page shows the live story and none of the others."""

    @classmethod
    def setUpTestData(cls):
        cls.author = make_author(slug="writer")
        cls.film = make_film(slug="fallout")
        cls.person = make_person(slug="tom-cruise")
        cls.source = make_source(slug="paramount")
        cls.stories = make_story_per_state()
        for story in cls.stories.values():
            story.tags.add("Stunts")
            story.people.add(cls.person)
            add_byline(story, cls.author)
            add_film(story, cls.film)
            add_citation(story, cls.source)

    def test_listing_pages_show_only_live_stories(self):
        pages = {
            "home": reverse("articles:home"),
            "tag": reverse("articles:tag", args=["stunts"]),
            "film": reverse("articles:film", args=["fallout"]),
            "person": reverse("articles:person", args=["tom-cruise"]),
            "source": reverse("articles:source", args=["paramount"]),
            "author": reverse("articles:author", args=["writer"]),
        }
        for name, url in pages.items():
            with self.subTest(name):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(headlines(response), {"The live story"})

    def test_story_page_is_404_unless_live(self):
        for state, story in self.stories.items():
            with self.subTest(state):
                response = self.client.get(story.get_absolute_url())
                self.assertEqual(response.status_code, 200 if state == "live" else 404)

    def test_links_to_unpublished_stories_are_never_rendered(self):
        page = make_article(headline="Linking story")
        for target in self.stories.values():
            add_link(page, target_article=target, placement="next")
            add_link(page, target_article=target, placement="inline", after_paragraph=1)
            add_link(page, target_article=target, placement="read_more")
        soup = BeautifulSoup(self.client.get(page.get_absolute_url()).content, "html.parser")
        hrefs = {a["href"] for a in soup.select("main a[href]")}
        for state, target in self.stories.items():
            with self.subTest(state):
                self.assertEqual(target.get_absolute_url() in hrefs, state == "live")


class StoryPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.film = make_film(title="Mission: Impossible – Fallout", slug="fallout")
        make_release_date(cls.film, kind="theatrical", date=date(2018, 7, 27))
        make_release_date(cls.film, kind="digital", date=date(2018, 11, 20))
        make_release_date(cls.film, kind="physical", date=date(2018, 12, 4), note="DVD, Blu-ray and 4K UHD")
        cls.other_film = make_film(title="The Mummy", slug="the-mummy")
        make_release_date(cls.other_film, date=date(2017, 6, 9))
        cls.target = make_article(headline="Fallout Trailer #2: Tom Cruise vs. Henry Cavill")
        cls.next = make_article(headline="Fallout Posters Assemble the Full Team")
        cls.source = make_source(name="Paramount")
        cls.outlet = make_source(name="Yahoo Entertainment")
        cls.story = make_article(
            headline="A <b>HALO</b> jump",
            dek="How it came together",
            body="<p>First.</p><p>Second.</p><p>Third.</p>",
            is_exclusive=True,
        )
        add_byline(cls.story, make_author(name="Dana Reyes"), order=0)
        add_byline(cls.story, make_author(name="Morgan Lee"), order=1)
        add_film(cls.story, cls.film)
        add_film(cls.story, cls.other_film, order=1, show_release_dates=False)
        add_citation(cls.story, cls.source)
        add_link(
            cls.story, placement="inline", after_paragraph=2, target_article=cls.target, title="Related title"
        )
        add_link(cls.story, placement="next", target_article=cls.next)
        for title in ("One", "Two"):
            add_link(
                cls.story, placement="read_more", url="https://example.com/", title=title, source=cls.outlet
            )
        cls.story.tags.add("Stunts", "Tom Cruise")

    def soup(self):
        response = self.client.get(self.story.get_absolute_url())
        self.assertEqual(response.status_code, 200)
        return BeautifulSoup(response.content, "html.parser")

    def test_headline_is_escaped(self):
        soup = self.soup()
        self.assertEqual(soup.h1.get_text(), "A <b>HALO</b> jump")
        self.assertIsNone(soup.h1.find("b"))

    def test_structure(self):
        """Byline, exclusive label, body with its inline link, NEXT, sources, Read more and tags, in order."""
        soup = self.soup()
        self.assertEqual(soup.select_one(".byline").get_text(" ", strip=True), "By Dana Reyes and Morgan Lee")
        self.assertIn("Exclusive", soup.select_one(".kicker").get_text())
        body = [el.get_text(" ", strip=True) for el in soup.select(".story-body > p")]
        self.assertEqual(body, ["First.", "Second.", "Related: Related title", "Third."])
        self.assertEqual(
            soup.select_one(".next-link").get_text(" ", strip=True),
            "NEXT: Fallout Posters Assemble the Full Team",
        )
        self.assertEqual(soup.select_one(".citations").get_text(" ", strip=True), "Source: Paramount")
        read_more = soup.select_one(".read-more")
        self.assertEqual(read_more.h2.get_text(), "Read more from Yahoo Entertainment:")
        self.assertEqual([li.get_text() for li in read_more.select("li")], ["One", "Two"])
        self.assertEqual({a.get_text() for a in soup.select(".tags a")}, {"Stunts", "Tom Cruise"})

    def test_key_release_dates_box(self):
        """The box lists the featured film's dates per format; films left out of it stay out."""
        box = self.soup().select_one(".key-release-dates")
        self.assertEqual(box.h2.get_text(), "Key Release Dates")
        self.assertEqual([h3.get_text() for h3 in box.select("h3")], ["Mission: Impossible – Fallout (2018)"])
        self.assertEqual([dt.get_text() for dt in box.select("dt")], ["Theatrical", "Digital", "Physical"])
        self.assertEqual(
            [t["datetime"] for t in box.select("dd time")], ["2018-07-27", "2018-11-20", "2018-12-04"]
        )
        self.assertIn("DVD, Blu-ray and 4K UHD", box.get_text())

    def test_people_tags_and_corrections(self):
        """Shown in a stable order, corrections oldest first, dated in the newsroom's zone."""
        self.story.people.add(make_person(name="Tom Cruise"), make_person(name="Henry Cavill"))
        Correction.objects.create(
            article=self.story,
            note="A later update.",
            kind="update",
            created_at=datetime(2018, 3, 2, 3, tzinfo=UTC),
        )
        Correction.objects.create(
            article=self.story, note="An early fix.", created_at=datetime(2018, 3, 1, tzinfo=UTC)
        )
        soup = self.soup()
        in_story = [a.get_text() for a in soup.select(".in-story a")]
        self.assertEqual(
            in_story, ["Mission: Impossible – Fallout", "The Mummy", "Henry Cavill", "Tom Cruise"]
        )
        self.assertEqual([a.get_text() for a in soup.select(".tags a")], ["Stunts", "Tom Cruise"])
        notes = [li.get_text(" ", strip=True) for li in soup.select(".corrections li")]
        # 03:00 UTC on March 2 is still March 1 in New York.
        self.assertEqual(
            notes,
            ["Correction , February 28, 2018 : An early fix.", "Update , March 1, 2018 : A later update."],
        )

    def test_query_count_does_not_grow_with_tags_links_and_films(self):
        def count_queries():
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(self.story.get_absolute_url()).status_code, 200)
            return len(queries)

        count_queries()  # A new database session first prepares the story page's statement.
        before = count_queries()
        for n in range(8):
            film = make_film()
            make_release_date(film)
            add_film(self.story, film, order=n + 2)
            add_byline(self.story, make_author(), order=n + 2)
            add_citation(self.story, make_source())
            add_link(self.story, placement="inline", after_paragraph=1, target_article=make_article())
            add_link(
                self.story,
                placement="read_more",
                url="https://example.com/",
                title=f"x{n}",
                source=make_source(),
            )
            self.story.tags.add(f"tag {n}")
            self.story.people.add(make_person())
            Correction.objects.create(article=self.story, note=f"Fixed detail {n}.")
        self.assertEqual(count_queries(), before)
        self.assertEqual(before, STORY_PAGE_QUERIES)


class ListingPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.author = make_author(slug="writer")
        for _ in range(25):
            add_byline(make_article(), cls.author)

    def older_link(self, response):
        link = BeautifulSoup(response.content, "html.parser").select_one(".pagination a[rel=next]")
        return link["href"] if link else None

    def test_pages_through_older_stories(self):
        """Each page links the next older one; together they hold every story once, newest first."""
        for url in (reverse("articles:home"), reverse("articles:author", args=["writer"])):
            with self.subTest(url=url):
                first = self.client.get(url)
                second = self.client.get(url + self.older_link(first))
                self.assertEqual(len(headlines(first)), 20)
                self.assertEqual(len(headlines(second)), 5)
                self.assertFalse(headlines(first) & headlines(second))
                self.assertIsNone(self.older_link(second))
                self.assertContains(second, "Latest stories")

    def test_stories_sharing_a_publish_time_are_neither_lost_nor_repeated(self):
        moment = timezone.now() - timedelta(days=1)
        twins = {make_article(publish_at=moment).headline for _ in range(30)}
        seen, url = [], reverse("articles:home")
        while url:
            response = self.client.get(url)
            seen += headlines(response) & twins
            older = self.older_link(response)
            url = reverse("articles:home") + older if older else None
        self.assertEqual(sorted(seen), sorted(twins))

    def test_bad_cursors_are_404(self):
        for cursor in ("0", "abc", "1.5.6", "-1.2", "9" * 40 + ".1", "1.\x00", "1543849200000000"):
            with self.subTest(cursor=cursor):
                self.assertEqual(
                    self.client.get(reverse("articles:home"), {"before": cursor}).status_code, 404
                )

    def test_deep_pages_need_no_count_and_no_offset(self):
        with CaptureQueriesContext(connection) as queries:
            self.client.get(reverse("articles:home"))
        sql = " ".join(q["sql"] for q in queries.captured_queries).upper()
        self.assertNotIn("COUNT(", sql)
        self.assertNotIn("OFFSET", sql)

    def test_listing_query_count_is_constant(self):
        url = reverse("articles:author", args=["writer"])
        self.client.get(url)  # PostgreSQL prepares the author's statement.
        with CaptureQueriesContext(connection) as twenty:
            first = self.client.get(url)
        with CaptureQueriesContext(connection) as five:
            self.client.get(url + self.older_link(first))
        self.assertEqual(len(twenty), len(five))

    def test_unknown_and_odd_slugs_are_404(self):
        for prefix in ("articles", "tags", "films", "people", "sources", "authors"):
            for slug in ("missing", "%00", "a%2Fb", "..", "x" * 500, "%E2%98%83", "<script>"):
                with self.subTest(prefix=prefix, slug=slug):
                    self.assertEqual(self.client.get(f"/{prefix}/{slug}/").status_code, 404)

    def test_film_page_lists_credits_and_dates(self):
        film = make_film(title="Fallout", slug="fallout-2018")
        add_film(make_article(), film)
        make_release_date(film)
        make_release_date(film, kind="digital", date=None, precision="tba")
        Credit.objects.create(film=film, person=make_person(name="Tom Cruise"), role="cast", order=2)
        Credit.objects.create(
            film=film, person=make_person(name="Christopher McQuarrie"), role="director", order=1
        )
        with CaptureQueriesContext(connection) as queries:
            soup = BeautifulSoup(self.client.get(film.get_absolute_url()).content, "html.parser")
        credits = [item.get_text() for item in soup.select(".credits li")]
        self.assertEqual(credits, ["Christopher McQuarrie: Director", "Tom Cruise: Cast"])
        self.assertEqual(soup.select_one(".release-dates time")["datetime"], "2018-07-27")
        self.assertIn("TBA", soup.select(".release-dates")[0].get_text())
        # The film with its franchise and poster, its credits, its dates, its reviews, then its
        # stories and their bylines; on PostgreSQL, first the plans asked for its values
        # (newsroom.plans).
        reads = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith(SAVEPOINTS)]
        self.assertEqual(len(reads), 7 if connection.vendor == "postgresql" else 6)


class SearchPageTests(TestCase):
    """The search page: live stories only, the form's filters and messages, snippets, pages."""

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
        response = self.client.get(reverse("articles:search"), params)
        self.assertEqual(response.status_code, 200)
        return response

    def test_only_live_stories_are_found(self):
        results = headlines_found(self.search(q="parachute"))
        self.assertIn("Cruise makes the HALO jump", results)
        self.assertIn("The live story", results)
        for state in ("draft", "in_review", "archived", "scheduled", "expired", "embargoed"):
            with self.subTest(state):
                self.assertNotIn(f"The {state} story", results)

    def test_filters(self):
        """tag=, film= and kind= narrow the search to a tag's, a film's or a kind's stories."""
        self.assertEqual(headlines_found(self.search(q="Cruise", tag="trailers")), ["Second trailer arrives"])
        self.assertEqual(headlines_found(self.search(q="Cruise", film="fallout")), ["Second trailer arrives"])
        self.assertEqual(
            headlines_found(self.search(q="Cruise", kind="news")), ["Cruise makes the HALO jump"]
        )

    def test_snippet_marks_words_and_escapes_text(self):
        story = make_article(headline="Escaping", body="<p>The &lt;b&gt;bold&lt;/b&gt; parachute text.</p>")
        refresh_search_vector(story)
        soup = BeautifulSoup(self.search(q="parachute").content, "html.parser")
        snippets = {li.h2.get_text(): li.select_one(".snippet") for li in soup.select(".search-results li")}
        self.assertEqual([m.get_text().lower() for m in snippets["Escaping"].find_all("mark")], ["parachute"])
        self.assertIsNone(snippets["Escaping"].find("b"))
        self.assertIn("bold", snippets["Escaping"].get_text())

    def test_bad_input_gives_a_normal_page(self):
        """Odd, empty and overlong searches give the page (with the form's message), a page past
        the results a 404."""
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
        twenty = " ".join(["cruise"] * 20 + [f"w{n}" for n in range(20)])
        self.assertEqual(self.client.get("/search/", {"q": twenty}).status_code, 200)
        too_many = " ".join(f"w{n}" for n in range(33))
        refused = self.client.get("/search/", {"q": too_many})
        self.assertContains(refused, "at most 32 different words")
        self.assertEqual(BeautifulSoup(refused.content, "html.parser").find(id="id_q")["value"], too_many)
        self.assertEqual(self.client.get("/search/", {"q": "cruise", "kind": "nonsense"}).status_code, 200)
        self.assertEqual(self.client.get("/search/", {"q": "cruise", "page": "99"}).status_code, 404)

    @on_postgres
    def test_a_search_only_leaving_words_out_asks_for_a_word_and_tests_no_story(self):
        for query in ("-parachute", "-parachute -cruise", "helicopter OR -parachute", '-"box office"'):
            with self.subTest(query=query):
                with CaptureQueriesContext(connection) as queries:
                    response = self.search(q=query)
                self.assertContains(response, "Please add a word to look for")
                self.assertEqual(headlines_found(response), [])
                self.assertEqual(
                    BeautifulSoup(response.content, "html.parser").find(id="id_q")["value"], query
                )
                self.assertFalse([q for q in queries.captured_queries if "search_vector" in q["sql"]])
        self.assertEqual(headlines_found(self.search(q="cruise -helicopter")), ["Cruise makes the HALO jump"])

    def test_pagination_keeps_the_query(self):
        stories = [make_article(headline=f"Stunt number {n}", body="<p>stunt</p>") for n in range(25)]
        refresh_search_vector(*stories)
        first = BeautifulSoup(self.search(q="stunt").content, "html.parser")
        next_link = first.select_one(".pagination a[rel=next]")["href"]
        self.assertIn("q=stunt", next_link)
        # 25 stunt stories plus the HALO story ("A stunt a year in the planning"), 20 a page.
        self.assertEqual(len(headlines_found(self.client.get("/search/" + next_link))), 6)

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
        """The page's queries do not grow with the stories found."""
        with CaptureQueriesContext(connection) as few:
            self.search(q="Cruise")
        stories = [make_article(headline=f"Cruise again {n}") for n in range(15)]
        refresh_search_vector(*stories)
        with CaptureQueriesContext(connection) as many:
            self.search(q="Cruise")
        self.assertEqual(len(few), len(many))
