"""What a draft copy keeps, how it is stored, and how it compares with the story."""

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from articles.models import Article
from articles.revisions import word_diff
from articles.sanitize import clean_html
from articles.text import html_to_text

from .models import DraftCopy

# The story form's own text: what an editor types and could lose. Status, times, images and
# the inlines are chosen rather than typed, and saved by the form itself.
AUTOSAVED_FIELDS = [
    "headline",
    "slug",
    "dek",
    "body",
    "video_url",
    "video_caption",
    "verdict",
    "pros",
    "cons",
    "seo_title",
    "seo_description",
]
# A copy holds at most this much text per field: far beyond any story, short of an abuse.
FIELD_LIMIT = 1_000_000


def label(name):
    return str(Article._meta.get_field(name).verbose_name).capitalize()


def posted_fields(data):
    """The autosaved fields found in a POST, as text."""
    return {name: str(data[name])[:FIELD_LIMIT] for name in AUTOSAVED_FIELDS if name in data}


def find(user, article):
    """`user`'s copy of `article` (None: of the new story they are writing), or None."""
    return DraftCopy.objects.filter(user=user, article=article).first()


@transaction.atomic
def store(user, article, fields, base_version):
    """Keep `fields` as `user`'s copy of `article` (None: a new story), replacing their last one."""
    copy, _ = DraftCopy.objects.select_for_update().update_or_create(
        user=user,
        article=article,
        defaults={"fields": fields, "base_version": base_version, "saved_at": timezone.now()},
    )
    return copy


def discard(user, article):
    DraftCopy.objects.filter(user=user, article=article).delete()


def saved_values(article):
    """The autosaved fields as the story holds them (empty for a new story)."""
    return {name: (getattr(article, name) if article else "") or "" for name in AUTOSAVED_FIELDS}


def differences(copy, article):
    """Rows (name, label, diff) for each field the copy changes, story → copy."""
    saved = saved_values(article)
    rows = []
    for name in AUTOSAVED_FIELDS:
        if name not in copy.fields:
            continue
        old, new = saved[name], copy.fields[name] or ""
        if name == "body":
            if clean_html(old) == clean_html(new):
                continue
            old, new = html_to_text(old), html_to_text(new)
            if old == new:
                rows.append({"name": name, "label": label(name), "diff": "Formatting changed."})
                continue
        elif old.strip() == new.strip():
            continue
        rows.append({"name": name, "label": label(name), "diff": word_diff(old, new)})
    return rows


def saved_by_someone_else(article, base_version):
    """A sentence naming who saved `article` after `base_version`, or "" if nobody did."""
    if article is None or base_version is None or article.version == base_version:
        return ""
    user = article.updated_by
    who = (user.get_full_name() or user.get_username()) if user else "Someone"
    when = date_format(timezone.localtime(article.updated_at), "P")
    return f"{who} saved this story at {when} — your copy is kept; saving will show the differences."


def local_time(moment):
    return date_format(timezone.localtime(moment), "P")
