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
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "blockquote": {"cite"}, "q": {"cite"}}
# Classes are allowed one value at a time: the pull quote is the only styled block.
ALLOWED_CLASSES = {"blockquote": {"pull-quote"}}
URL_SCHEMES = {"http", "https", "mailto"}


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
        strip_comments=True,
    )
    return without_control_characters(cleaned).strip()
