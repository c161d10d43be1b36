"""Splitting a story body into its top-level blocks, to place inline links between them."""

from html.parser import HTMLParser

VOID_TAGS = {"br", "hr", "img", "wbr"}


class _BlockSplitter(HTMLParser):
    """Records where each top-level element of an HTML fragment starts and ends."""

    def __init__(self, html):
        super().__init__(convert_charrefs=False)
        self.line_starts = [0]
        for index, char in enumerate(html):
            if char == "\n":
                self.line_starts.append(index + 1)
        self.depth = 0
        self.boundaries = []

    def position(self):
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if tag in VOID_TAGS:
            if self.depth == 0:
                self.boundaries.append(self.position() + len(self.get_starttag_text()))
            return
        self.depth += 1

    def handle_endtag(self, tag):
        if tag in VOID_TAGS:
            return
        self.depth = max(self.depth - 1, 0)
        if self.depth == 0:
            self.boundaries.append(self.rawdata.index(">", self.position()) + 1)


def split_blocks(html):
    """Return the top-level blocks of a (sanitized) HTML fragment, in order."""
    splitter = _BlockSplitter(html)
    splitter.feed(html)
    splitter.close()
    blocks, start = [], 0
    for end in splitter.boundaries:
        block = html[start:end].strip()
        if block:
            blocks.append(block)
        start = end
    tail = html[start:].strip()
    if tail:
        blocks.append(tail)
    return blocks


def interleave(html, inline_links):
    """Pair each body block with the inline links placed after it.

    Links aimed past the last block follow the last block, so none is lost.
    Returns a list of (block_html, [links]).
    """
    blocks = split_blocks(html) or [""]
    placed = [(block, []) for block in blocks]
    for link in inline_links:
        index = min(max(link.after_paragraph or 1, 1), len(placed)) - 1
        placed[index][1].append(link)
    return placed
