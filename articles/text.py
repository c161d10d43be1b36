"""Plain text from story HTML, and text no XML document can hold."""

import re
from html.parser import HTMLParser

from django.core.exceptions import ValidationError

# Control characters other than tab, line feed and carriage return, and the two non-characters
# U+FFFE and U+FFFF: invisible, meaningless to readers (they come in with text pasted from other
# programs), and not allowed in XML 1.0, so a feed holding one cannot be written.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def without_control_characters(value):
    """`value` (a string, or a list or dict of them) without CONTROL_CHARACTERS; others as given."""
    if isinstance(value, str):
        return CONTROL_CHARACTERS.sub("", value)
    if isinstance(value, (list, tuple)):
        return type(value)(without_control_characters(item) for item in value)
    if isinstance(value, dict):
        return {key: without_control_characters(item) for key, item in value.items()}
    return value


def refuse_control_characters(value):
    """A form validator: text (or a list of texts, as tags) holding a control character is refused,
    saying where, since the editor cannot see it."""
    for text in [value] if isinstance(value, str) else value or []:
        found = CONTROL_CHARACTERS.search(str(text))
        if found:
            before = str(text)[max(0, found.start() - 20) : found.start()]
            where = f" after “{before}”" if before.strip() else " at the start"
            raise ValidationError(
                "This text holds an invisible control character%(where)s, probably pasted from "
                "another program. Delete and retype the text around it.",
                code="control_character",
                params={"where": where},
            )


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
