"""Finding the films, people and stories that plain-text copy names, as our records name them.

Names are compared by their key: case, accents, quotes, dashes and punctuation folded away, so
"Mission: Impossible - Fallout", "MISSION: IMPOSSIBLE — FALLOUT" and "Mission: Impossible –
Fallout" are one title. A film is known by more than its title: within a franchise, by the
franchise's initials ("M:I – Fallout"), by its installment number ("M:I 6", "Mission:
Impossible 6"), by its subtitle alone ("Fallout") and with its year ("The Mummy (2017)"). A
name that fits two records is ambiguous and left for the editor, as is anything we have no
record of: nothing is invented.
"""

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from articles.models import Article, Author, Film, Franchise, Person, Source

WORD = re.compile(r"\w+")
# A title's subtitle follows its franchise's name after a colon or a dash.
SUBTITLE = re.compile(r"^\s*[:\-–—]\s*")
# Between the words of one name: spaces, or an apostrophe or hyphen inside a word (O'Brien).
NAME_GAP = re.compile(r"^(?: +|['’\-])$")
# Capitalised words that start a sentence or a role rather than a name ("Producer Jake Myers").
LEADING_WORDS = {
    "a",
    "an",
    "and",
    "as",
    "at",
    "but",
    "by",
    "director",
    "for",
    "from",
    "in",
    "now",
    "of",
    "on",
    "producer",
    "star",
    "so",
    "the",
    "then",
    "when",
    "while",
    "with",
}
MONTH_NAMES = {
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
}
# Lower-case words inside a name: "Ana de Armas", "Vincent van Gogh".
PARTICLES = {"de", "da", "di", "del", "della", "der", "du", "la", "le", "van", "von", "bin", "al"}
# Roman numerals and the digit 1 typed for the letter I ("M:1"): both sides fold the same way.
LOOKALIKES = {"1": "i"}
UNMATCHED_LIMIT = 40


def fold(word):
    """One word's key: no accents, case folded, "1" read as "I"."""
    decomposed = unicodedata.normalize("NFKD", word)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
    return LOOKALIKES.get(plain, plain)


def key(text):
    """A name's key: its words folded, in order."""
    return tuple(fold(word) for word in WORD.findall(text or ""))


def initials(name):
    """A franchise's initials as a key: "Mission: Impossible" -> ("m", "i")."""
    words = WORD.findall(name)
    return tuple(fold(word[0]) for word in words) if len(words) > 1 else ()


def film_keys(film):
    """Every key `film` may be written as."""
    title = film.title
    keys = {key(title)}
    if film.year:
        keys.add(key(f"{title} {film.year}"))
    franchise = film.franchise
    if franchise is None:
        return keys
    names = [key(franchise.name)]
    if initials(franchise.name):
        names.append(initials(franchise.name))
    subtitle = ""
    if title.casefold().startswith(franchise.name.casefold()):
        subtitle = SUBTITLE.sub("", title[len(franchise.name) :])
    if subtitle:
        keys.add(key(subtitle))
        keys.update(name + key(subtitle) for name in names)
    if film.installment:
        numbers = {str(film.installment), roman(film.installment)}
        keys.update(name + key(number) for name in names for number in numbers if number)
    return keys


