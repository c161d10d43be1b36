"""JSON-LD, OpenGraph, Twitter cards and canonical links, read back from the rendered pages."""

import io
import json
from datetime import date

from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.test import TestCase
from PIL import Image as PILImage

from articles.changes import make_renditions
from articles.models import Credit, Image
from tests.factories import (
    add_byline,
    add_film,
    make_article,
    make_author,
    make_film,
    make_person,
    make_release_date,
)


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def json_ld(soup):
    return {
        data["@type"]: data
        for data in (json.loads(s.string) for s in soup.select('script[type="application/ld+json"]'))
    }


def meta(soup, key):
    tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
    return tag["content"] if tag else None


class StructuredDataTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        buffer = io.BytesIO()
        PILImage.new("RGB", (2400, 1600), (90, 20, 20)).save(buffer, format="JPEG")
        cls.image = Image(title="Still", alt_text="Cruise in free fall")
        cls.image.file.save("still.jpg", ContentFile(buffer.getvalue(), name="still.jpg"), save=True)
        make_renditions(cls.image)
        cls.film = make_film(
            title="Mission: Impossible – Fallout", slug="fallout", year=2018, synopsis="The sixth film."
        )
        make_release_date(cls.film, kind="theatrical", date=date(2018, 7, 27))
        make_release_date(cls.film, kind="digital", date=date(2018, 11, 20))
        Credit.objects.create(
            film=cls.film, person=make_person(name="Christopher McQuarrie"), role="director"
        )
        Credit.objects.create(
            film=cls.film, person=make_person(name="Tom Cruise"), role="cast", character="Ethan Hunt"
        )
        cls.story = make_article(
            headline="Cruise's HALO jump </script><script>alert(1)</script>",
            dek="How the stunt came together.",
            lead_image=cls.image,
        )
        cls.story.tags.add("Stunts")
        add_byline(cls.story, make_author(name="Dana Reyes", slug="dana-reyes"))
        add_film(cls.story, cls.film)

    def test_news_article_has_what_google_requires(self):
        data = json_ld(page(self.client, self.story.get_absolute_url()))["NewsArticle"]
        self.assertEqual(data["@context"], "https://schema.org")
        self.assertEqual(data["headline"], self.story.headline[:110])
        self.assertTrue(data["datePublished"].startswith(self.story.published_at.date().isoformat()[:4]))
        self.assertIn("dateModified", data)
        self.assertEqual(
            data["author"],
            [{"@type": "Person", "name": "Dana Reyes", "url": "http://testserver/authors/dana-reyes/"}],
        )
        self.assertEqual(data["publisher"]["name"], "Newsroom")
        self.assertTrue(data["publisher"]["logo"]["url"].endswith("/static/img/logo.png"))
        self.assertEqual(len(data["image"]), 2)
        self.assertTrue(all(url.startswith("http://testserver/media/renditions/") for url in data["image"]))
        self.assertEqual(
            data["about"],
            [
                {
                    "@type": "Movie",
                    "name": "Mission: Impossible – Fallout",
                    "url": "http://testserver/films/fallout/",
                    "dateCreated": "2018",
                }
            ],
        )
        self.assertEqual(data["mainEntityOfPage"], f"http://testserver{self.story.get_absolute_url()}")

    def test_json_ld_cannot_break_out_of_its_block(self):
        soup = page(self.client, self.story.get_absolute_url())
        blocks = soup.select('script[type="application/ld+json"]')
        self.assertEqual(len(blocks), 2)
        self.assertEqual(soup.select("script:not([src]):not([type])"), [], "no inline script got out")
        self.assertNotIn("</script><script>alert", str(soup.select_one("head")))

    def test_breadcrumbs(self):
        """A story's BreadcrumbList runs home, its first tag, the story, with absolute addresses."""
        crumbs = json_ld(page(self.client, self.story.get_absolute_url()))["BreadcrumbList"][
            "itemListElement"
        ]
        self.assertEqual([c["name"] for c in crumbs], ["Newsroom", "Stunts", self.story.headline])
        self.assertEqual([c["position"] for c in crumbs], [1, 2, 3])
        self.assertTrue(all(c["item"].startswith("http://testserver/") for c in crumbs))

    def test_movie_on_film_page(self):
        """A film page's Movie names its director, cast, first release date and synopsis."""
        data = json_ld(page(self.client, "/films/fallout/"))["Movie"]
        self.assertEqual(data["name"], "Mission: Impossible – Fallout")
        self.assertEqual([d["name"] for d in data["director"]], ["Christopher McQuarrie"])
        self.assertEqual([a["name"] for a in data["actor"]], ["Tom Cruise"])
        self.assertEqual(data["datePublished"], "2018-07-27")
        self.assertEqual(data["description"], "The sixth film.")

    def test_sharing_tags_and_canonical(self):
        """A story carries its canonical link, OpenGraph and Twitter card tags, with the social crop."""
        soup = page(self.client, self.story.get_absolute_url())
        url = f"http://testserver{self.story.get_absolute_url()}"
        self.assertEqual(soup.find("link", rel="canonical")["href"], url)
        self.assertEqual(meta(soup, "og:type"), "article")
        self.assertEqual(meta(soup, "og:url"), url)
        self.assertEqual(meta(soup, "og:title"), self.story.headline)
        self.assertTrue(meta(soup, "og:image").endswith("-social.jpeg"))
        self.assertEqual((meta(soup, "og:image:width"), meta(soup, "og:image:height")), ("1200", "630"))
        self.assertEqual(meta(soup, "og:image:alt"), "Cruise in free fall")
        self.assertEqual(meta(soup, "twitter:card"), "summary_large_image")
        self.assertEqual(meta(soup, "article:tag"), "Stunts")
