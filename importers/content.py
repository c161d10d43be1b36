"""A WordPress post's words made ours: titles and names cleaned, bodies turned into the HTML our
stories hold (paragraphs as WordPress shows them, Gutenberg's comments gone, captions and
images as library figures, videos as click-to-load clips). The sanitizer still has the last word
(Article.save cleans the body)."""

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from html import escape, unescape

from django.utils.html import strip_tags
from django.utils.text import slugify

from articles.clips import parse_clip
from articles.text import without_control_characters

from .autop import wpautop

# Bidirectional overrides, embeddings, isolates and marks: they can make a headline read
# backwards or hide what it says.
BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Zero-width and invisible characters: harmless inside a word (a joiner in an emoji), not at
# either end of a headline or a name, where they only make two equal-looking texts differ.
INVISIBLE_EDGES = re.compile(r"^[\s\u200b-\u200d\u2060\ufeff\u00ad]+|[\s\u200b-\u200d\u2060\ufeff\u00ad]+$")


def clean_line(value, limit=None):
    """A title or a name: entities decoded, no tags, control or bidi characters, nothing
    invisible at either end, runs of white space as one space."""
    text = unescape(strip_tags(value or ""))
    text = BIDI.sub("", without_control_characters(text))
    text = re.sub(r"\s+", " ", text)
    text = INVISIBLE_EDGES.sub("", text)
    return text[:limit].strip() if limit else text


def clean_slug(value, limit=200):
    """A slug made of ASCII letters, digits and hyphens only (WordPress keeps percent-encoded
    Unicode in post_name, which slugify decodes first)."""
    from urllib.parse import unquote

    text = unicodedata.normalize("NFKC", unquote(value or ""))
    return slugify(clean_line(text))[:limit].strip("-")


def plain_text(value):
    """An excerpt as our dek: plain text, one paragraph."""
    return clean_line(value)


GUTENBERG_COMMENT = re.compile(r"<!--\s*/?wp:[^>]*?-->\n?")
GUTENBERG_EMBED = re.compile(
    r'<figure[^>]*class="[^"]*wp-block-embed[^"]*"[^>]*>\s*<div[^>]*wp-block-embed__wrapper[^>]*>\s*'
    r"(https?://[^\s<>\"]+)\s*</div>(?:\s*<figcaption[^>]*>.*?</figcaption>)?\s*</figure>",
    re.S,
)
GUTENBERG_VIDEO = re.compile(
    r'<figure[^>]*class="[^"]*wp-block-video[^"]*"[^>]*>\s*<video[^>]*\ssrc="([^"]+)"[^>]*>.*?</video>.*?</figure>',
    re.S,
)
# An image, maybe wrapped in its link and a figure, maybe with a caption.
FIGURE_IMAGE = re.compile(
    r"<figure[^>]*>\s*(?:<a [^>]*>\s*)?(<img [^>]*>)\s*(?:</a>\s*)?"
    r"(?:<figcaption[^>]*>(.*?)</figcaption>\s*)?</figure>",
    re.S,
)
LINKED_IMAGE = re.compile(r"(?:<a [^>]*>\s*)?(<img [^>]*>)(?:\s*</a>)?", re.S)
ATTRIBUTE = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s'">]+))""")
SHORTCODE_ATTRIBUTE = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)|"([^"]*)"(?:\s|$)|'([^']*)'(?:\s|$)|(\S+)(?:\s|$)"""
)
KNOWN = ("caption", "wp_caption", "embed", "video", "youtube")
# An enclosing or self-closing shortcode among KNOWN, not escaped as [[name]].
SHORTCODE = re.compile(
    r"(?<!\[)\[(" + "|".join(KNOWN) + r")(?![\w-])(=?[^\]]*?)(/)?\](?:(.*?)\[/\1\])?(?!\])",
    re.S,
)
ANY_SHORTCODE = re.compile(r"(?<!\[)\[([A-Za-z][\w-]*)(?=[\s\]/=])[^\]\[]*\](?!\])")
ESCAPED_SHORTCODE = re.compile(r"\[(\[[A-Za-z][^\]]*\])\]")
BARE_URL_LINE = re.compile(r"^[ \t]*(https?://[^\s<>\"]+)[ \t]*$", re.M)
ATTACHMENT_CLASS = re.compile(r"wp-image-([0-9]+)")
ATTACHMENT_ID = re.compile(r"attachment_([0-9]+)")


def html_attributes(tag):
    return {
        m.group(1).lower(): unescape(m.group(2) or m.group(3) or m.group(4) or "")
        for m in ATTRIBUTE.finditer(tag)
    }


def shortcode_attributes(text):
    """WordPress's shortcode_parse_atts(): named values, and positional ones under 0, 1…"""
    found, position = {}, 0
    for m in SHORTCODE_ATTRIBUTE.finditer(text.strip()):
        if m.group(1):
            found[m.group(1).lower()] = m.group(2)
        elif m.group(3):
            found[m.group(3).lower()] = m.group(4)
        elif m.group(5):
            found[m.group(5).lower()] = m.group(6)
        else:
            found[position] = next(g for g in (m.group(7), m.group(8), m.group(9)) if g is not None)
            position += 1
    return found


