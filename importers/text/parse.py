"""Reading plain-text copy into its parts: headline, paragraphs and the markers newsrooms type.

The shape is the one wire copy and press releases arrive in: an optional headline line, then
paragraphs separated by blank lines, with markers on paragraphs of their own:

    Related: <a story's title>          an inline link after the paragraph before it
    NEXT: <a story's title>             the story's "NEXT" link
    Source: <name>                      a citation
    Read more from <outlet>:            followed by one title a paragraph (or a line)
    Watch: <what the clip shows>        a clip slot, its address on the same line or next
    Key Release Dates                   last: the release-dates box, optionally with lines
                                        such as "Theatrical: July 27, 2018"

Nothing here reads the database: names are matched by importers.text.names, and the draft is
made by importers.text.draft.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

from articles.clips import parse_clip
from articles.models import Article, ReleaseDate
from articles.text import without_control_characters

HEADLINE_LIMIT = Article._meta.get_field("headline").max_length
# A title in a "Read more" list is one line; a longer paragraph ends the list.
TITLE_LIMIT = 300
EXCLUSIVE = re.compile(r"\s*[(\[]\s*exclusive\s*[)\]]\s*$", re.I)
# A paragraph ends a sentence; a headline does not (it may ask a question or exclaim).
SENTENCE_END = re.compile(r"[.;:,]['\"’”)\]]*$")
MARKER = re.compile(r"^(related|next|source|watch)\s*:\s*(.*)$", re.I | re.S)
READ_MORE = re.compile(r"^read more from\s+(.+?)\s*:?\s*$", re.I)
KEY_DATES = re.compile(r"^key release dates\s*:?\s*$", re.I)
ADDRESS = re.compile(r"https?://\S+")
# A paragraph with no letter or digit (a ";" left where an embed was cut out) carries no words.
WORDLESS = re.compile(r"^[\W_]*$")

# A release line: "<what>: <when>", "<what> – <when>" or "<film> release date: <when>".
DATE_LINE = re.compile(r"^(?P<what>.+?)\s*(?::|\s[-–—]\s)\s*(?P<when>[^:]+?)\.?$")
COUNTRY = re.compile(r"\s*\((?P<code>[A-Z]{2})\)\s*|\s+\b(?P<word>US|USA|UK|GB)\b\s*")
COUNTRY_CODES = {"USA": "US", "UK": "GB"}
DEFAULT_COUNTRY = "US"
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
# Words naming a release's format, most specific first: the first one found decides its kind.
KIND_WORDS = [
    ("premiere", ReleaseDate.Kind.PREMIERE),
    ("limited", ReleaseDate.Kind.LIMITED),
    ("digital", ReleaseDate.Kind.DIGITAL),
    ("download", ReleaseDate.Kind.DIGITAL),
    ("vod", ReleaseDate.Kind.DIGITAL),
    ("dvd", ReleaseDate.Kind.PHYSICAL),
    ("blu-ray", ReleaseDate.Kind.PHYSICAL),
    ("blu ray", ReleaseDate.Kind.PHYSICAL),
    ("4k", ReleaseDate.Kind.PHYSICAL),
    ("physical", ReleaseDate.Kind.PHYSICAL),
    ("home", ReleaseDate.Kind.PHYSICAL),
    ("streaming", ReleaseDate.Kind.STREAMING),
    ("tv", ReleaseDate.Kind.TV),
    ("television", ReleaseDate.Kind.TV),
    ("theatrical", ReleaseDate.Kind.THEATRICAL),
    ("theaters", ReleaseDate.Kind.THEATRICAL),
    ("theatres", ReleaseDate.Kind.THEATRICAL),
    ("cinemas", ReleaseDate.Kind.THEATRICAL),
    ("release date", ReleaseDate.Kind.THEATRICAL),
]
# Formats worth keeping as the release's note ("DVD, Blu-ray and 4K UHD").
FORMAT_WORDS = ("dvd", "blu-ray", "blu ray", "4k", "uhd")


@dataclass
class Link:
    """A "Related:", "NEXT:" or "Read more" title; `after` counts the body's blocks before it."""

    placement: str
    title: str
    after: int | None = None
    outlet: str = ""