def roman(number):
    """`number` in Roman numerals ("Mission: Impossible III"), up to 39; else ""."""
    if not 0 < number < 40:
        return ""
    tens, units = divmod(number, 10)
    return "x" * tens + ["", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"][units]


@dataclass
class Match:
    """A name found in the copy: `record` (a Film, Person…), its `kind`, and the text as typed."""

    kind: str
    record: object
    text: str


@dataclass
class Found:
    """What the copy names: films and people in order of first mention, each once, with how
    often they are named; names fitting two records; capitalised names fitting none."""

    films: list = field(default_factory=list)
    people: list = field(default_factory=list)
    mentions: dict = field(default_factory=lambda: defaultdict(int))
    ambiguous: list = field(default_factory=list)
    unmatched: list = field(default_factory=list)


class NameIndex:
    """The records copy may name, by key: films, people, and (so they are not reported as
    unknown) franchises, sources and authors."""

    def __init__(self):
        self.records = defaultdict(set)
        films = Film.objects.select_related("franchise").only(
            "title", "slug", "year", "installment", "franchise__name"
        )
        for film in films:
            for film_key in film_keys(film):
                self.add(film_key, "film", film)
        for person in Person.objects.only("name", "slug"):
            self.add(key(person.name), "person", person)
        for franchise in Franchise.objects.only("name"):
            self.add(key(franchise.name), "franchise", franchise)
            self.add(initials(franchise.name), "franchise", franchise)
        for source in Source.objects.only("name"):
            self.add(key(source.name), "source", source)
        for author in Author.objects.only("name"):
            self.add(key(author.name), "author", author)
        self.longest = max((len(k) for k in self.records), default=0)

    def add(self, name_key, kind, record):
        if name_key:
            self.records[name_key].add((kind, record))

    def lookup(self, name_key):
        """The records a key names, preferring films and people to the rest (a film named like
        its franchise is the film)."""
        found = self.records.get(name_key, set())
        named = {pair for pair in found if pair[0] in ("film", "person")}
        return named or found

    def find(self, texts, found=None, report_unmatched=True):
        """The names in `texts` (strings), added to `found` (a new Found by default)."""
        found = found or Found()
        for text in texts:
            self.scan(text, found, report_unmatched)
        return found

    def scan(self, text, found, report_unmatched):
        words = list(WORD.finditer(text))
        folded = [fold(word.group()) for word in words]
        covered = [False] * len(words)
        start = 0
        while start < len(words):
            if not is_capitalised(words[start].group()):
                start += 1
                continue
            for length in range(min(self.longest, len(words) - start), 0, -1):
                if not joined(text, words[start : start + length]):
                    continue
                records = self.lookup(tuple(folded[start : start + length]))
                if not records:
                    continue
                typed = text[words[start].start() : words[start + length - 1].end()]
                self.note(found, records, typed)
                covered[start : start + length] = [True] * length
                start += length
                break
            else:
                start += 1
        if report_unmatched:
            for name in unknown_names(text, words, covered):
                if key(name) not in {key(known) for known in found.unmatched}:
                    found.unmatched.append(name)
        del found.unmatched[UNMATCHED_LIMIT:]

    def note(self, found, records, typed):
        if len(records) > 1:
            if typed not in found.ambiguous:
                found.ambiguous.append(typed)
            return
        kind, record = next(iter(records))
        if kind in ("film", "person"):
            chosen = found.films if kind == "film" else found.people
            if record not in chosen:
                chosen.append(record)
            found.mentions[record] += 1


def is_capitalised(word):
    return word[0].isupper() or word[0].isdigit()


def joined(text, words):
    """Whether `words` (matches in `text`) follow one another as one name: only spaces between
    them, or punctuation a title holds (a colon, a dash, an apostrophe, a parenthesis)."""
    for before, after in zip(words, words[1:], strict=False):
        gap = text[before.end() : after.start()]
        if "\n" in gap or not re.fullmatch(r"[\s:\-–—'’()#.]*", gap) or len(gap) > 4:
            return False
    return True


def unknown_names(text, words, covered):
    """Runs of two or more capitalised words no record matched: names the editor should check."""
    names, run = [], []
    for index, word in enumerate(words):
        starts_name = not covered[index] and word.group()[0].isupper()
        following = words[index + 1] if index + 1 < len(words) else None
        if run and word.group() in PARTICLES and following and following.group()[0].isupper():
            starts_name = True
        if starts_name and (not run or NAME_GAP.fullmatch(text[run[-1].end() : word.start()] or " ")):
            run.append(word)
            continue
        names.append(run)
        run = [word] if starts_name else []
    names.append(run)
    result = []
    for run in names:
        while run and (fold(run[0].group()) in LEADING_WORDS or fold(run[0].group()) in MONTH_NAMES):
            run = run[1:]
        if len(run) > 1:
            result.append(text[run[0].start() : run[-1].end()])
    return result


def find_story(title, exclude=None):
    """Our story whose headline is `title` as a key (live ones first, then the newest), or None.

    Candidates are read by the title's longest word, then compared by key: the database is never
    asked to fold accents and dashes."""
    wanted = key(title)
    if not wanted:
        return None
    longest = max(WORD.findall(title), key=len)
    candidates = Article.objects.filter(Q(headline__iexact=title) | Q(headline__icontains=longest))
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude.pk)
    matches = [
        story for story in candidates.order_by("-publish_at", "-pk")[:200] if key(story.headline) == wanted
    ]
    live = [story for story in matches if story.is_live()]
    return (live or matches or [None])[0]