@dataclass
class BodyNotes:
    """What converting one body met, for the report."""

    shortcodes: Counter = field(default_factory=Counter)
    clips: int = 0
    figures: int = 0
    images_missing: list = field(default_factory=list)
    videos_as_links: list = field(default_factory=list)


def clip_block(url, notes):
    """A click-to-load clip for a YouTube or Vimeo address; any other video stays a link."""
    clip = parse_clip(unescape(url))
    if clip:
        notes.clips += 1
        return f"\n\n<p>{escape(clip.watch_url)}</p>\n\n"
    notes.videos_as_links.append(url)
    return f'\n\n<p><a href="{escape(unescape(url))}">{escape(unescape(url))}</a></p>\n\n'


def figure_block(image_id, caption=""):
    caption_html = f"<figcaption>{caption.strip()}</figcaption>" if caption.strip() else ""
    return f'\n\n<figure data-image="{image_id}">{caption_html}</figure>\n\n'


class BodyConverter:
    """Turns post bodies into ours. `image_for(attachment_id, url)` returns a library image's id
    for a picture the body shows, or None (the picture is then left out and noted)."""

    def __init__(self, image_for):
        self.image_for = image_for

    def image(self, img_tag, notes, attachment_id=None):
        attributes = html_attributes(img_tag)
        if attachment_id is None:
            found = ATTACHMENT_CLASS.search(attributes.get("class", ""))
            attachment_id = int(found.group(1)) if found else None
        url = attributes.get("src", "")
        image_id = self.image_for(attachment_id, url)
        if image_id is None:
            notes.images_missing.append(url or f"attachment {attachment_id}")
        return image_id

    def shortcode(self, match, notes):
        name, attributes_text, _, inner = match.groups()
        inner = inner or ""
        attributes = shortcode_attributes(attributes_text.lstrip("="))
        if attributes_text.startswith("="):
            attributes[0] = attributes_text[1:].strip()
        if name in ("caption", "wp_caption"):
            img = LINKED_IMAGE.search(inner)
            caption = attributes.get("caption") or (LINKED_IMAGE.sub("", inner) if img else inner)
            if not img:
                return f"\n\n<p>{caption.strip()}</p>\n\n" if caption.strip() else ""
            found = ATTACHMENT_ID.search(attributes.get("id", ""))
            image_id = self.image(img.group(1), notes, int(found.group(1)) if found else None)
            if image_id is None:
                return ""
            notes.figures += 1
            return figure_block(image_id, caption)
        if name == "embed":
            return clip_block(inner.strip() or attributes.get("src", ""), notes)
        if name == "video":
            url = next(
                (
                    attributes[k]
                    for k in ("src", "mp4", "m4v", "webm", "ogv", "wmv", "flv")
                    if attributes.get(k)
                ),
                inner.strip(),
            )
            return clip_block(url, notes) if url else ""
        # youtube: [youtube URL], [youtube=URL], [youtube id="ID"], [youtube]URL[/youtube]
        value = (
            inner.strip() or attributes.get("id") or attributes.get("url") or attributes.get(0) or ""
        ).strip()
        if value and not value.startswith("http"):
            value = f"https://www.youtube.com/watch?v={value}"
        return clip_block(value, notes) if value else ""

    def convert(self, body):
        """(our body HTML, notes) for a post's content:encoded."""
        notes = BodyNotes()
        text = (body or "").replace("\r\n", "\n").replace("\r", "\n")
        blocks = "<!-- wp:" in text
        if blocks:
            text = GUTENBERG_COMMENT.sub("", text)
            text = GUTENBERG_EMBED.sub(lambda m: clip_block(m.group(1), notes), text)
            text = GUTENBERG_VIDEO.sub(lambda m: clip_block(m.group(1), notes), text)
        text = SHORTCODE.sub(lambda m: self.shortcode(m, notes), text)
        for m in ANY_SHORTCODE.finditer(text):
            notes.shortcodes[m.group(1).lower()] += 1

        def figure(match):
            image_id = self.image(match.group(1), notes)
            if image_id is None:
                return ""
            notes.figures += 1
            return figure_block(image_id, match.group(2) or "")

        text = FIGURE_IMAGE.sub(figure, text)

        def standalone(match):
            image_id = self.image(match.group(1), notes)
            if image_id is None:
                return ""
            notes.figures += 1
            return figure_block(image_id)

        text = LINKED_IMAGE.sub(standalone, text)
        if not blocks:
            # WordPress embeds a video address that stands on a line of its own (autoembed).
            text = BARE_URL_LINE.sub(
                lambda m: clip_block(m.group(1), notes) if parse_clip(m.group(1)) else m.group(0), text
            )
            text = wpautop(text)
        text = ESCAPED_SHORTCODE.sub(r"\1", text)
        return text.strip(), notes