@dataclass
class Clip:
    """A "Watch:" slot: what it shows, and its address if the copy gave one."""

    caption: str
    url: str = ""


@dataclass
class Release:
    """A line of the Key Release Dates box, read as far as it could be."""

    line: str
    kind: str = ""
    country: str = DEFAULT_COUNTRY
    date: datetime.date | None = None
    precision: str = ReleaseDate.Precision.DAY
    note: str = ""
    film_text: str = ""
    film: object = None  # the Film `film_text` names, once matched


@dataclass
class Copy:
    """Plain-text copy in its parts. `blocks` are the body's, in order: ("p", text) for a
    paragraph, ("watch", Clip) for a clip slot."""

    headline: str = ""
    exclusive: bool = False
    blocks: list = field(default_factory=list)
    links: list = field(default_factory=list)
    sources: list = field(default_factory=list)
    key_dates: bool = False
    releases: list = field(default_factory=list)

    @property
    def paragraphs(self):
        return [text for kind, text in self.blocks if kind == "p"]

    @property
    def clips(self):
        return [clip for kind, clip in self.blocks if kind == "watch"]


def clean(text):
    """`text` ready to read: one kind of line break, no control characters, no byte-order mark,
    compatibility spaces made plain ones."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    text = without_control_characters(text)
    return text.replace("\u00a0", " ").replace("\u2028", "\n").replace("\u2029", "\n\n")


def paragraphs_of(text):
    """The copy's paragraphs: blocks separated by blank lines, each a list of its lines."""
    result = []
    for chunk in re.split(r"\n\s*\n", text):
        lines = [" ".join(line.split()) for line in chunk.split("\n")]
        lines = [line for line in lines if line]
        if lines:
            result.append(lines)
    return result


def is_headline(lines, rest):
    """Whether the copy's first paragraph is its headline line."""
    line = lines[0]
    return (
        len(lines) == 1
        and bool(rest)
        and len(EXCLUSIVE.sub("", line)) <= HEADLINE_LIMIT
        and not SENTENCE_END.search(line)
        and not MARKER.match(line)
        and not READ_MORE.match(line)
        and not KEY_DATES.match(line)
    )


def parse_copy(text):
    """Plain-text copy (a str) into a Copy."""
    copy = Copy()
    paragraphs = paragraphs_of(clean(text))
    if paragraphs and is_headline(paragraphs[0], paragraphs[1:]):
        headline = paragraphs.pop(0)[0]
        copy.exclusive = bool(EXCLUSIVE.search(headline))
        copy.headline = EXCLUSIVE.sub("", headline) if copy.exclusive else headline
    read_more_from = None
    index = 0
    while index < len(paragraphs):
        lines = paragraphs[index]
        first = lines[0]
        index += 1
        if KEY_DATES.match(first):
            copy.key_dates = True
            rest = lines[1:] + [line for later in paragraphs[index:] for line in later]
            copy.releases = [parse_release(line) for line in rest]
            break
        outlet = READ_MORE.match(first)
        if outlet:
            read_more_from = outlet.group(1)
            for title in lines[1:]:
                copy.links.append(Link("read_more", title, outlet=read_more_from))
            continue
        marker = MARKER.match(" ".join(lines))
        if marker:
            read_more_from = None
            name, value = marker.group(1).lower(), marker.group(2).strip()
            if name == "watch":
                clip, index = watch_slot(value, paragraphs, index)
                copy.blocks.append(("watch", clip))
            elif not value:
                copy.blocks.append(("p", " ".join(lines)))
            elif name == "source":
                copy.sources.append(value)
            else:
                after = len(copy.blocks) if name == "related" else None
                copy.links.append(Link("inline" if name == "related" else "next", value, after=after))
            continue
        if WORDLESS.match(" ".join(lines)):
            continue
        if read_more_from and all(len(line) <= TITLE_LIMIT for line in lines):
            copy.links.extend(Link("read_more", title, outlet=read_more_from) for title in lines)
            continue
        read_more_from = None
        copy.blocks.append(("p", " ".join(lines)))
    return copy


