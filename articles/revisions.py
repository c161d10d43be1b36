"""Story revisions (django-reversion): what each keeps, how two compare, and what a restore
brings back (articles.changes.restore_revision restores)."""

import difflib
import re

import reversion
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from taggit.models import Tag, TaggedItem

from .models import Article, ArticleFilm, Byline, Citation, Correction, RelatedLink, TaggedStory
from .text import html_to_text

STORY_PARTS = ["bylines", "film_links", "citations", "related_links", "corrections", "tag_links"]
# What restoring a revision brings back: the story's words, never its status or schedule.
RESTORED_FIELDS = [
    "headline",
    "dek",
    "body",
    "kind",
    "is_exclusive",
    "video_url",
    "video_caption",
    "seo_title",
    "seo_description",
]


def register():
    """Keep every story's parts and tags in its revisions. Safe to call more than once."""
    # TaggedItem held stories' tags before TaggedStory: revisions made then still read theirs.
    for model in (Byline, ArticleFilm, Citation, RelatedLink, Correction, TaggedStory, TaggedItem):
        if not reversion.is_registered(model):
            reversion.register(model)
    if not reversion.is_registered(Article):
        reversion.register(Article, follow=STORY_PARTS)


def word_diff(old, new):
    """HTML marking words removed (<del>) and added (<ins>) between two texts."""
    tokens = re.compile(r"\s+|[^\s]+")
    before, after = tokens.findall(old or ""), tokens.findall(new or "")
    out = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(before[a1:a2])))
            continue
        if a2 > a1:
            out.append(f"<del>{escape(''.join(before[a1:a2]))}</del>")
        if b2 > b1:
            out.append(f"<ins>{escape(''.join(after[b1:b2]))}</ins>")
    return mark_safe("".join(out).replace("\n", "<br>"))


def version_tags(version):
    """Tag names the story had in this revision (kept as story tag links, or in revisions from
    before those, as taggit's own items)."""
    story = str(version.object_id)
    owners = {TaggedStory: "content_object_id", TaggedItem: "object_id"}
    content_types = ContentType.objects.get_for_models(*owners)
    tag_ids = [
        tagged.field_dict["tag_id"]
        for model, owner in owners.items()
        for tagged in version.revision.version_set.filter(content_type=content_types[model])
        if str(tagged.field_dict.get(owner)) == story
    ]
    return sorted(Tag.objects.filter(pk__in=tag_ids).values_list("name", flat=True))


def show_value(name, value):
    if value is None or value == "":
        return "—"
    if name == "status":
        return Article.Status(value).label
    if hasattr(value, "tzinfo"):
        return f"{date_format(timezone.localtime(value), 'N j, Y, P')} {timezone.get_current_timezone_name()}"
    if name == "planned_for":
        return date_format(value, "N j, Y")
    return str(value)


COMPARED = [
    ("headline", "Headline"),
    ("dek", "Dek"),
    ("body", "Body"),
    ("tags", "Tags"),
    ("status", "Status"),
    ("publish_at", "Publish at"),
    ("expire_at", "Expire at"),
    ("embargo_until", "Embargo until"),
    ("planned_for", "Planned for"),
]


def snapshot(version):
    """The compared fields of one revision, as text an editor reads."""
    data = version.field_dict
    values = {name: show_value(name, data.get(name)) for name, _ in COMPARED if name not in ("body", "tags")}
    values["body"] = html_to_text(data.get("body"))
    values["tags"] = ", ".join(version_tags(version)) or "—"
    return values


def compare(old_version, new_version):
    """Rows of (label, changed, diff) between two revisions of a story."""
    old, new = snapshot(old_version), snapshot(new_version)
    return [
        {"label": label, "changed": old[name] != new[name], "diff": word_diff(old[name], new[name])}
        for name, label in COMPARED
    ]


def restored_fields(version):
    """The story's words as `version` kept them (RESTORED_FIELDS), by field name."""
    return {name: version.field_dict[name] for name in RESTORED_FIELDS}


RESTORED_LABELS = {
    "headline": "Headline",
    "dek": "Dek",
    "body": "Body",
    "kind": "Kind",
    "is_exclusive": "Exclusive",
    "video_url": "Clip address",
    "video_caption": "Clip caption",
    "seo_title": "SEO title",
    "seo_description": "SEO description",
}


def restored_value(name, value):
    """A restored field's value as text an editor reads."""
    if name == "body":
        return html_to_text(value)
    if name == "kind":
        return Article.Kind(value).label if value in Article.Kind.values else str(value)
    if name == "is_exclusive":
        return "Yes" if value else "No"
    return "—" if value is None or value == "" else str(value)


def restore_changes(story, version):
    """What restoring `version` would change in `story` as it stands: rows of (label, diff) for
    the restored words and tags that differ, and nothing else (a restore keeps the story's
    status and times)."""
    restored = restored_fields(version)
    current_tags = ", ".join(sorted(story.tags.names())) or "—"
    pairs = [
        (label, restored_value(name, getattr(story, name)), restored_value(name, restored[name]))
        for name, label in RESTORED_LABELS.items()
    ]
    pairs.append(("Tags", current_tags, ", ".join(version_tags(version)) or "—"))
    return [
        {"label": label, "changed": True, "diff": word_diff(old, new)}
        for label, old, new in pairs
        if old != new
    ]
