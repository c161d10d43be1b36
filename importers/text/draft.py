"""Making a draft story from plain-text copy, through the write path.

The draft holds the copy's words exactly (escaped: the copy is text, never markup), with its
links, citations, clip slots, films, people and release-dates box as data. What the copy names
but our records do not know is not invented: it is listed in an editorial note on the draft,
where the editor sees it beside the story and resolves it when done (desk.notes).
"""

from dataclasses import dataclass, field

import reversion
from django.db import transaction
from django.utils.html import escape
from django.utils.text import Truncator, slugify

from articles import changes
from articles.admin.aids import own_author
from articles.models import (
    Article,
    ArticleFilm,
    Byline,
    Citation,
    RelatedLink,
    ReleaseDate,
    SlugRedirect,
    Source,
)
from articles.models.links import PLACEHOLDER_URL
from desk.models import EditorialNote

from .names import NameIndex, find_story, key
from .parse import HEADLINE_LIMIT, parse_copy

# Copy longer than this is not a story (a 10,000-word feature is about 60 kB).
MAX_BYTES = 256 * 1024
SLUG_LIMIT = Article._meta.get_field("slug").max_length - 8
SOURCE_NAME_LIMIT = Source._meta.get_field("name").max_length
LINK_TITLE_LIMIT = RelatedLink._meta.get_field("title").max_length
NOTE_LIMIT = EditorialNote._meta.get_field("text").max_length


class CopyError(ValueError):
    """Copy that cannot become a story: empty, binary, too large or not UTF-8."""


def read_copy(data):
    """The text of uploaded or typed copy (bytes or str), or CopyError saying what is wrong."""
    if isinstance(data, str):
        if len(data.encode("utf-8", "surrogatepass")) > MAX_BYTES:
            raise CopyError(f"The copy is too long: at most {MAX_BYTES // 1024} kB of text.")
        text = data
    else:
        if len(data) > MAX_BYTES:
            raise CopyError(f"The file is too large: at most {MAX_BYTES // 1024} kB of text.")
        if b"\x00" in data:
            raise CopyError("This is not a text file: it holds binary data. Upload plain text (.txt).")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise CopyError(
                f"The file is not UTF-8 text (an unreadable byte at position {error.start}). "
                "Save it as UTF-8 plain text and upload it again."
            ) from None
    if "\x00" in text:
        raise CopyError("The copy holds binary data: paste or upload plain text.")
    if not text.strip():
        raise CopyError("The copy is empty.")
    return text


@dataclass
class Imported:
    """The draft made from copy, what was found in it, and what the editor should look at."""

    story: Article
    films: list = field(default_factory=list)
    people: list = field(default_factory=list)
    sources: list = field(default_factory=list)
    links: list = field(default_factory=list)
    releases: list = field(default_factory=list)
    to_check: list = field(default_factory=list)

    def summary(self):
        """One sentence of what was found, and one of what was not."""
        linked = sum(1 for link in self.links if link.target_article_id)
        found = (
            f"Draft “{self.story.headline}” made from plain text: {count(self.films, 'film')}, "
            f"{count(self.people, 'person', 'people')}, {count(self.sources, 'source')} cited, "
            f"{count(self.links, 'link')} ({linked} to our stories)"
        )
        if self.releases:
            found += f", {count(self.releases, 'release date')} added"
        if not self.to_check:
            return f"{found}. Nothing was left unmatched."
        return (
            f"{found}. {count(self.to_check, 'thing')} to check before it goes further: "
            "see the editorial note on the story."
        )


def count(items, singular, plural=None):
    number = len(items)
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


def import_copy(text, user=None):
    """Make a draft story from plain-text copy (a str, as read_copy gives it) by `user`
    (None for the command without --user), and return what was Imported."""
    copy = parse_copy(text)
    if not copy.blocks and not copy.headline:
        raise CopyError("The copy has no paragraphs to make a story of.")
    index = NameIndex()
    found = index.find([copy.headline], report_unmatched=False)
    index.find(copy.paragraphs, found)
    index.find([clip.caption for clip in copy.clips], found, report_unmatched=False)
    with transaction.atomic(), reversion.create_revision():
        draft = DraftBuilder(copy, found, index, user)
        imported = draft.build()
        if user is not None:
            reversion.set_user(user)
        reversion.set_comment("Made from plain text.")
    return imported


