"""Editorial notes: staff-only threads on a story, with @mentions that notify.

Who may do what is decided here, on the server: whoever may preview a story (editors any,
writers their own: articles.workflow.can_preview) reads its notes and adds to them; a thread is
resolved or reopened by the person who started it or by an editor. A mention notifies only
colleagues who may open the story themselves.
"""

import re

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from articles.workflow import can_preview, can_publish

from .models import EditorialNote, Notice
from .notices import notify

# "@name" at the start or after a space or punctuation: not inside an email address. Usernames
# may hold letters, digits and @.+-_ ; a mention's trailing dots are punctuation.
MENTION = re.compile(r"(?<![\w@.+-])@([\w.@+-]+)")


def can_read(user, article):
    return user.is_active and can_preview(user, article)


def can_resolve(user, note):
    return can_read(user, note.article) and (note.author_id == user.pk or can_publish(user))


def mentioned_names(text):
    """The usernames mentioned in `text`, in order, each once."""
    names = (match.rstrip(".") for match in MENTION.findall(text))
    return list(dict.fromkeys(name for name in names if name))


def mentioned_users(text):
    """Active staff accounts mentioned in `text`."""
    names = mentioned_names(text)
    if not names:
        return get_user_model().objects.none()
    return get_user_model().objects.filter(username__in=names, is_active=True, is_staff=True)


def mentioned_without_access(note):
    """Usernames mentioned in `note` that were not notified because they cannot see the story."""
    return [user.get_username() for user in mentioned_users(note.text) if not can_read(user, note.article)]


@transaction.atomic
def add_note(article, author, text, thread=None):
    """Add a note to `article` (a reply when `thread` is given); mentioned colleagues who may open
    the story are notified, in the admin and by email once this commits."""
    note = EditorialNote.objects.create(article=article, author=author, text=text, thread=thread)
    readers = [user.pk for user in mentioned_users(text) if can_read(user, article)]
    if readers:
        notify(
            get_user_model().objects.filter(pk__in=readers),
            article,
            Notice.Event.MENTIONED,
            actor=author,
            note=text,
            editorial_note=note,
        )
    return note


def set_resolved(note, user, resolved=True):
    """Resolve (or reopen) a thread."""
    note.resolved_at, note.resolved_by = (timezone.now(), user) if resolved else (None, None)
    note.save(update_fields=["resolved_at", "resolved_by"])


def open_threads(article):
    return EditorialNote.objects.filter(article=article, thread__isnull=True, resolved_at__isnull=True)


def threads(article):
    """The story's threads, open ones first, each with its replies (three queries)."""
    replies = EditorialNote.objects.select_related("author")
    return sorted(
        EditorialNote.objects.filter(article=article, thread__isnull=True)
        .select_related("author", "resolved_by")
        .prefetch_related(Prefetch("replies", queryset=replies)),
        key=lambda note: note.is_resolved,
    )
