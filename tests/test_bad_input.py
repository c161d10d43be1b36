"""Nothing a reader sends makes a 500: odd slugs, huge or NUL-byte queries, bad pages, wrong methods."""

from django.test import Client, TestCase, override_settings

from tests.factories import make_article

PUBLIC_PATHS = [
    "/",
    "/search/",
    "/articles/{slug}/",
    "/tags/stunts/",
    "/films/fallout/",
    "/people/tom-cruise/",
    "/sources/paramount/",
    "/authors/dana/",
    "/feed/",
    "/feed/atom/",
    "/tags/stunts/feed/",
    "/sitemap.xml",
    "/sitemap-stories.xml",
    "/news-sitemap.xml",
    "/robots.txt",
    "/healthz",
    "/readyz",
]
ODD_SEGMENTS = [
    "%00",
    "x" * 300,
    "..",
    "%2e%2e",
    "%E2%98%83",
    "<script>",
    "a%2Fb",
    "%25",
    "'",
    "\\",
    "-",
    "_",
]
ODD_QUERIES = [
    {"page": "0"},
    {"page": "-1"},
    {"page": "abc"},
    {"page": "9" * 40},
    {"page": "1e3"},
    {"page": "\x00"},
    {"q": "\x00"},
    {"q": "x" * 100_000},
    {"q": "'; DROP TABLE articles_article; --"},
    {"q": "((((("},
    {"q": "!!!"},
    {"kind": "nonsense", "q": "a"},
    {"tag": "%%%", "q": "a"},
    {"film": "\x00", "q": "a"},
    {"o": "99"},
]


@override_settings(DEBUG=False)
class BadInputTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.story = make_article(slug="real-story")
        cls.story.tags.add("Stunts")

    def setUp(self):
        self.client = Client(raise_request_exception=False)

    def assertFine(self, response, url):
        self.assertLess(response.status_code, 500, url)
        self.assertNotIn(b"Traceback", response.content, url)

    def test_odd_paths(self):
        """Odd slugs and paths under every prefix answer below 500."""
        for prefix in ("articles", "tags", "films", "people", "sources", "authors", "preview"):
            for segment in ODD_SEGMENTS:
                url = f"/{prefix}/{segment}/"
                with self.subTest(url=url[:60]):
                    self.assertFine(self.client.get(url), url)
        for url in ("/sitemap-%00.xml", "/tags/x/feed/%00/", "/nope", "/articles/", "/%00"):
            with self.subTest(url=url):
                self.assertFine(self.client.get(url), url)

    def test_odd_query_strings_everywhere(self):
        """Odd page numbers, searches and filters on every public path answer below 500."""
        for path in PUBLIC_PATHS:
            url = path.format(slug="real-story")
            for query in ODD_QUERIES:
                with self.subTest(url=url, query=str(query)[:40]):
                    self.assertFine(self.client.get(url, query), url)

    def test_wrong_methods_are_405_and_head_works(self):
        for path in PUBLIC_PATHS:
            url = path.format(slug="real-story")
            with self.subTest(url=url):
                self.assertEqual(self.client.post(url, {"x": "1"}).status_code, 405)
                self.assertEqual(self.client.put(url).status_code, 405)
                self.assertEqual(self.client.delete(url).status_code, 405)
                head = self.client.head(url)
                self.assertEqual(head.status_code, self.client.get(url).status_code)
                self.assertEqual(head.content, b"")

    def test_server_error_page_is_friendly_and_shows_no_traceback(self):
        from unittest import mock

        with mock.patch("articles.views.HomeView.get_queryset", side_effect=RuntimeError("boom")):
            response = self.client.get("/")
        self.assertEqual(response.status_code, 500)
        self.assertContains(response, "Something went wrong", status_code=500)
        self.assertNotContains(response, "boom", status_code=500)
        self.assertNotContains(response, "RuntimeError", status_code=500)


# Tag names editors type, and some they should not.
HOSTILE_TAG_NAMES = [
    "Pokémon",
    "Émigré",
    "日本語",
    "über",
    "ß",
    "Amélie",
    "!!!",
    "???",
    "a/b",
    "C++",
    "x" * 99,
]


