"""A writer's story in review, on its story form: what the writer is told, the body shown as it
reads, the Withdraw step (articles.workflow.Withdraw), and the editor's first look that ends it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.changes import EditConflict, apply_transition
from articles.models import Article
from articles.sanitize import clean_html
from articles.workflow import TRANSITIONS, can_publish, short_local

from .actions import error_text
from .base import ArticleToolView


def note_editor_opened(user, story):
    """An editor opened `story` while it waits for review: from now on its writer cannot withdraw
    it. One UPDATE, which leaves the story's version alone, so nobody's open form goes stale."""
    if story is None or story.status != Article.Status.IN_REVIEW or story.review_opened_at:
        return
    if not can_publish(user) or story.created_by_id == user.pk:
        return
    now = timezone.now()
    if Article.objects.filter(pk=story.pk, review_opened_at__isnull=True).update(review_opened_at=now):
        story.review_opened_at = now


def review_notice(user, story):
    """What a writer reads at the top of their own story while it is in review, or ""."""
    if story is None or story.status != Article.Status.IN_REVIEW or can_publish(user):
        return ""
    if story.created_by_id != user.pk:
        return ""
    if TRANSITIONS["withdraw"].offered(story):
        return (
            "In review: the editors have it now, so it is read-only for you. "
            "To change something, press Withdraw: it becomes your draft again."
        )
    return (
        f"In review: an editor opened it on {short_local(story.review_opened_at)}, so it can no longer "
        "be withdrawn. If it needs a change, ask the desk to return it to draft."
    )


def readable_body(story):
    """The body as readers will see its text (cleaned again: it is shown as HTML, not as markup)."""
    # clean_html keeps only the allowlisted tags and attributes (articles.sanitize).
    return format_html('<div class="readable-body">{}</div>', mark_safe(clean_html(story.body)))


def read_only_fieldsets(fieldsets, notice=""):
    """The fieldsets of a story its user may only read: the body rendered as it reads, and the
    `notice` (review_notice) at the top of the first fieldset."""
    read_only = []
    for name, options in fieldsets:
        options = {**options, "fields": ["readable_body" if f == "body" else f for f in options["fields"]]}
        if notice and not read_only:
            options["description"] = format_html('<p class="review-notice" role="status">{}</p>', notice)
        read_only.append((name, options))
    return read_only


class WithdrawView(ArticleToolView):
    """POST only: the writer takes their story back from review (the Withdraw button). Someone
    else's story, or an editor, meets PermissionDenied (articles.workflow.check_allowed)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        story = self.get_article()
        posted = request.POST.get("version", "")
        try:
            apply_transition(
                story, "withdraw", request.user, expected_version=int(posted) if posted.isdigit() else None
            )
        except (ValidationError, EditConflict) as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, f"“{story}” was {TRANSITIONS['withdraw'].done_message(story)}.")
        return redirect("admin:articles_article_change", story.pk)
