"""The HTML pieces every public page is built from: Jinja2 macros under
templates/public/articles/includes/, each value escaped."""

from datetime import UTC, date, datetime

from bs4 import BeautifulSoup
from django.template import engines
from django.test import SimpleTestCase, TestCase, override_settings

from articles.changes import make_renditions
from articles.models import ReleaseDate
from articles.models.films import release_schedule
from articles.search.results import snippet_of
from tests.factories import add_byline, library_image, make_article, make_author

STORYLINES = '{% from "articles/includes/storylines.html" import byline, moment %}'
RELEASE_DATES = '{% from "articles/includes/release_dates.html" import release_dates %}'
PICTURE = '{% from "articles/includes/picture.html" import picture %}'
SNIPPET = '{% from "articles/includes/snippet.html" import snippet_text %}'


def render(source, **context):
    return engines["jinja2"].from_string(source).render(context)


class BylineTests(TestCase):
    def byline(self, story):
        soup = BeautifulSoup(
            render(STORYLINES + "{{ byline(story.bylines.all()) }}", story=story), "html.parser"
        )
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
        html = render(STORYLINES + "{{ byline(story.bylines.all()) }}", story=story)
        self.assertNotIn("<script>", html)
        self.assertIn("&lt;script&gt;", html)


class MomentTests(TestCase):
    @override_settings(TIME_ZONE="America/New_York")
    def test_the_moment_in_the_newsrooms_time_zone_for_machines_and_readers(self):
        when = datetime(2018, 3, 2, 3, 0, tzinfo=UTC)
        time = BeautifulSoup(render(STORYLINES + "{{ moment(when) }}", when=when), "html.parser").time
        self.assertEqual(time["datetime"], "2018-03-01T22:00:00-05:00")
        self.assertEqual(time.get_text(), "March 1, 2018")
        shown = BeautifulSoup(
            render(STORYLINES + "{{ moment(when, with_time=True) }}", when=when), "html.parser"
        )
        self.assertEqual(shown.time.get_text(), "March 1, 2018, 10:00 PM EST")


def release(kind, day, precision=ReleaseDate.Precision.DAY, country="US", note=""):
    return ReleaseDate(kind=kind, date=day, precision=precision, country=country, note=note)


def rendered(*dates, today=date(2018, 8, 1)):
    html = render(RELEASE_DATES + "{{ release_dates(schedule) }}", schedule=release_schedule(dates, today))
    return BeautifulSoup(html, "html.parser").select_one("dl.release-dates")


class ReleaseDatesTests(SimpleTestCase):
    def test_dates_are_grouped_by_format_in_the_formats_order(self):
        box = rendered(
            release(ReleaseDate.Kind.DIGITAL, date(2018, 11, 20)),
            release(ReleaseDate.Kind.THEATRICAL, date(2018, 7, 27), country="GB"),
            release(ReleaseDate.Kind.THEATRICAL, date(2018, 7, 25), country="FR"),
        )
        self.assertEqual([dt.get_text() for dt in box.select("dt")], ["Theatrical", "Digital"])
        self.assertEqual(
            [time["datetime"] for time in box.select("dd time")], ["2018-07-25", "2018-07-27", "2018-11-20"]
        )
        self.assertEqual([abbr.get_text() for abbr in box.select("abbr")], ["FR", "GB", "US"])
        self.assertEqual(box.select("abbr")[1]["title"], "United Kingdom")

    def test_each_date_says_whether_it_is_still_to_come(self):
        box = rendered(
            release(ReleaseDate.Kind.THEATRICAL, date(2018, 7, 27)),
            release(ReleaseDate.Kind.DIGITAL, date(2018, 11, 20)),
            release(ReleaseDate.Kind.PHYSICAL, date(2018, 8, 1), precision=ReleaseDate.Precision.MONTH),
        )
        statuses = [(dd.time.get_text(), dd.select_one(".status")["class"][1]) for dd in box.select("dd")]
        self.assertEqual(
            statuses,
            [("July 27, 2018", "past"), ("November 20, 2018", "upcoming"), ("August 2018", "upcoming")],
        )

    def test_an_unannounced_date_has_no_machine_date(self):
        box = rendered(release(ReleaseDate.Kind.STREAMING, None, precision=ReleaseDate.Precision.TBA))
        self.assertEqual(box.time.get_text(), "TBA")
        self.assertNotIn("datetime", box.time.attrs)
        self.assertIn("Upcoming", box.dd.get_text())

    def test_notes_are_shown_and_escaped(self):
        box = rendered(release(ReleaseDate.Kind.PHYSICAL, date(2018, 12, 4), note='<b>4K</b> & "Blu-ray"'))
        self.assertIn('· <b>4K</b> & "Blu-ray"', box.dd.get_text())
        self.assertIsNone(box.select_one("dd b"))

    def test_no_dates_is_an_empty_list(self):
        self.assertEqual(rendered().select("dt, dd"), [])


class PictureTests(TestCase):
    def test_every_rendition_in_srcsets_with_the_size_set_and_the_alt_text_escaped(self):
        image = library_image(alt_text='A "still" <of> the jump')
        make_renditions(image)
        html = render(PICTURE + '{{ picture(image, sizes="50vw", css_class="lead") }}', image=image)
        picture = BeautifulSoup(html, "html.parser").picture
        source, img = picture.source, picture.img
        self.assertEqual(source["type"], "image/webp")
        self.assertEqual(len(source["srcset"].split(", ")), len(image.sources("webp")))
        self.assertEqual(img["srcset"], image.srcset("jpeg"))
        self.assertEqual((img["width"], img["height"]), (str(image.width), str(image.height)))
        self.assertEqual((img["sizes"], img["class"], img["loading"]), (["50vw"][0], ["lead"], "lazy"))
        self.assertEqual(img["alt"], 'A "still" <of> the jump')
        self.assertNotIn("<of>", html)

    def test_an_image_without_renditions_shows_its_file(self):
        image = library_image()
        img = BeautifulSoup(
            render(PICTURE + '{{ picture(image, loading="eager") }}', image=image), "html.parser"
        ).img
        self.assertEqual(img["src"], image.file.url)
        self.assertEqual((img["loading"], img["fetchpriority"]), ("eager", "high"))
        self.assertNotIn("srcset", img.attrs)


class SnippetTests(SimpleTestCase):
    def snippet(self, text, stems):
        return render(SNIPPET + "{{ snippet_text(snippet) }}", snippet=snippet_of(text, stems))

    def test_escapes_the_text_and_the_marked_words(self):
        html = self.snippet("<b>bold</b> & <script>parachute</script>", ["parachut", "b"])
        soup = BeautifulSoup(html, "html.parser")
        self.assertIsNone(soup.find("b"))
        self.assertIsNone(soup.find("script"))
        self.assertIn("<script>", soup.get_text())
        self.assertEqual([mark.get_text() for mark in soup.find_all("mark")], ["b", "bold", "b", "parachute"])

    def test_marks_the_searched_words_and_where_text_was_cut(self):
        text = " ".join(f"word{n}" for n in range(200)) + " parachute " + " after" * 100
        soup = BeautifulSoup(self.snippet(text, ["parachut"]), "html.parser")
        self.assertTrue(soup.get_text().startswith("… word") and soup.get_text().endswith(" …"))
        self.assertEqual([mark.get_text() for mark in soup.find_all("mark")], ["parachute"])
        self.assertEqual(self.snippet("Opening words.", []), "Opening words.")
