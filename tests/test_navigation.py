"""Finding one's way: the masthead's sections, breadcrumbs on film, person and review pages, the
footer's feeds and calendar, and the A–Z indexes of films (with what is in cinemas now and
coming soon), people and sources, which list only subjects a live story is about."""

import json
from datetime import timedelta

from bs4 import BeautifulSoup
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from tests.factories import (
    add_citation,
    add_film,
    make_article,
    make_film,
    make_person,
    make_release_date,
    make_review,
    make_source,
    visibility_states,
)


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def crumbs(soup):
    return [item.get_text() for item in soup.select(".breadcrumbs li")]


def json_ld(soup, kind):
    data = [json.loads(s.string) for s in soup.select('script[type="application/ld+json"]')]
    return next(item for item in data if item["@type"] == kind)


class MastheadAndFooterTests(TestCase):
    def test_sections_are_linked_and_the_current_one_marked(self):
        for path, current in (
            ("/", "News"),
            ("/reviews/", "Reviews"),
            ("/releases/", "Releases"),
            ("/films/", "Films"),
        ):
            with self.subTest(path=path):
                soup = soup_of(self.client.get(path))
                links = [(a.get_text(), a["href"]) for a in soup.select(".site-nav a")]
                self.assertEqual(
                    links,
                    [
                        ("News", "/"),
                        ("Reviews", "/reviews/"),
                        ("Releases", "/releases/"),
                        ("Films", "/films/"),
                    ],
                )
                self.assertEqual(soup.select_one(".site-nav [aria-current=page]").get_text(), current)
                self.assertIsNotNone(soup.select_one(".masthead form[role=search] input[name=q]"))

    @override_settings(NEWSROOM_COUNTRY="GB")
    def test_footer_has_the_feeds_and_the_calendar_of_the_newsrooms_country(self):
        soup = soup_of(self.client.get("/"))
        footer = {a.get_text(): a["href"] for a in soup.select(".site-footer a")}
        self.assertEqual(footer["All stories (RSS)"], "/feed/")
        self.assertEqual(footer["Reviews (RSS)"], "/reviews/feed/")
        self.assertEqual(
            footer["Subscribe in your calendar app"], "webcal://testserver/releases.ics?country=GB"
        )
        self.assertEqual(footer["Films A–Z"], "/films/")
        for name, href in footer.items():
            if href.startswith("/"):
                with self.subTest(link=name):
                    self.assertEqual(self.client.get(href).status_code, 200)


class BreadcrumbTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.film = make_film(title="Fallout", slug="fallout")
        cls.person = make_person(name="Tom Cruise", slug="tom-cruise")
        story = make_article()
        add_film(story, cls.film)
        story.people.add(cls.person)
        cls.review = make_review(cls.film, headline="Fallout review")

    def test_film_person_and_review_pages_show_where_they_are(self):
        cases = [
            (self.film.get_absolute_url(), ["Newsroom", "Films", "Fallout (2018)"]),
            (self.person.get_absolute_url(), ["Newsroom", "People", "Tom Cruise"]),
            (self.review.get_absolute_url(), ["Newsroom", "Reviews", "Fallout review"]),
        ]
        for url, expected in cases:
            with self.subTest(url=url):
                soup = soup_of(self.client.get(url))
                self.assertEqual(crumbs(soup), expected)
                self.assertEqual(soup.select_one(".breadcrumbs [aria-current=page]").get_text(), expected[-1])
                listed = json_ld(soup, "BreadcrumbList")["itemListElement"]
                self.assertEqual([item["name"] for item in listed], expected)
                self.assertEqual(
                    listed[1]["item"], f"http://testserver{soup.select('.breadcrumbs a')[1]['href']}"
                )


class FilmIndexTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        today = timezone.localdate()
        cls.films = {}
        for title in (
            "Apollo 13",
            "Mission: Impossible",
            "Moonfall",
            "Zodiac",
            "2001: A Space Odyssey",
            "Ébène",
        ):
            film = make_film(title=title)
            add_film(make_article(), film)
            cls.films[title] = film
        for state, fields in visibility_states().items():
            if state != "live":
                film = make_film(title=f"Mystery {state}")
                add_film(make_article(**fields), film)
                make_release_date(film, date=today - timedelta(days=1))
        make_release_date(cls.films["Moonfall"], date=today - timedelta(days=3))
        make_release_date(cls.films["Moonfall"], kind="limited", date=today - timedelta(days=10))
        make_release_date(cls.films["Zodiac"], date=today + timedelta(days=14))
        make_release_date(cls.films["Apollo 13"], date=today + timedelta(days=14), country="FR")
        make_release_date(cls.films["Apollo 13"], kind="digital", date=today + timedelta(days=5))
        make_release_date(cls.films["Mission: Impossible"], date=today - timedelta(days=60))

    def test_in_cinemas_now_and_coming_soon_in_the_newsrooms_country(self):
        soup = soup_of(self.client.get("/films/"))
        now = [a.get_text() for a in soup.select("[aria-labelledby=now-heading] .shelf a")]
        soon = [a.get_text() for a in soup.select("[aria-labelledby=soon-heading] .shelf a")]
        self.assertEqual(now, ["Moonfall"])
        self.assertEqual(soon, ["Zodiac"])
        self.assertIn("United States of America", soup.select_one("#now-heading").get_text())

    def test_a_to_z_of_public_films_only(self):
        soup = soup_of(self.client.get("/films/"))
        groups = {}
        for heading in soup.select(".index-group h3"):
            groups.setdefault(heading.get_text(), []).extend(
                a.get_text() for a in heading.find_next("ul")("a")
            )
        # Names from A to Z under their letters; others (digits, accented letters) under "#",
        # where the database's collation sorts them.
        self.assertEqual(groups["A"], ["Apollo 13"])
        self.assertEqual(groups["M"], ["Mission: Impossible", "Moonfall"])
        self.assertEqual(groups["Z"], ["Zodiac"])
        self.assertEqual(sorted(groups["#"]), ["2001: A Space Odyssey", "Ébène"])
        self.assertNotIn("Mystery", soup.get_text())

    def test_one_letter(self):
        soup = soup_of(self.client.get("/films/?letter=M"))
        self.assertEqual(
            [a.get_text() for a in soup.select(".index-list a")], ["Mission: Impossible", "Moonfall"]
        )
        self.assertEqual(soup.select_one(".letters [aria-current]").get_text(), "M")
        others = soup_of(self.client.get("/films/?letter=0"))
        self.assertEqual(
            sorted(a.get_text() for a in others.select(".index-list a")), ["2001: A Space Odyssey", "Ébène"]
        )

    def test_pages_by_keyset(self):
        from articles.views import FilmIndexView

        size = FilmIndexView.PAGE_SIZE
        FilmIndexView.PAGE_SIZE = 4
        try:
            first = soup_of(self.client.get("/films/"))
            more = first.select_one(".index-group ~ nav a[rel=next]")["href"]
            second = soup_of(self.client.get(f"/films/{more}"))
        finally:
            FilmIndexView.PAGE_SIZE = size
        names = [a.get_text() for soup in (first, second) for a in soup.select(".index-list a")]
        self.assertEqual(len(names), 6)
        self.assertEqual(sorted(names), sorted(self.films))

    def test_bad_choices_are_404(self):
        for query in ("letter=MM", "letter=%00", "after=no-such-film", "after=<x>"):
            with self.subTest(query=query):
                self.assertEqual(self.client.get(f"/films/?{query}").status_code, 404)

    def test_queries_do_not_grow_with_the_films(self):
        def count():
            with CaptureQueriesContext(connection) as queries:
                self.client.get("/films/")
            return len(queries)

        few = count()
        today = timezone.localdate()
        for n in range(10):
            film = make_film(title=f"Extra {n}")
            add_film(make_article(), film)
            make_release_date(film, date=today - timedelta(days=n))
        self.assertEqual(count(), few)


class PeopleAndSourceIndexTests(TestCase):
    def test_only_subjects_of_live_stories_are_listed(self):
        live, draft = make_article(), make_article(status=Article.Status.DRAFT)
        shown, hidden = make_person(name="Shown Person"), make_person(name="Hidden Person")
        live.people.add(shown)
        draft.people.add(hidden)
        cited, secret = make_source(name="Cited Source"), make_source(name="Secret Source")
        add_citation(live, cited)
        add_citation(draft, secret)
        people = soup_of(self.client.get("/people/")).select(".index-list a")
        self.assertEqual(
            [(a.get_text(), a["href"]) for a in people], [("Shown Person", shown.get_absolute_url())]
        )
        sources = soup_of(self.client.get("/sources/")).select(".index-list a")
        self.assertEqual([a.get_text() for a in sources], ["Cited Source"])
