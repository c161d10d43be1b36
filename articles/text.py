"""Plain text from story HTML."""

from html.parser import HTMLParser


class TextExtractor(HTMLParser):
    """The text of an HTML fragment, a line break after each block and at each <br> or <hr>."""

    BLOCKS = {"p", "h2", "h3", "h4", "li", "blockquote", "figcaption", "pre"}
    BREAKS = {"br", "hr"}

    def __init__(self):
        super().__init__()
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)

    def handle_starttag(self, tag, attrs):
        if tag in self.BREAKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in self.BLOCKS:
            self.parts.append("\n")


def html_to_text(html):
    """The words of an HTML body, one block a line: what an editor compares, not markup."""
    extractor = TextExtractor()
    extractor.feed(html or "")
    extractor.close()
    lines = (" ".join(line.split()) for line in "".join(extractor.parts).splitlines())
    return "\n".join(line for line in lines if line)
