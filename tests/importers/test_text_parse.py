"""Reading copy into its parts (importers.text.parse), without the database: the headline line or
none, paragraphs, markers, and the Key Release Dates lines."""

from datetime import date

from django.test import SimpleTestCase

from importers.text.parse import parse_copy, parse_release


class ParseCopyTests(SimpleTestCase):
    def test_a_first_paragraph_is_not_a_headline(self):
        """Copy that opens with a sentence has no headline line (the first seed's shape)."""
        copy = parse_copy("The stunt team met at dawn, as they had for a year.\n\nThen they jumped.")
        self.assertEqual(copy.headline, "")
        self.assertEqual(len(copy.paragraphs), 2)

    def test_headline_line_and_wrapped_paragraphs(self):
        """Lines of one paragraph join with a space; Windows line ends and a byte-order mark are
        read as plain text."""
        copy = parse_copy("\ufeffA headline?\r\n\r\nOne line\r\nwrapped here.\r\n")
        self.assertEqual((copy.headline, copy.paragraphs), ("A headline?", ["One line wrapped here."]))

    def test_markers(self):
        copy = parse_copy(
            "Head\n\nFirst.\n\nSecond.\n\nRelated: A title\n\nThird.\n\nNEXT: Another\n\n"
            "Read more from Some Outlet:\nOne\nTwo\n\nThree\n\nSource: Wire"
        )
        links = [(link.placement, link.title, link.after, link.outlet) for link in copy.links]
        self.assertEqual(
            links,
            [
                ("inline", "A title", 2, ""),
                ("next", "Another", None, ""),
                ("read_more", "One", None, "Some Outlet"),
                ("read_more", "Two", None, "Some Outlet"),
                ("read_more", "Three", None, "Some Outlet"),
            ],
        )
        self.assertEqual(copy.sources, ["Wire"])
        self.assertEqual(copy.paragraphs, ["First.", "Second.", "Third."])

    def test_watch_with_its_address_on_the_line_or_the_next(self):
        copy = parse_copy(
            "Watch: the jump https://vimeo.com/12345\n\nWatch: the fall:\n\nhttps://youtu.be/abcdefghijk\n\n"
            "Watch: nothing yet:\n\n;"
        )
        self.assertEqual(
            [(clip.caption, clip.url) for clip in copy.clips],
            [
                ("the jump", "https://vimeo.com/12345"),
                ("the fall", "https://youtu.be/abcdefghijk"),
                ("nothing yet", ""),
            ],
        )
        self.assertEqual(copy.paragraphs, [])


class ParseReleaseTests(SimpleTestCase):
    def test_lines(self):
        cases = {
            "Theatrical: July 27, 2018": ("theatrical", "US", date(2018, 7, 27), "day", ""),
            "Theatrical (UK): 1 August 2018": ("theatrical", "GB", date(2018, 8, 1), "day", ""),
            "Digital: Nov. 20, 2018": ("digital", "US", date(2018, 11, 20), "day", ""),
            "Blu-ray – December 4, 2018": ("physical", "US", date(2018, 12, 4), "day", "Blu-ray"),
            "Premiere: July 2018": ("premiere", "US", date(2018, 7, 1), "month", ""),
            "Streaming: 2019": ("streaming", "US", date(2019, 1, 1), "year", ""),
            "TV: TBA": ("tv", "US", None, "tba", ""),
            "Limited US: 2018-07-20": ("limited", "US", date(2018, 7, 20), "day", ""),
        }
        for line, expected in cases.items():
            with self.subTest(line=line):
                release = parse_release(line)
                self.assertEqual(
                    (release.kind, release.country, release.date, release.precision, release.note), expected
                )

    def test_a_line_naming_its_film(self):
        release = parse_release("Mission: Impossible – Fallout release date: Jul 27, 2018")
        self.assertEqual(
            (release.film_text, release.kind, release.date),
            ("Mission: Impossible – Fallout", "theatrical", date(2018, 7, 27)),
        )

    def test_unreadable_lines(self):
        for line in ["Coming soon", "Digital: someday", "Theatrical: February 30, 2018"]:
            with self.subTest(line=line):
                self.assertIsNone(parse_release(line).date)
