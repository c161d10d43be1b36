"""The editorial workflow: who may do what to a story, and the status changes it allows.

Writers draft and submit for review; editors (the `articles.publish_article`
permission) publish, schedule, unpublish and edit anything. The admin's forms,
buttons and list actions all go through these functions, so a hand-made POST
meets the same rules as the UI.
"""

from dataclasses import dataclass

import reversion
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.formats import date_format

from .editing import save_checked
from .models import Article

Status = Article.Status
PUBLISH_PERMISSION = "articles.publish_article"
# Fields only editors may set: together they decide when a story is public.
PUBLISHING_FIELDS = ("status", "publish_at", "expire_at", "embargo_until")


def can_publish(user):
    return user.has_perm(PUBLISH_PERMISSION)


def can_edit(user, article):
    """Editors edit any story; writers only their own drafts."""
    if not user.has_perm("articles.change_article"):
        return False
    if can_publish(user) or article is None:
        return True
    return article.created_by_id == user.pk and article.status == Status.DRAFT


def can_preview(user, article):
    """Editors preview any story; writers their own, whatever its status."""
    if not user.is_staff or not user.has_perm("articles.view_article"):
        return False
    return can_publish(user) or article.created_by_id == user.pk


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    done: str
    editors_only: bool


TRANSITIONS = {
    t.name: t
    for t in [
        Transition("submit", "Submit for review", "submitted for review", editors_only=False),
        Transition("return_to_draft", "Return to draft", "returned to draft", editors_only=True),
        Transition("publish_now", "Publish now", "published", editors_only=True),
        Transition("schedule", "Schedule", "scheduled", editors_only=True),
        Transition("unpublish", "Unpublish", "unpublished", editors_only=True),
    ]
}


def local(moment):
    return f"{date_format(timezone.localtime(moment), 'N j, Y, P')} ({timezone.get_current_timezone_name()})"


def transition_changes(name, article, *, now=None, when=None):
    """The field changes `name` makes to `article`, or a ValidationError an editor understands."""
    now = now or timezone.now()
    if name == "submit":
        if article.status != Status.DRAFT:
            raise ValidationError("Only a draft can be submitted for review.")
        return {"status": Status.IN_REVIEW}
    if name == "return_to_draft":
        if article.status != Status.IN_REVIEW:
            raise ValidationError("Only a story in review can be returned to draft.")
        return {"status": Status.DRAFT}
    if name == "unpublish":
        if article.status != Status.PUBLISHED:
            raise ValidationError("This story is not published.")
        return {"status": Status.ARCHIVED}
    if name == "publish_now":
        if article.is_live(at=now):
            raise ValidationError("This story is already live.")
        if article.embargo_until and article.embargo_until > now:
            raise ValidationError(
                f"This story is under embargo until {local(article.embargo_until)}. "
                "Schedule it for then instead."
            )
        return {"status": Status.PUBLISHED, "publish_at": now}
    if name == "schedule":
        if when is None:
            raise ValidationError("Choose the date and time to publish the story.")
        if when <= now:
            raise ValidationError(
                f"{local(when)} has already passed. To publish the story at once, use “Publish now”."
            )
        if article.is_live(at=now):
            raise ValidationError("This story is already live. Unpublish it first to schedule it again.")
        return {"status": Status.PUBLISHED, "publish_at": when}
    raise ValidationError(f"Unknown action “{name}”.")


def check_allowed(name, user, article):
    """Raise PermissionDenied unless `user` may apply transition `name` to `article`."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise PermissionDenied
    if transition.editors_only and not can_publish(user):
        raise PermissionDenied(f"Only editors can {transition.label.lower()} a story.")
    if not can_publish(user) and article.created_by_id != user.pk:
        raise PermissionDenied("Writers can only submit their own stories.")


def apply_transition(article, name, user, *, expected_version=None, when=None):
    """Apply a workflow transition and save it as a new revision; raises ValidationError,
    PermissionDenied or EditConflict and then changes nothing."""
    check_allowed(name, user, article)
    for field, value in transition_changes(name, article, when=when).items():
        setattr(article, field, value)
    article.clean()
    with reversion.create_revision():
        save_checked(article, article.version if expected_version is None else expected_version, user)
        reversion.set_user(user)
        reversion.set_comment(f"{TRANSITIONS[name].label}.")
