"""Sitemaps list live content only, never with a future lastmod; robots.txt points at them."""

from datetime import timedelta
from xml.etree import ElementTree

from django.test import TestCase
from django.utils import timezone

from tests.factories import (
    add_byline,
    add_citation,
    add_film,
    make_article,
    make_author,
    make_film,
    make_source,
    make_story_per_state,
)

NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


class SitemapTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.stories = make_story_per_state()
        cls.author, cls.source = make_author(slug="dana"), make_source(slug="paramount")
        cls.quiet_author = make_author(slug="only-drafts")
        for state, story in cls.stories.items():
            story.tags.add(f"tag-{state}")
            add_byline(story, cls.author if state == "live" else cls.quiet_author)
            add_citation(story, cls.source)
        make_film(slug="fallout")
        add_film(cls.stories["live"], make_film(slug="fallout-live"))
        add_film(cls.stories["embargoed"], make_film(slug="fallout-embargoed"))
        cls.old = make_article(headline="Old news", publish_at=timezone.now() - timedelta(days=5))

    def xml(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return ElementTree.fromstring(response.content)

    def locations(self, url):
        return [loc.text for loc in self.xml(url).findall(".//s:loc", NS)]

    def test_index_lists_every_section(self):
        sections = self.locations("/sitemap.xml")
        for name in ("sections", "stories", "films", "people", "tags", "sources", "authors"):
            self.assertIn(f"http://testserver/sitemap-{name}.xml", sections)

    def test_sections_list_the_front_page_reviews_calendar_and_indexes(self):
        paths = ["/", "/reviews/", "/releases/", "/films/", "/people/", "/sources/"]
        self.assertEqual(self.locations("/sitemap-sections.xml"), [f"http://testserver{p}" for p in paths])

    def test_stories_are_live_only_with_past_lastmod(self):
        root = self.xml("/sitemap-stories.xml")
        urls = {u.find("s:loc", NS).text: u.find("s:lastmod", NS).text for u in root.findall("s:url", NS)}
        expected = {f"http://testserver{s.get_absolute_url()}" for s in (self.stories["live"], self.old)}
        self.assertEqual(set(urls), expected)
        today = timezone.localdate().isoformat()
        self.assertTrue(all(lastmod[:10] <= today for lastmod in urls.values()))

    def test_subject_sections_list_only_subjects_with_live_stories(self):
        self.assertEqual(self.locations("/sitemap-tags.xml"), ["http://testserver/tags/tag-live/"])
        self.assertEqual(self.locations("/sitemap-authors.xml"), ["http://testserver/authors/dana/"])
        self.assertEqual(self.locations("/sitemap-sources.xml"), ["http://testserver/sources/paramount/"])
        self.assertEqual(self.locations("/sitemap-films.xml"), ["http://testserver/films/fallout-live/"])

    def test_news_sitemap_has_the_last_48_hours(self):
        root = self.xml("/news-sitemap.xml")
        entries = root.findall("s:url", NS)
        self.assertEqual(
            [e.find("s:loc", NS).text for e in entries],
            [f"http://testserver{self.stories['live'].get_absolute_url()}"],
        )
        news = entries[0].find("news:news", NS)
        self.assertEqual(news.find("news:publication/news:name", NS).text, "Newsroom")
        self.assertEqual(news.find("news:publication/news:language", NS).text, "en")
        self.assertEqual(news.find("news:title", NS).text, "The live story")
        self.assertTrue(
            news.find("news:publication_date", NS).text.startswith(timezone.localdate().isoformat()[:4])
        )

    def test_robots_txt_points_at_sitemaps(self):
        response = self.client.get("/robots.txt")
        self.assertEqual(response["Content-Type"], "text/plain; charset=utf-8")
        text = response.content.decode()
        self.assertIn("Sitemap: http://testserver/sitemap.xml", text)
        self.assertIn("Sitemap: http://testserver/news-sitemap.xml", text)
        self.assertIn("Disallow: /admin/", text)

    def test_unknown_section_is_404(self):
        self.assertEqual(self.client.get("/sitemap-nope.xml").status_code, 404)
