"""The public pages' Jinja2 engine: Django's habits where the pages rely on them, and every link
on every public page an address the site answers."""

from datetime import UTC, datetime
from pathlib import Path
from unittest import mock
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from django.conf import settings
from django.template import engines
from django.test import SimpleTestCase, TestCase, override_settings
from django.urls import Resolver404, resolve, reverse

from articles.search import refresh_search_vector
from tests.factories import make_full_story


def render(source, **context):
    return engines["jinja2"].from_string(source).render(context)


class EnvironmentTests(SimpleTestCase):
    def test_every_public_template_compiles(self):
        """Jinja2 finds an unknown filter or a syntax error when it compiles a template, so every
        one is compiled here rather than only those some page's test happens to render."""
        root = Path(settings.BASE_DIR) / "templates" / "public"
        names = [path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()]
        self.assertGreater(len(names), 15)
        for name in names:
            with self.subTest(name=name):
                engines["jinja2"].get_template(name)

    def test_values_are_escaped_unless_marked_safe(self):
        self.assertEqual(render("{{ text }}", text="<b>&"), "&lt;b&gt;&amp;")

    def test_a_missing_value_and_its_attributes_render_as_nothing(self):
        self.assertEqual(render("[{{ missing }}|{{ missing.name }}|{{ form.cleaned_data.tag }}]"), "[||]")

    def test_static_and_url_give_the_sites_addresses(self):
        self.assertEqual(render("{{ static('css/site.css') }}"), "/static/css/site.css")
        with override_settings(STATIC_URL="https://cdn.example.com/static/"):
            self.assertEqual(
                render("{{ static('css/site.css') }}"), "https://cdn.example.com/static/css/site.css"
            )
        self.assertEqual(render("{{ url('articles:home') }}"), "/")
        self.assertEqual(render("{{ url('articles:tag', slug='stunts') }}"), "/tags/stunts/")

    def test_json_is_escaped_for_a_script_block(self):
        html = render("{{ data|tojson }}", data={"headline": "</script><b>Pokémon & co</b>"})
        self.assertNotIn("</script>", html)
        self.assertNotIn("&", html.replace("\\u0026", ""))
        self.assertIn("Pokémon", html)

    @override_settings(TIME_ZONE="Pacific/Kiritimati")
    def test_today_is_the_newsrooms_date(self):
        with mock.patch("django.utils.timezone.now", return_value=datetime(2018, 12, 31, 12, tzinfo=UTC)):
            self.assertEqual(render("{{ today().year }}"), "2019")

    def test_linebreaksbr_escapes_then_breaks(self):
        self.assertEqual(render("{{ text|linebreaksbr }}", text="a<b>\nc"), "a&lt;b&gt;<br>c")


class EveryLinkIsAnAddressTests(TestCase):
    """A method left uncalled in a template prints "<bound method …>" where an address belongs;
    each public page is walked for that, and each of its own links must resolve."""

    @classmethod
    def setUpTestData(cls):
        cls.full = make_full_story(video_url="https://www.youtube.com/watch?v=abcdefghijk")
        cls.full.person.bio = "Actor.\nProducer."
        cls.full.person.save()
        cls.full.source.url = "https://example.com/"
        cls.full.source.save()
        refresh_search_vector(cls.full.story)

    def test_every_public_page(self):
        """No public page prints a bound method, and each of its own links resolves."""
        full = self.full
        pages = [
            "/",
            full.story.get_absolute_url(),
            reverse("articles:tag", args=[full.story.tags.get().slug]),
            full.film.get_absolute_url(),
            full.person.get_absolute_url(),
            full.authors[0].get_absolute_url(),
            full.source.get_absolute_url(),
            "/search/?q=paragraph",
            "/search/?q=",
            "/no-such-page/",
        ]
        for page in pages:
            with self.subTest(page=page):
                response = self.client.get(page)
                self.assertIn(response.status_code, (200, 404))
                html = response.content.decode()
                self.assertNotIn("bound method", html)
                soup = BeautifulSoup(html, "html.parser")
                addresses = [a["href"] for a in soup.select("a[href], link[href]")]
                addresses += [tag["content"] for tag in soup.select('meta[property$=":url"]')]
                self.assertGreater(len(addresses), 5)
                for address in addresses:
                    self.assert_answered(address)

    def assert_answered(self, address):
        parts = urlsplit(address)
        if parts.netloc not in ("", "testserver") or parts.path.startswith("/static/") or not parts.path:
            return
        try:
            resolve(parts.path)
        except Resolver404:
            self.fail(f"{address} is no address of the site")
