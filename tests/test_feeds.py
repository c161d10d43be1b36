"""Feeds parse cleanly in a real feed parser and carry only live stories."""

import io
from datetime import timedelta

import feedparser
from django.core.files.base import ContentFile
from django.test import TestCase
from django.utils import timezone
from PIL import Image as PILImage

from articles.changes import make_renditions
from articles.models import Image
from tests.factories import (
    add_byline,
    add_citation,
    add_film,
    make_article,
    make_author,
    make_film,
    make_person,
    make_source,
    make_story_per_state,
)

SUBJECT_FEEDS = [
    "/tags/stunts/feed/",
    "/films/fallout/feed/",
    "/people/tom-cruise/feed/",
    "/authors/dana/feed/",
    "/sources/paramount/feed/",
]


class FeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        buffer = io.BytesIO()
        PILImage.new("RGB", (2000, 1200), (10, 20, 30)).save(buffer, format="JPEG")
        image = Image(title="Still", alt_text="Cruise in free fall")
        image.file.save("still.jpg", ContentFile(buffer.getvalue(), name="still.jpg"), save=True)
        make_renditions(image)
        subjects = {
            "film": make_film(slug="fallout", title="Fallout"),
            "person": make_person(slug="tom-cruise", name="Tom Cruise"),
            "author": make_author(slug="dana", name="Dana Reyes"),
            "source": make_source(slug="paramount", name="Paramount"),
        }
        cls.stories = make_story_per_state()
        cls.featured = make_article(
            headline="Featured <jump> & more", dek="A dek with <b>markup</b>.", lead_image=image
        )
        for story in [*cls.stories.values(), cls.featured]:
            story.tags.add("Stunts")
            add_film(story, subjects["film"])
            story.people.add(subjects["person"])
            add_byline(story, subjects["author"])
            add_citation(story, subjects["source"])

    def parse(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        feed = feedparser.parse(response.content)
        self.assertFalse(feed.bozo, f"{url}: {feed.get('bozo_exception')}")
        return feed

    def test_every_feed_parses_and_holds_only_live_stories(self):
        for base in ["/feed/", *SUBJECT_FEEDS]:
            for url in (base, f"{base}atom/"):
                with self.subTest(url=url):
                    feed = self.parse(url)
                    titles = {entry.title for entry in feed.entries}
                    self.assertEqual(titles, {"The live story", "Featured <jump> & more"})

    def test_items_carry_bylines_categories_dates_and_image(self):
        for url in ("/feed/", "/feed/atom/"):
            with self.subTest(url=url):
                entry = next(e for e in self.parse(url).entries if e.title.startswith("Featured"))
                self.assertEqual(entry.author, "Dana Reyes")
                self.assertEqual([t.term for t in entry.tags], ["Stunts"])
                self.assertTrue(entry.published_parsed)
                self.assertTrue(entry.link.endswith(self.featured.get_absolute_url()))
                self.assertIn("markup", entry.summary)
                media = entry.media_content[0]
                self.assertEqual(
                    (media["medium"], media["width"], media["height"]), ("image", "1920", "1152")
                )
                self.assertTrue(media["url"].startswith("http://testserver/media/renditions/"))
        rss_entry = next(e for e in self.parse("/feed/").entries if e.title.startswith("Featured"))
        enclosure = rss_entry.enclosures[0]
        self.assertEqual(enclosure.type, "image/jpeg")
        self.assertGreater(int(enclosure.length), 0)
        atom_entry = next(e for e in self.parse("/feed/atom/").entries if e.title.startswith("Featured"))
        self.assertIn("updated", atom_entry)

    def test_feed_metadata(self):
        """A subject's feed is titled for the subject and links its page."""
        feed = self.parse("/tags/stunts/feed/")
        self.assertEqual(feed.feed.title, "Stunts: Newsroom")
        self.assertTrue(feed.feed.link.endswith("/tags/stunts/"))

    def test_unknown_subject_is_404(self):
        for url in ("/tags/nope/feed/", "/films/nope/feed/atom/", "/people/%00/feed/"):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_scheduled_story_joins_the_feed_at_its_time(self):
        story = self.stories["scheduled"]
        from unittest import mock

        with mock.patch("django.utils.timezone.now", return_value=story.publish_at):
            titles = {e.title for e in self.parse("/feed/").entries}
        self.assertIn("The scheduled story", titles)
        with mock.patch("django.utils.timezone.now", return_value=story.publish_at - timedelta(seconds=1)):
            titles = {e.title for e in self.parse("/feed/").entries}
        self.assertNotIn("The scheduled story", titles)
        self.assertLess(timezone.now(), story.publish_at)

    def test_site_pages_link_their_feeds(self):
        from bs4 import BeautifulSoup

        soup = BeautifulSoup(self.client.get("/tags/stunts/").content, "html.parser")
        alternates = {link["href"] for link in soup.select("link[rel=alternate]")}
        self.assertLessEqual(
            {"/feed/", "/feed/atom/", "/tags/stunts/feed/", "/tags/stunts/feed/atom/"}, alternates
        )
