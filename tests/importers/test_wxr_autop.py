"""importers.autop: WordPress's wpautop, ported: its behaviour on the cases its own tests cover."""

from django.test import SimpleTestCase

from importers.autop import wpautop


class AutopTests(SimpleTestCase):
    def test_paragraphs_and_line_breaks(self):
        self.assertEqual(wpautop("One\ntwo\n\nThree"), "<p>One<br />\ntwo</p>\n<p>Three</p>\n")

    def test_blank_text(self):
        self.assertEqual(wpautop("  \n "), "")

    def test_no_paragraphs_around_blocks(self):
        self.assertEqual(wpautop("<h2>Title</h2>\nText"), "<h2>Title</h2>\n<p>Text</p>\n")
        self.assertEqual(
            wpautop("<ul>\n<li>a</li>\n<li>b</li>\n</ul>"), "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"
        )

    def test_pre_untouched(self):
        self.assertEqual(wpautop("<pre>a\n\nb\nc</pre>"), "<pre>a\n\nb\nc</pre>\n")

    def test_blockquote_holds_its_paragraph(self):
        self.assertEqual(
            wpautop("<blockquote>Quoted</blockquote>"), "<blockquote><p>Quoted</p></blockquote>\n"
        )

    def test_newlines_inside_tags_kept(self):
        self.assertEqual(wpautop('<a\nhref="x">link</a> text'), '<p><a\nhref="x">link</a> text</p>\n')

    def test_double_br_is_a_paragraph(self):
        self.assertEqual(wpautop("One<br><br>Two"), "<p>One</p>\n<p>Two</p>\n")