class DraftBuilder:
    """The steps of one import, sharing what they found."""

    def __init__(self, copy, found, index, user):
        self.copy, self.found, self.index, self.user = copy, found, index, user
        self.to_check = []
        self.sources = {}

    def may(self, permission):
        """The command (no user) may do anything the import does; a person needs the right."""
        return self.user is None or self.user.has_perm(permission)

    def build(self):
        body, positions = self.body()
        story = Article(
            headline=self.headline(),
            body=body,
            kind=Article.Kind.NEWS,
            status=Article.Status.DRAFT,
            is_exclusive=self.copy.exclusive,
        )
        story.slug = unique_slug(story.headline)
        story.full_clean()
        changes.save_story(story, user=self.user, parts_follow=True)
        imported = Imported(story)
        author = own_author(self.user)
        if author is not None:
            Byline.objects.create(article=story, author=author)
        imported.films = self.add_films(story)
        imported.people = list(self.found.people)
        story.people.set(imported.people)
        imported.sources = self.add_citations(story)
        imported.links = self.add_links(story, positions)
        imported.releases = self.add_releases()
        self.note_clips(positions)
        self.note_names()
        changes.story_parts_saved(story)
        reversion.add_to_revision(story)
        imported.to_check = self.to_check
        if self.to_check:
            self.leave_note(story)
        return imported

    def headline(self):
        if self.copy.headline:
            return self.copy.headline
        self.to_check.append("The copy had no headline line: the headline is its first words. Write one.")
        first = self.copy.paragraphs[0] if self.copy.paragraphs else "Untitled story"
        return Truncator(first).chars(min(HEADLINE_LIMIT, 100))

    def body(self):
        """The body's HTML, and for each count of the copy's blocks the body's blocks before
        them (a clip with its address is two: its caption, then the address alone)."""
        html, positions = [], [0]
        for kind, value in self.copy.blocks:
            if kind == "p":
                html.append(f"<p>{escape(value)}</p>")
            else:
                caption = f" {escape(value.caption)}" if value.caption else ""
                html.append(f"<p><strong>Watch:</strong>{caption}</p>")
                if value.url:
                    html.append(f"<p>{escape(value.url)}</p>")
            positions.append(len(html))
        return "\n".join(html), positions

    def primary_film(self):
        """The film the copy is most about: the most named, the first named of equals."""
        films = self.found.films
        return max(films, key=lambda film: (self.found.mentions[film], -films.index(film))) if films else None

    def box_films(self):
        """The films whose dates the Key Release Dates box lists: those its lines name, else
        the story's main film; none without a box."""
        if not self.copy.key_dates:
            return []
        named = []
        for release in self.copy.releases:
            release.film = self.film_named(release.film_text) if release.film_text else None
            if release.film and release.film not in named:
                named.append(release.film)
        primary = self.primary_film()
        return named or ([primary] if primary else [])

    def film_named(self, text):
        found = self.index.find([text], report_unmatched=False)
        for film in found.films:
            if film not in self.found.films:
                self.found.films.append(film)
        return found.films[0] if found.films else None

    def add_films(self, story):
        boxed = self.box_films()
        if self.copy.key_dates and not boxed:
            self.to_check.append(
                "Key Release Dates: the copy names no film of ours, so the box is empty. "
                "Add the film under “Films in this story”."
            )
        primary = self.primary_film()
        ordered = sorted(self.found.films, key=lambda film: (film != primary, self.found.films.index(film)))
        for order, film in enumerate(ordered):
            ArticleFilm.objects.create(
                article=story, film=film, order=order, show_release_dates=film in boxed
            )
        self.boxed = boxed
        return ordered

    def source(self, name):
        """Our source called `name`, created if new and this user may add sources; else None."""
        name = name.strip()[:SOURCE_NAME_LIMIT]
        name_key = key(name)
        if name_key in self.sources:
            return self.sources[name_key]
        known = [record for kind, record in self.index.records.get(name_key, ()) if kind == "source"]
        source = known[0] if known else None
        if source is None and name_key and self.may("articles.add_source"):
            source = Source.objects.create(name=name, slug=unique_slug(name, model=Source))
            self.index.add(name_key, "source", source)
        if source is None:
            self.to_check.append(
                f"The source “{name}” is not in our records: an editor adds it under Sources, then cites it."
            )
        self.sources[name_key] = source
        return source

    def add_citations(self, story):
        cited = []
        for name in self.copy.sources:
            source = self.source(name)
            if source is not None and source not in cited:
                Citation.objects.create(article=story, source=source, order=len(cited))
                cited.append(source)
        return cited

    def add_links(self, story, positions):
        links, orders = [], {}
        without_address = []
        for link in self.copy.links:
            target = find_story(link.title, exclude=story) if link.placement != "read_more" else None
            after = None
            if link.placement == "inline":
                after = max(1, positions[min(link.after, len(positions) - 1)])
            made = RelatedLink(
                article=story,
                placement=link.placement,
                after_paragraph=after,
                order=orders.setdefault(link.placement, 0),
                source=self.source(link.outlet) if link.outlet else None,
            )
            orders[link.placement] += 1
            if target is not None:
                made.target_article = target
            else:
                made.url, made.title = PLACEHOLDER_URL, Truncator(link.title).chars(LINK_TITLE_LIMIT)
                without_address.append(link)
            made.save()
            links.append(made)
        labels = {"inline": "Related", "next": "NEXT", "read_more": "Read more"}
        for link in without_address:
            why = "not one of our stories" if link.placement != "read_more" else "an outlet's story"
            self.to_check.append(
                f"{labels[link.placement]}: “{link.title}” is {why}: give the link its address "
                "(or choose our story) under Related links."
            )
        return links

    def add_releases(self):
        """The dates typed in the Key Release Dates box, added to their films when our records
        do not have them; anything else is listed for the editor."""
        added = []
        default = self.boxed[0] if self.boxed else None
        for release in self.copy.releases:
            film = release.film or default
            problem = ""
            if not release.kind or (release.date is None and release.precision != "tba"):
                problem = "could not be read as a format and a date"
            elif film is None:
                problem = "names no film of ours"
            if problem:
                self.to_check.append(f"Key Release Dates: “{release.line}” {problem}.")
                continue
            existing = list(ReleaseDate.objects.filter(film=film, kind=release.kind, country=release.country))
            if any((row.date, row.precision) == (release.date, release.precision) for row in existing):
                continue
            if existing:
                self.to_check.append(
                    f"Key Release Dates: “{release.line}” differs from our records for {film} "
                    f"({', '.join(row.display_date for row in existing)}); they were left as they are."
                )
            elif not self.may("articles.add_releasedate"):
                self.to_check.append(
                    f"Key Release Dates: “{release.line}” is not in our records for {film}: an editor "
                    "adds it on the film."
                )
            else:
                added.append(
                    ReleaseDate.objects.create(
                        film=film,
                        kind=release.kind,
                        country=release.country,
                        date=release.date,
                        precision=release.precision,
                        note=release.note,
                    )
                )
        changes.film_changes_saved(*(row.film_id for row in added))
        return added

    def note_clips(self, positions):
        for number, (kind, value) in enumerate(self.copy.blocks):
            if kind == "watch" and not value.url:
                self.to_check.append(
                    f"Watch (after paragraph {positions[number]}): “{value.caption}” has no clip. Put the "
                    "clip's YouTube or Vimeo address alone in a paragraph below it, or in Media."
                )

    def note_names(self):
        for name in self.found.ambiguous:
            self.to_check.append(f"“{name}” fits more than one of our records: add the right one.")
        # A surname alone ("O'Brien") after the full name is the person already found.
        known = [key(record.name) for record in self.found.people] + [key(f.title) for f in self.found.films]
        unmatched = [name for name in self.found.unmatched if not any(within(key(name), k) for k in known)]
        if unmatched:
            names = ", ".join(f"“{name}”" for name in unmatched)
            self.to_check.append(
                f"Names not in our records (add them as films or people if they should be): {names}."
            )

    def leave_note(self, story):
        # Created directly rather than through desk.notes.add_note: the text quotes the pasted
        # copy, and an "@name" in it must not notify anyone.
        lines = ["Made from plain text. To check:", *(f"- {item}" for item in self.to_check)]
        EditorialNote.objects.create(
            article=story, author=self.user, text=Truncator("\n".join(lines)).chars(NOTE_LIMIT)
        )


def within(part, whole):
    """Whether the key `part` is a run of the key `whole`."""
    return any(whole[start : start + len(part)] == part for start in range(len(whole) - len(part) + 1))


def unique_slug(text, model=Article):
    """A slug for `text` no row of `model` has (nor, for stories, an old address redirects)."""
    base = slugify(text)[:SLUG_LIMIT].strip("-") or model._meta.model_name
    slug, number = base, 1
    while model.objects.filter(slug=slug).exists() or (
        model is Article and SlugRedirect.objects.filter(old_slug=slug).exists()
    ):
        number += 1
        slug = f"{base}-{number}"
    return slug
