"""Plain text from story HTML."""

from html.parser import HTMLParser


class _TextExtractor(HTMLParser):
    BLOCKS = {"p", "h2", "h3", "h4", "li", "blockquote", "figcaption", "pre", "br", "hr"}

    def __init__(self):
        super().__init__()
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)

    def handle_endtag(self, tag):
        if tag in self.BLOCKS:
            self.parts.append("\n")

    handle_startendtag = handle_endtag


def html_to_text(html):
    """The words of an HTML body, one block a line: what an editor compares, not markup."""
    extractor = _TextExtractor()
    extractor.feed(html or "")
    extractor.close()
    lines = (" ".join(line.split()) for line in "".join(extractor.parts).splitlines())
    return "\n".join(line for line in lines if line)
