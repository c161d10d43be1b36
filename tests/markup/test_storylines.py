"""`byline()` and `moment()`: bylines and times as every card and story page shows them."""

from datetime import UTC, datetime

from bs4 import BeautifulSoup
from django.template import engines
from django.test import TestCase, override_settings

from tests.factories import add_byline, make_article, make_author


def render(source, **context):
    return engines["jinja2"].from_string(source).render(context)


class BylineTests(TestCase):
    def byline(self, story):
        soup = BeautifulSoup(render("{{ byline(story) }}", story=story), "html.parser")
        line = soup.select_one("p.byline")
        return line and line.get_text(), [a["href"] for a in soup.select("a")]

    def test_names_are_joined_in_the_editors_order_and_linked(self):
        story = make_article()
        self.assertEqual(self.byline(story), (None, []))
        names = ["Ann", "Bo", "Cy"]
        authors = [make_author(name=name, slug=name.lower()) for name in names]
        for count, expected in [(1, "By Ann"), (2, "By Ann and Bo"), (3, "By Ann, Bo and Cy")]:
            with self.subTest(count=count):
                story.bylines.all().delete()
                for order, author in enumerate(authors[:count]):
                    add_byline(story, author, order=order)
                self.assertEqual(
                    self.byline(story), (expected, [f"/authors/{n.lower()}/" for n in names[:count]])
                )

    def test_names_are_escaped(self):
        story = make_article()
        add_byline(story, make_author(name='<script>alert("x")</script>'))
        html = render("{{ byline(story) }}", story=story)
        self.assertNotIn("<script>", html)
        self.assertIn("&lt;script&gt;", html)


class MomentTests(TestCase):
    @override_settings(TIME_ZONE="America/New_York")
    def test_the_moment_in_the_newsrooms_time_zone_for_machines_and_readers(self):
        when = datetime(2018, 3, 2, 3, 0, tzinfo=UTC)
        time = BeautifulSoup(render("{{ moment(when) }}", when=when), "html.parser").time
        self.assertEqual(time["datetime"], "2018-03-01T22:00:00-05:00")
        self.assertEqual(time.get_text(), "March 1, 2018")
        shown = BeautifulSoup(render("{{ moment(when, with_time=True) }}", when=when), "html.parser")
        self.assertEqual(shown.time.get_text(), "March 1, 2018, 10:00 PM EST")