class HostileTagNameTests(TestCase):
    """Whatever a tag is called, every surface that names or links it answers."""

    @classmethod
    def setUpTestData(cls):
        cls.story = make_article(headline="Tagged every which way")
        cls.story.tags.add(*HOSTILE_TAG_NAMES)

    def test_every_surface_that_links_a_tag_answers(self):
        from taggit.models import Tag

        urls = [self.story.get_absolute_url(), "/", "/feed/", "/sitemap-tags.xml", "/sitemap.xml"]
        for tag in Tag.objects.all():
            if tag.slug:
                urls += [f"/tags/{tag.slug}/", f"/tags/{tag.slug}/feed/", f"/tags/{tag.slug}/feed/atom/"]
                urls.append(f"/search/?q=tagged&tag={tag.slug}")
        for url in urls:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200, url)

    def test_a_tag_with_a_letter_has_a_page_named_for_it(self):
        for name in ("Pokémon", "日本語", "ß"):
            with self.subTest(name=name):
                from taggit.models import Tag

                tag = Tag.objects.get(name=name)
                page = self.client.get(f"/tags/{tag.slug}/")
                self.assertContains(page, name)

    def test_a_tag_with_neither_letter_nor_digit_is_named_but_not_linked(self):
        page = self.client.get(self.story.get_absolute_url()).content.decode()
        self.assertIn("!!!", page)
        self.assertIn("???", page)


class ControlCharacterTests(TestCase):
    """Control characters (pasted from other programs) cannot be written in XML: the admin refuses
    them, the body's sanitizer drops them, and a feed or sitemap drops any that came another way."""

    ESCAPE = "Cruise\x1b jumps\x0b again"

    @classmethod
    def setUpTestData(cls):
        from tests.factories import add_byline, make_author

        # Saved without the admin, as an import or a shell might.
        cls.story = make_article(headline=cls.ESCAPE, dek="Dek\x01", slug="control")
        cls.story.tags.add("stunt\x02s")
        add_byline(cls.story, make_author(name="Dana\x03 Writer", slug="dana"))

    def test_feeds_and_the_news_sitemap_leave_them_out(self):
        from xml.etree import ElementTree

        import feedparser
        from taggit.models import Tag

        tag = Tag.objects.get()
        for url in (
            "/feed/",
            "/feed/atom/",
            f"/tags/{tag.slug}/feed/",
            "/authors/dana/feed/",
            "/news-sitemap.xml",
        ):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                ElementTree.fromstring(response.content)
                self.assertIn("Cruise jumps again", response.content.decode())
        entry = feedparser.parse(self.client.get("/feed/").content).entries[0]
        self.assertEqual(
            (entry.title, entry.author, entry.tags[0].term), ("Cruise jumps again", "Dana Writer", "stunts")
        )

    def test_the_body_sanitizer_drops_them(self):
        from articles.sanitize import clean_html

        self.assertEqual(clean_html("<p>a\x1bb\x00c\x0bd\tе\n</p>"), "<p>abcd\tе\n</p>")

    def test_the_admin_refuses_them_saying_where_and_keeps_the_text(self):
        from articles.models import Article
        from tests.admin.helpers import ADD_URL, article_post_data, editor_fields
        from tests.factories import make_user

        self.client.force_login(make_user("Editors"))
        for field, value in (
            ("headline", "Tom Cruise\x1b jumps"),
            ("tags", "stunts, fall\x07s"),
            ("dek", "De\x0bk"),
        ):
            with self.subTest(field=field):
                data = article_post_data(headline="Typed headline", slug="typed", **editor_fields()) | {
                    field: value
                }
                response = self.client.post(ADD_URL, data)
                self.assertEqual(response.status_code, 200)
                errors = response.context["adminform"].form.errors[field]
                self.assertIn("invisible control character", errors[0])
                self.assertFalse(Article.objects.filter(slug="typed").exists())
        refused = self.client.post(
            ADD_URL, article_post_data(headline="Tom Cruise\x1b jumps", slug="typed", **editor_fields())
        )
        self.assertIn("after “Tom Cruise”", refused.context["adminform"].form.errors["headline"][0])
        self.assertEqual(refused.context["adminform"].form["headline"].value(), "Tom Cruise\x1b jumps")

    def test_the_body_is_cleaned_of_them_not_refused(self):
        """No editor could find an invisible character in the rich-text editor to delete it."""
        from articles.models import Article
        from tests.admin.helpers import ADD_URL, article_post_data, editor_fields
        from tests.factories import make_user

        self.client.force_login(make_user("Editors"))
        data = article_post_data(
            headline="Pasted body", slug="pasted", body="<p>From Word\x0b with\x1b love</p>"
        )
        response = self.client.post(ADD_URL, data | editor_fields())
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Article.objects.get(slug="pasted").body, "<p>From Word with love</p>")

    def test_every_admin_and_inline_refuses_them(self):
        from django.apps import apps
        from django.contrib import admin

        from articles.admin.widgets import SafeInputMixin

        admins = [
            admin.site.get_model_admin(m)
            for m in apps.get_app_config("articles").get_models()
            if admin.site.is_registered(m)
        ]
        self.assertGreater(len(admins), 5)
        for found in admins + [inline for a in admins for inline in a.inlines]:
            with self.subTest(found):
                cls = found if isinstance(found, type) else type(found)
                self.assertTrue(issubclass(cls, SafeInputMixin), cls)
