"""Notices: who hears about a story's workflow step or a mention, in the admin and by email.

The write path (articles.changes) sends `transition_saved` inside the step's transaction,
whichever route applied it (a form button, a list action, a command); the notices are saved in
that same transaction, and their emails are enqueued as a task (Django's tasks framework) only
once it commits, so a step that fails sends nothing, and a mail server that fails or hangs never
undoes a step or fails the editor's request. The person who acted is never told about their own
step.
"""

from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.mail import send_mass_mail
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from articles.models import Author
from articles.workflow import PUBLISH_PERMISSION

from .models import Notice, NoticePreference

Event = Notice.Event
# Workflow transitions (articles.workflow) and what they tell, to whom.
EDITORS, WRITERS = "editors", "writers"
TRANSITION_EVENTS = {
    "submit": (Event.SUBMITTED, EDITORS),
    "withdraw": (Event.WITHDRAWN, EDITORS),
    "return_to_draft": (Event.RETURNED, WRITERS),
    "publish_now": (Event.PUBLISHED, WRITERS),
    "schedule": (Event.SCHEDULED, WRITERS),
    "unpublish": (Event.UNPUBLISHED, WRITERS),
}


def editors():
    """The desk's editors: active staff who may publish (superusers among them)."""
    return get_user_model().objects.with_perm(PUBLISH_PERMISSION).filter(is_staff=True)


def writers(story):
    """Whoever wrote `story`: the account that created it, and the bylined authors with an account."""
    users = get_user_model().objects.filter(is_active=True, is_staff=True)
    bylined = Author.objects.filter(bylines__article=story, user__isnull=False).values("user_id")
    return users.filter(pk=story.created_by_id) | users.filter(pk__in=bylined)


def transition_saved(sender, story, transition, user, note="", **kwargs):
    """Receiver of articles.changes.transition_saved: notify the people the step concerns."""
    if transition not in TRANSITION_EVENTS:
        return
    event, audience = TRANSITION_EVENTS[transition]
    recipients = editors() if audience == EDITORS else writers(story)
    notify(recipients, story, event, actor=user, note=note)


def notify(recipients, story, event, *, actor=None, note="", editorial_note=None):
    """Save a notice for each of `recipients` (a queryset of users) but the actor, and email
    those who want emails once the current transaction commits. Returns the notices."""
    if actor is not None:
        recipients = recipients.exclude(pk=actor.pk)
    notices = Notice.objects.bulk_create(
        Notice(
            recipient=recipient,
            actor=actor,
            article=story,
            event=event,
            note=note,
            editorial_note=editorial_note,
        )
        for recipient in recipients.distinct().order_by("pk")
    )
    if notices:
        forget_unread({notice.recipient_id for notice in notices})
        transaction.on_commit(partial(send_emails.enqueue, [notice.pk for notice in notices]), robust=True)
    return notices


# How long a count of unread notices is kept (the bell on every admin page): it is dropped when a
# notice is made, read or deleted; this only bounds what a change outside the ORM would leave.
UNREAD_SECONDS = 60


def unread_key(user_id):
    return f"desk-unread:{user_id}"


def unread_count(user):
    """How many of my notices are unread, from the cache when it knows (the bell is on every
    admin page; a query each time would be one of the story list's few)."""
    return cache.get_or_set(
        unread_key(user.pk),
        lambda: Notice.objects.filter(recipient=user, read_at__isnull=True).count(),
        UNREAD_SECONDS,
    )


def forget_unread(user_ids):
    """Drop the unread counts of `user_ids`: now, and again when the current transaction commits
    (a count read meanwhile by another request would not see the change yet)."""
    keys = [unread_key(user_id) for user_id in user_ids]
    cache.delete_many(keys)
    transaction.on_commit(partial(cache.delete_many, keys), robust=True)


def notice_deleted(sender, instance, **kwargs):
    """post_delete: the recipient's unread count no longer holds (a story's deletion takes its
    notices with it)."""
    if instance.read_at is None:
        forget_unread([instance.recipient_id])


def wants_email(users):
    """Of `users`, those who did not turn notice emails off and have an address."""
    off = set(NoticePreference.objects.filter(user__in=users, email=False).values_list("user_id", flat=True))
    return [user for user in users if user.email and user.pk not in off]


@task
def send_emails(notice_ids):
    """Email each notice to its recipient (unless they turned emails off). A task: with the
    default backend it runs at once, after the commit; with a queue, in its worker."""
    notices = list(
        Notice.objects.filter(pk__in=notice_ids).select_related(
            "recipient", "actor", "article", "editorial_note"
        )
    )
    allowed = {user.pk for user in wants_email([notice.recipient for notice in notices])}
    messages = [
        (subject(notice), email_body(notice), settings.DEFAULT_FROM_EMAIL, [notice.recipient.email])
        for notice in notices
        if notice.recipient_id in allowed
    ]
    if messages:
        send_mass_mail(messages, fail_silently=False)


def subject(notice):
    return f"[{settings.NEWSROOM_NAME}] {notice.actor_name()} {notice.get_event_display()} “{notice.article}”"


def email_body(notice):
    return render_to_string(
        "desk/notice_email.txt",
        {
            "notice": notice,
            "when": scheduled_for(notice),
            "story_url": admin_address(notice.get_absolute_url()),
            "preferences_url": admin_address(reverse("desk:preferences")),
        },
    )


def scheduled_for(notice):
    """The time a scheduled story goes live, in the newsroom's zone ("Thu 4 Dec, 09:30 EST")."""
    if notice.event != Event.SCHEDULED or notice.article.publish_at is None:
        return ""
    return timezone.localtime(notice.article.publish_at).strftime("%a %-d %b %Y, %H:%M %Z")


def admin_address(path):
    """`path` on the site's address when NEWSROOM_SITE_URL is set (an email has no request)."""
    return f"{settings.NEWSROOM_SITE_URL}{path}"
