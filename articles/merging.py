"""Merging a story form saved from an older version with what a colleague saved meanwhile.

Three versions of each field meet: the *base* (the story as the editor opened it, read back from
its revisions by version number), *theirs* (the story as saved now) and *mine* (the form as
posted). A field only they changed keeps their value, a field only I changed takes mine, and
only a field both changed, differently, needs a choice.
"""

from dataclasses import dataclass, field

from django.db import models
from reversion.models import Version

from .revisions import version_tags, word_diff
from .sanitize import clean_html
from .text import html_to_text

SAME = "same"  # nobody changed it, or both made the same change
THEIRS = "theirs"  # only they changed it: their value stays
MINE = "mine"  # only I changed it: mine goes through
BOTH = "both"  # both changed it, differently: someone must choose


def outcome(base, theirs, mine):
    """What a three-way merge does with one field."""
    if mine == theirs:
        return SAME
    if mine == base:
        return THEIRS
    if theirs == base:
        return MINE
    return BOTH


@dataclass
class FieldMerge:
    """One field's three versions and what merging does with it."""

    name: str
    label: str
    base: object
    theirs: object
    mine: object
    their_value: object = None  # as the model holds it, for a choice of "theirs"
    chosen: str = ""  # the editor's choice for a field both changed: THEIRS, MINE or ""
    outcome: str = field(init=False)

    def __post_init__(self):
        self.outcome = outcome(self.base, self.theirs, self.mine)

    @property
    def they_changed(self):
        return self.theirs != self.base

    def their_diff(self):
        return word_diff(shown(self.name, self.base), shown(self.name, self.theirs))

    def my_diff(self):
        return word_diff(shown(self.name, self.base), shown(self.name, self.mine))


def shown(name, value):
    """A compared value as text an editor reads."""
    if value is None or value == "" or value == []:
        return ""
    if name == "body":
        return html_to_text(value)
    if isinstance(value, (list, tuple)):
        return ", ".join(str(item) for item in value)
    return str(value)


def base_version(article, number):
    """The revision that saved `article` at version `number`, or None if none did (a save made
    outside the admin keeps no revision)."""
    if number is None:
        return None
    for version in Version.objects.get_for_object(article).order_by("-pk").iterator(chunk_size=20):
        kept = version.field_dict.get("version")
        if kept == number:
            return version
        if kept is not None and kept < number:
            return None
    return None


def model_field(name):
    from .models import Article

    try:
        return Article._meta.get_field(name)
    except Exception:
        return None


def mergeable(names):
    """The form's fields that hold the story's own values (not the form's helpers)."""
    for name in names:
        found = model_field(name)
        if name == "tags" or (found is not None and found.concrete and found.editable):
            yield name


def comparable(name, value):
    """A field's value reduced to what two versions are compared by."""
    found = model_field(name)
    if name == "tags":
        return sorted(str(tag) for tag in value or [])
    if name == "body":
        return clean_html(value or "")
    if isinstance(found, models.ManyToManyField):
        return sorted(item if isinstance(item, int) else item.pk for item in value or [])
    if isinstance(found, models.ForeignKey):
        return value.pk if isinstance(value, models.Model) else value
    if value is None and isinstance(found, (models.CharField, models.TextField)):
        return ""
    return value


def saved_value(name, story):
    """A field's value on the saved story, as cleaned_data would hold it."""
    found = model_field(name)
    if name == "tags":
        return [tag.name for tag in story.tags.all()]
    if isinstance(found, models.ManyToManyField):
        return list(getattr(story, name).all())
    return getattr(story, name)


def base_value(name, version):
    found = model_field(name)
    if name == "tags":
        return version_tags(version)
    data = version.field_dict
    if isinstance(found, models.ForeignKey):
        return data.get(found.attname)
    return data.get(name)


def merge(names, labels, mine, current, version):
    """FieldMerges for the form's fields `names` (`labels`: their labels): `mine` the posted
    cleaned data, `current` the story saved now, `version` the base revision (None when no
    revision kept the base: then every field that differs counts as changed by both)."""
    merges = []
    for name in mergeable(names):
        theirs = comparable(name, saved_value(name, current))
        mine_value = comparable(name, mine.get(name))
        base = comparable(name, base_value(name, version)) if version is not None else None
        merges.append(
            FieldMerge(
                name=name,
                label=labels.get(name, name),
                base=base,
                theirs=theirs,
                mine=mine_value,
                their_value=saved_value(name, current),
            )
        )
        if version is None:
            merges[-1].outcome = SAME if theirs == mine_value else BOTH
    return merges