def watch_slot(value, paragraphs, index):
    """The clip a "Watch:" marker holds, and where reading goes on: its address is on the
    marker's line, or alone in the paragraph after it."""
    found = ADDRESS.search(value)
    if found:
        return Clip(caption=clean_caption(value.replace(found.group(0), "")), url=found.group(0)), index
    if index < len(paragraphs) and len(paragraphs[index]) == 1 and parse_clip(paragraphs[index][0]):
        return Clip(caption=clean_caption(value), url=paragraphs[index][0]), index + 1
    return Clip(caption=clean_caption(value)), index


def clean_caption(value):
    """A clip's caption without the colon that introduced the clip."""
    return value.strip().rstrip(":").strip()


def parse_release(line):
    """A Key Release Dates line as a Release; what cannot be read is left empty (the draft lists
    the line for the editor)."""
    release = Release(line=line)
    match = DATE_LINE.match(line)
    if not match:
        return release
    what, when = match.group("what"), match.group("when").strip()
    country = COUNTRY.search(what) or COUNTRY.search(f" {when}")
    if country:
        code = country.group("code") or country.group("word")
        release.country = COUNTRY_CODES.get(code, code)
        what = COUNTRY.sub(" ", what).strip()
        when = COUNTRY.sub(" ", f" {when}").strip()
    release.date, release.precision = parse_when(when)
    if release.precision != ReleaseDate.Precision.TBA and release.date is None:
        return release
    lowered = fold_case(what)
    release.kind = next((kind for word, kind in KIND_WORDS if word in lowered), "")
    if release.kind == ReleaseDate.Kind.PHYSICAL and any(word in lowered for word in FORMAT_WORDS):
        release.note = what[:200]
    film = re.split(r"\s+(?:release date|release|in theaters|in theatres|on digital)\b", what, flags=re.I)
    if len(film) > 1 and film[0].strip():
        release.film_text = film[0].strip()
        release.kind = release.kind or ReleaseDate.Kind.THEATRICAL
    return release


def fold_case(text):
    return unicodedata.normalize("NFKC", text).casefold().replace("‐", "-").replace("–", "-")


def parse_when(when):
    """A written date as (date, precision): "July 27, 2018", "Jul. 27 2018", "27 July 2018",
    "2018-07-27", "July 2018", "2018", "TBA". (None, day) when it is none of these."""
    text = fold_case(when).replace(",", " ").replace(".", " ").strip()
    words = text.split()
    if text in ("tba", "tbd", "to be announced", "to be determined"):
        return None, ReleaseDate.Precision.TBA
    try:
        iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
        if iso:
            return datetime.date(*map(int, iso.groups())), ReleaseDate.Precision.DAY
        if len(words) == 3 and words[0] in MONTHS and words[1].isdigit() and words[2].isdigit():
            return datetime.date(int(words[2]), MONTHS[words[0]], int(words[1])), ReleaseDate.Precision.DAY
        if len(words) == 3 and words[1] in MONTHS and words[0].isdigit() and words[2].isdigit():
            return datetime.date(int(words[2]), MONTHS[words[1]], int(words[0])), ReleaseDate.Precision.DAY
        if len(words) == 2 and words[0] in MONTHS and words[1].isdigit() and len(words[1]) == 4:
            return datetime.date(int(words[1]), MONTHS[words[0]], 1), ReleaseDate.Precision.MONTH
        if len(words) == 1 and re.fullmatch(r"\d{4}", words[0]):
            return datetime.date(int(words[0]), 1, 1), ReleaseDate.Precision.YEAR
    except ValueError:
        pass
    return None, ReleaseDate.Precision.DAY
