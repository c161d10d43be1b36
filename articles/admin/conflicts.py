"""The story form's answer to a save made from an older version: their change beside yours.

The first refused save shows, field by field, what the colleague changed and what this editor
changed since the version both started from (articles.merging). Fields only they changed take
their value in the form, fields only this editor changed keep theirs, and a field both changed
gets a choice (theirs / yours). Saving again goes through once every such field is chosen; the
deliberate overwrite saves this editor's version as it was posted and names what it drops.

The form carries the merge between the two posts: `_merge_base` (the version this editor's text
started from), `_merge_choice_<field>` and `_merge_mine_<field>` (the value this editor posted
for a field the form now shows with their value, which the overwrite brings back).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.widgets import Input
from django.utils import timezone
from django.utils.formats import date_format
from taggit.utils import edit_string_for_tags

from articles import merging
from articles.models import Article

MERGE_BASE = "_merge_base"
CHOICE = "_merge_choice_"
MINE = "_merge_mine_"
OVERWRITE = "_merge_overwrite"


class Conflict:
    """What the form shows after a refused save: who saved, and each field's merge."""

    def __init__(self, current, base_number, merges, originals, unchosen=()):
        self.current = current
        self.unchosen = list(unchosen)  # fields both changed, posted again without a choice
        self.base_number = base_number
        self.merges = merges
        self.originals = originals  # {field: value this editor posted}, for the overwrite

    @property
    def base_known(self):
        """Whether a revision kept the version this editor started from."""
        return any(merge.base is not None for merge in self.merges)

    @property
    def who(self):
        user = self.current.updated_by
        return (user.get_full_name() or user.get_username()) if user else "Someone"

    @property
    def when(self):
        return date_format(timezone.localtime(self.current.updated_at), "P T")

    def rows(self):
        """The fields either side changed, with both diffs and what saving does."""
        return [merge for merge in self.merges if merge.they_changed or merge.outcome != merging.SAME]

    def choices(self):
        return [merge for merge in self.merges if merge.outcome == merging.BOTH]

    def dropped_by_overwrite(self):
        """Labels of the fields whose saved value the overwrite replaces with this editor's."""
        return [merge.label for merge in self.merges if merge.they_changed and merge.theirs != merge.mine]

    def message(self):
        if self.unchosen:
            names = ", ".join(merge.label for merge in self.unchosen)
            return f"Choose whose version to keep (theirs or yours) for: {names}. Nothing has been saved yet."
        return (
            f"{self.who} saved this story at {self.when}, after you opened it. Nothing has been saved "
            "yet: their changes and yours are compared above the form."
        )


def shows_as_text(widget):
    """Widgets whose posted value is one string the form can be given back."""
    return isinstance(widget, (Input, forms.Textarea, forms.Select)) and not isinstance(
        widget, (forms.SelectMultiple, forms.MultiWidget, forms.CheckboxInput, forms.FileInput)
    )


def as_posted(name, value, story):
    """A saved value written the way the form posts it."""
    if name == "tags":
        return edit_string_for_tags(list(story.tags.all()))
    if value is None:
        return ""
    return str(getattr(value, "pk", value))


def check(form, cleaned):
    """Refuse a stale save with the merge shown, or apply a merge the editor has completed.

    Raises ValidationError (code "conflict") while the save must not go through yet.
    """
    story = form.instance
    if not story.pk:
        return
    posted = cleaned.get("edit_version")
    base_posted = form.data.get(MERGE_BASE, "")
    base_number = int(base_posted) if base_posted.isdigit() else posted
    stale = posted is not None and posted != story.version
    if not stale and not base_posted.isdigit():
        return
    current = Article.objects.select_related("updated_by").get(pk=story.pk)
    labels = {name: str(field.label or name) for name, field in form.fields.items()}
    merges = merging.merge(form.fields, labels, cleaned, current, merging.base_version(current, base_number))
    for merge in merges:
        merge.chosen = form.data.get(CHOICE + merge.name, "")
    originals = {name[len(MINE) :]: value for name, value in form.data.items() if name.startswith(MINE)}
    if not stale and OVERWRITE in form.data:
        for name, value in originals.items():
            if name in form.fields:
                cleaned[name] = form.fields[name].clean(value)
        return
    missing = [
        merge
        for merge in merges
        if merge.outcome == merging.BOTH
        and form.data.get(CHOICE + merge.name) not in (merging.THEIRS, merging.MINE)
    ]
    if not stale and not missing:
        for merge in merges:
            if merge.outcome == merging.THEIRS or (
                merge.outcome == merging.BOTH and form.data.get(CHOICE + merge.name) == merging.THEIRS
            ):
                cleaned[merge.name] = merge.their_value
        return
    show(form, Conflict(current, base_number, merges, originals, [] if stale else missing), current)


def show(form, conflict, current):
    """Put the merge in the form (their values where only they changed) and refuse the save."""
    data = form.data.copy()
    data[form.add_prefix("edit_version")] = current.version
    for merge in conflict.merges:
        widget = form.fields[merge.name].widget
        if merge.outcome != merging.THEIRS or not shows_as_text(widget):
            continue
        key = form.add_prefix(merge.name)
        conflict.originals.setdefault(merge.name, form.data.get(key, ""))
        data[key] = as_posted(merge.name, merge.their_value, current)
    form.data = data
    form.conflict = conflict
    raise ValidationError(conflict.message(), code="conflict")
