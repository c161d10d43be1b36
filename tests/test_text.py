"""Plain text from story HTML: the words, one block a line, for comparing revisions."""

from django.test import SimpleTestCase

from articles.text import html_to_text


class HtmlToTextTests(SimpleTestCase):
    def test_html_to_text_keeps_blocks_apart(self):
        self.assertEqual(html_to_text("<p>One <em>two</em></p><p>Three</p>"), "One two\nThree")

    def test_every_block_starts_a_line(self):
        html = (
            "<h2>Head</h2><h3>Sub</h3><p>Para</p><ul><li>One</li><li>Two</li></ul>"
            "<blockquote>Quote</blockquote><pre>Code</pre><figcaption>Caption</figcaption>"
        )
        self.assertEqual(html_to_text(html), "Head\nSub\nPara\nOne\nTwo\nQuote\nCode\nCaption")

    def test_spaces_are_collapsed_and_empty_lines_dropped(self):
        self.assertEqual(
            html_to_text("<p>  Tom   Cruise  jumps </p><p> </p><p></p>\n<p>Again</p>"),
            "Tom Cruise jumps\nAgain",
        )

    def test_entities_become_characters_and_markup_goes(self):
        self.assertEqual(
            html_to_text('<p>Fish &amp; chips &lt;b&gt; <a href="/x">link</a></p>'), "Fish & chips <b> link"
        )

    def test_nothing_gives_nothing(self):
        self.assertEqual(html_to_text(None), "")
        self.assertEqual(html_to_text(""), "")

    def test_a_line_break_or_rule_starts_a_line_however_it_is_written(self):
        for html in ("<p>a<br>b</p>", "<p>a<br/>b</p>", "<p>a</p><hr><p>b</p>", "<p>a</p><hr/><p>b</p>"):
            with self.subTest(html=html):
                self.assertEqual(html_to_text(html), "a\nb")
