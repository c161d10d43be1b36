"""Splitting a story body into its top-level blocks, to place inline links and clips among them."""

import re
from dataclasses import dataclass, field

from .clips import clip_in_block

VOID_TAGS = {"br", "hr", "img", "wbr"}


# A start or end tag: its name, and a closing "/" either side. Attribute values are quoted
# (nh3 writes them so), and a quoted ">" does not end the tag.
TAG = re.compile(r"""<(/?)([A-Za-z][^\s/>]*)(?:[^>"']|"[^"]*"|'[^']*')*?(/?)>""")


def split_blocks(html):
    """Return the top-level blocks of a (sanitized) HTML fragment, in order.

    Read with a regular expression over its tags rather than an HTML parser, as the body is
    split on every story page shown. That is safe only because the body is sanitized (nh3, on
    save): it has no comments or scripts to mislead the expression, and text cannot hold a "<"
    that starts a tag.
    """
    boundaries, depth = [], 0
    for tag in TAG.finditer(html):
        closing, name, self_closing = tag.groups()
        if name.lower() in VOID_TAGS:
            if not closing and depth == 0:
                boundaries.append(tag.end())
        elif closing:
            depth = max(depth - 1, 0)
            if depth == 0:
                boundaries.append(tag.end())
        elif self_closing:
            if depth == 0:
                boundaries.append(tag.end())
        else:
            depth += 1
    blocks, start = [], 0
    for end in boundaries:
        block = html[start:end].strip()
        if block:
            blocks.append(block)
        start = end
    tail = html[start:].strip()
    if tail:
        blocks.append(tail)
    return blocks


# A library image placed in the body by the editor's "Insert image": the figure names the image
# by id and holds the story's own caption; the page draws the picture from the image's
# renditions, with its alt text and credit from the library (articles.story_page).
BODY_IMAGE = re.compile(
    r'^<figure data-image="([0-9]+)">\s*(?:<figcaption>(.*)</figcaption>)?\s*</figure>$', re.S
)


# Every image a body refers to, wherever it stands (the editor shows them all).
BODY_IMAGE_REFERENCE = re.compile(r'<figure data-image="([0-9]+)"')


def image_in_block(block_html):
    """(image id, caption HTML) for a block that is a library image's figure, else None."""
    match = BODY_IMAGE.match(block_html.strip())
    return (int(match.group(1)), (match.group(2) or "").strip()) if match else None


@dataclass
class Block:
    """One top-level piece of a story body: sanitized HTML, a clip or a library image to show in
    its place. `image` is filled in by whoever shows the block (one query for the whole body)."""

    html: str
    clip: object = None
    links: list = field(default_factory=list)
    image_id: int | None = None
    caption: str = ""
    image: object = None


def interleave(html, inline_links):
    """The body's blocks, each with the inline links placed after it.

    A paragraph holding only a YouTube or Vimeo address becomes that clip, a figure naming a
    library image that image (see BODY_IMAGE). Links
    aimed past the last block follow the last block, so none is lost.
    """
    blocks = [block_of(html) for html in split_blocks(html)] or [Block(html="")]
    for link in inline_links:
        index = min(max(link.after_paragraph or 1, 1), len(blocks)) - 1
        blocks[index].links.append(link)
    return blocks


def block_of(html):
    image = image_in_block(html)
    if image:
        return Block(html=html, image_id=image[0], caption=image[1])
    return Block(html=html, clip=clip_in_block(html))
