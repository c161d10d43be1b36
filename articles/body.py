"""Splitting a story body into its top-level blocks, to place inline links and clips among them."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

from .clips import clip_in_block

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


@dataclass
class Block:
    """One top-level piece of a story body: sanitized HTML, or a clip to embed in its place."""

    html: str
    clip: object = None
    links: list = field(default_factory=list)


def interleave(html, inline_links):
    """The body's blocks, each with the inline links placed after it.

    A paragraph holding only a YouTube or Vimeo address becomes that clip. Links
    aimed past the last block follow the last block, so none is lost.
    """
    blocks = [Block(html=block, clip=clip_in_block(block)) for block in split_blocks(html)] or [
        Block(html="")
    ]
    for link in inline_links:
        index = min(max(link.after_paragraph or 1, 1), len(blocks)) - 1
        blocks[index].links.append(link)
    return blocks
