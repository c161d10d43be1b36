"""The one place story HTML is cleaned: an allowlist applied with nh3.

Whatever the editor widget sends, this decides what is stored: allowlisted tags
and attributes only, links only to http(s), mailto or relative addresses, and
every link marked rel="noopener noreferrer". Cleaning twice changes nothing.
"""

import nh3

from articles.text import without_control_characters

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "a", "ul", "ol", "li", "blockquote", "q", "cite", "figure", "figcaption", "hr", "code", "pre",
}  # fmt: skip
# A figure may name a library image by its id (data-image): the story page draws it from the
# image's renditions (articles.body), so the body never holds an image address of its own.
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "blockquote": {"cite"}, "q": {"cite"}, "figure": {"data-image"}}
# Classes are allowed one value at a time: the pull quote is the only styled block.
ALLOWED_CLASSES = {"blockquote": {"pull-quote"}}
URL_SCHEMES = {"http", "https", "mailto"}


def keep_attribute(tag, attribute, value):
    """nh3's attribute filter: a figure's image reference must be an id, nothing else."""
    if tag == "figure" and attribute == "data-image":
        return value if value.isascii() and value.isdigit() and len(value) <= 12 else None
    return value


def clean_html(html):
    """Sanitize editor-supplied HTML: allowlisted tags only, safe link schemes, no control
    characters (articles.text)."""
    cleaned = nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        attribute_filter=keep_attribute,
        strip_comments=True,
    )
    return without_control_characters(cleaned).strip()
