from django.template import engines
from django.test import SimpleTestCase
from django.urls import get_script_prefix, reverse, set_script_prefix

from articles.models.addresses import page_address


class PageAddressTests(SimpleTestCase):
    def test_same_as_reverse_and_kept_apart_per_script_prefix(self):
        self.assertEqual(page_address("articles:film", "fallout"), reverse("articles:film", args=["fallout"]))
        self.assertEqual(page_address("articles:film", "fallout"), "/films/fallout/")
        previous = get_script_prefix()
        set_script_prefix("/news/")
        try:
            self.assertEqual(page_address("articles:film", "fallout"), "/news/films/fallout/")
        finally:
            set_script_prefix(previous)
        self.assertEqual(page_address("articles:film", "fallout"), "/films/fallout/")

    def test_pages_without_a_slug(self):
        for name in ("articles:home", "articles:search", "articles:feed", "articles:feed_atom"):
            with self.subTest(name=name):
                self.assertEqual(page_address(name), reverse(name))

    def test_templates_address_renders_the_same_as_url(self):
        rendered = (
            engines["jinja2"]
            .from_string("{{ address('articles:home') }} {{ address('articles:tag', slug) }}")
            .render({"slug": "stunts"})
        )
        self.assertEqual(rendered, f"{reverse('articles:home')} {reverse('articles:tag', args=['stunts'])}")
