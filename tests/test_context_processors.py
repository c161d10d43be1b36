"""What every public page's template is given: the publication's name and time zone, and the
page's canonical address, which keeps only the page it is on (a page number or a cursor)."""

from bs4 import BeautifulSoup
from django.test import RequestFactory, SimpleTestCase, TestCase, override_settings

from articles.context_processors import newsroom
from tests.factories import make_article


def canonical(path, **params):
    return newsroom(RequestFactory().get(path, params))["canonical_url"]


class NewsroomContextTests(SimpleTestCase):
    @override_settings(NEWSROOM_NAME="The Daily Planet", TIME_ZONE="Europe/London")
    def test_the_publications_name_and_zone(self):
        context = newsroom(RequestFactory().get("/"))
        self.assertEqual(
            (context["newsroom_name"], context["newsroom_time_zone"]), ("The Daily Planet", "Europe/London")
        )

    def test_the_canonical_address_keeps_only_the_page(self):
        self.assertEqual(canonical("/tags/stunts/"), "http://testserver/tags/stunts/")
        self.assertEqual(canonical("/search/", q="halo", page="2"), "http://testserver/search/?page=2")
        self.assertEqual(
            canonical("/", before="1532692800000000.42"), "http://testserver/?before=1532692800000000.42"
        )
        self.assertEqual(canonical("/", utm_source="x", fbclid="y"), "http://testserver/")

    def test_the_first_page_and_odd_values_are_left_out(self):
        for params in (
            {"page": "1"},
            {"page": "two"},
            {"page": "-3"},
            {"before": "1.2.3"},
            {"before": "x.1"},
        ):
            with self.subTest(**params):
                self.assertEqual(canonical("/", **params), "http://testserver/")


class CanonicalLinkTests(TestCase):
    def test_listing_pages_have_canonical_with_page_number_only(self):
        for _ in range(25):
            make_article()
        first = BeautifulSoup(self.client.get("/").content, "html.parser")
        older = first.select_one(".pagination a[rel=next]")["href"]
        soup = BeautifulSoup(self.client.get(f"/{older}&utm_source=x").content, "html.parser")
        self.assertEqual(soup.find("link", rel="canonical")["href"], f"http://testserver/{older}")
        self.assertEqual(soup.find("meta", property="og:type")["content"], "website")
