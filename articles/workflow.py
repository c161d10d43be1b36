"""The editorial workflow's rules: who may do what to a story, and the transitions between stages.

Writers draft and submit for review; editors (the `articles.publish_article` permission)
publish, schedule, unpublish and edit anything. Each transition is declared once below, with
the stages it may start from; the story form's buttons, the list's actions and the server's
checks all read these declarations, so a hand-made POST meets the same rules as the UI. The
transitions only say what changes; articles.changes applies them.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.formats import date_format

from .models import Article

Status = Article.Status
PUBLISH_PERMISSION = "articles.publish_article"
# Fields only editors may set: together they decide when a story is public.
PUBLISHING_FIELDS = ("status", "publish_at", "expire_at", "embargo_until")


class Stage:
    """Where a story stands in the workflow: its status, with a published story told apart by
    whether readers can see it now."""

    DRAFT = Status.DRAFT.value
    IN_REVIEW = Status.IN_REVIEW.value
    ARCHIVED = Status.ARCHIVED.value
    LIVE = "live"
    # Published but not public: scheduled, held by an embargo, or expired.
    WAITING = "waiting"
    NOT_LIVE = frozenset({DRAFT, IN_REVIEW, WAITING, ARCHIVED})


def stage(article, now=None):
    """The Stage of `article` at `now`; a story not yet saved is a draft."""
    if article is None:
        return Stage.DRAFT
    if article.status == Status.PUBLISHED:
        return Stage.LIVE if article.is_live(at=now) else Stage.WAITING
    return article.status


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


def local(moment):
    return f"{date_format(timezone.localtime(moment), 'N j, Y, P')} ({timezone.get_current_timezone_name()})"


def short_local(moment):
    """A time as the desk says it, in the newsroom's zone: “Thu 4 Dec, 09:30 EST”."""
    return date_format(timezone.localtime(moment), "D j M, H:i T")


class Transition:
    """A workflow step: a button on the story form and an action on the story list.

    `sources` are the stages it may start from; `refusal` is what an editor reads when the
    story is in another one. Subclasses say what the step changes in `changes()`.
    """

    name = ""
    label = ""  # the button's words
    done = ""  # “<headline>” was <done>.
    task = ""  # Only editors can <task>.
    # Asked before the step runs from the form or the list: it puts a story live at once.
    confirm = ""
    sources = frozenset()
    refusal = ""
    editors_only = True
    # A writer's own step on their own story; editors have their own (Return to draft).
    writers_only = False
    # The step needs a note for the writer (check_note); the form and the list action ask for it.
    needs_note = False

    def changes(self, article, now, when=None):
        """The field changes this step makes to `article` at `now` (`when`: a chosen time), or a
        ValidationError an editor understands."""
        if stage(article, now) not in self.sources:
            raise ValidationError(self.refusal)
        return self.new_values(article, now, when)

    def new_values(self, article, now, when):
        raise NotImplementedError

    def offered(self, article):
        """Whether the step's button and action are offered on `article` in its stage."""
        return True

    def done_message(self, article):
        """What the step did to `article`, as in “<headline>” was <this>."""
        return self.done


class Submit(Transition):
    name, label, done = "submit", "Submit for review", "submitted for review"
    sources = frozenset({Stage.DRAFT})
    refusal = "Only a draft can be submitted for review."
    editors_only = False

    def new_values(self, article, now, when):
        return {"status": Status.IN_REVIEW, "review_opened_at": None}


class Withdraw(Transition):
    """The writer takes a submitted story back to edit it, while no editor has opened it."""

    name, label, done = "withdraw", "Withdraw", "withdrawn: it is a draft again"
    sources = frozenset({Stage.IN_REVIEW})
    refusal = "Only a story in review can be withdrawn."
    editors_only = False
    writers_only = True

    def offered(self, article):
        return article is not None and article.review_opened_at is None

    def new_values(self, article, now, when):
        if not self.offered(article):
            raise ValidationError(
                "An editor has already opened this story, so it can no longer be withdrawn. "
                "Ask the desk to return it to draft."
            )
        return {"status": Status.DRAFT}


class ReturnToDraft(Transition):
    name, label, done = "return_to_draft", "Return to draft", "returned to draft"
    sources = frozenset({Stage.IN_REVIEW})
    refusal = "Only a story in review can be returned to draft."
    task = "return a story to draft"
    needs_note = True

    def new_values(self, article, now, when):
        return {"status": Status.DRAFT}


class PublishNow(Transition):
    name, label, done = "publish_now", "Publish now", "published"
    sources = Stage.NOT_LIVE
    refusal = "This story is already live."
    task = "publish a story now"
    confirm = "Publish this story now? Readers will see it at once."

    def new_values(self, article, now, when):
        if article.embargo_until and article.embargo_until > now:
            raise ValidationError(
                f"This story is under embargo until {local(article.embargo_until)}. "
                "Schedule it for then instead."
            )
        return {"status": Status.PUBLISHED, "publish_at": now}


class Schedule(Transition):
    name, label, done = "schedule", "Schedule", "scheduled"
    sources = Stage.NOT_LIVE
    refusal = "This story is already live. Unpublish it first to schedule it again."
    task = "schedule a story"

    def changes(self, article, now, when=None):
        if when is None:
            raise ValidationError("Choose the date and time to publish the story.")
        if when <= now:
            raise ValidationError(
                f"{local(when)} has already passed. To publish the story at once, use “Publish now”."
            )
        return super().changes(article, now, when)

    def new_values(self, article, now, when):
        return {"status": Status.PUBLISHED, "publish_at": when}

    def done_message(self, article):
        return f"scheduled for {short_local(article.publish_at)}"


class Unpublish(Transition):
    name, label, done = "unpublish", "Unpublish", "unpublished"
    sources = frozenset({Stage.LIVE, Stage.WAITING})
    refusal = "This story is not published."
    task = "unpublish a story"

    def new_values(self, article, now, when):
        return {"status": Status.ARCHIVED}


TRANSITIONS = {
    t.name: t for t in (Submit(), Withdraw(), ReturnToDraft(), PublishNow(), Schedule(), Unpublish())
}


def check_allowed(name, user, article):
    """Raise PermissionDenied unless `user` may apply transition `name` to `article`."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise PermissionDenied
    if transition.editors_only and not can_publish(user):
        raise PermissionDenied(f"Only editors can {transition.task}.")
    if transition.writers_only and can_publish(user):
        raise PermissionDenied("Editors return a story to draft rather than withdraw it.")
    if not can_publish(user) and article.created_by_id != user.pk:
        raise PermissionDenied("Writers can only submit their own stories.")


NOTE_REQUIRED = "Write a short note for the writer: what to change before it comes back for review."


def check_note(transition, note):
    """Raise ValidationError if `transition` needs a note for the writer and `note` is blank."""
    if transition.needs_note and not (note or "").strip():
        raise ValidationError(NOTE_REQUIRED, code="note_required")


def available_transitions(user, article, now=None):
    """The transitions `user` may start on `article` (None: a story being written) at `now`."""
    current = stage(article, now)
    return [
        transition
        for transition in TRANSITIONS.values()
        if current in transition.sources
        and may_start(transition, user, article)
        and transition.offered(article)
    ]


def may_start(transition, user, article):
    """Whether `user`'s role lets them start `transition` on `article` (None: a new story)."""
    if transition.writers_only:
        # The writer's way back from review, when the story is no longer theirs to edit.
        return not can_publish(user) and article is not None and article.created_by_id == user.pk
    if article is not None and not can_edit(user, article):
        return False
    return can_publish(user) or not transition.editors_only
