"""The desk's own records: notices to staff, their email preference, and editorial notes.

None of these is public: no page, feed, sitemap or revision of a story reads them, and django-
reversion never follows them (articles.revisions registers only the story's parts).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse

from articles.models import Article


class Notice(models.Model):
    """Something that happened to a story that one person should hear about."""

    class Event(models.TextChoices):
        SUBMITTED = "submitted", "submitted for review"
        RETURNED = "returned", "returned to draft"
        PUBLISHED = "published", "published"
        SCHEDULED = "scheduled", "scheduled"
        UNPUBLISHED = "unpublished", "unpublished"
        WITHDRAWN = "withdrawn", "withdrew from review"
        MENTIONED = "mentioned", "mentioned you in a note on"

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    event = models.CharField(max_length=20, choices=Event.choices)
    note = models.TextField(blank=True, help_text="The editor's note for the writer, or the note's text.")
    editorial_note = models.ForeignKey(
        "EditorialNote", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="desk_notice_unread")]

    def __str__(self):
        return f"{self.actor_name()} {self.get_event_display()} “{self.article}”"

    def get_absolute_url(self):
        """The story's form in the admin (notices are for staff only)."""
        url = reverse("admin:articles_article_change", args=[self.article_id])
        return f"{url}#note-{self.editorial_note_id}" if self.editorial_note_id else url

    def actor_name(self):
        return display_name(self.actor) if self.actor else "Someone"


class NoticePreference(models.Model):
    """How one person wants to hear about notices. No row: the defaults."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    email = models.BooleanField(
        "email me my notices",
        default=True,
        help_text="Notices always appear under the bell; untick to stop their emails.",
    )

    def __str__(self):
        return f"Notice preferences of {self.user}"


class EditorialNote(models.Model):
    """A staff-only remark on a story: a thread's first note, or a reply to one."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(max_length=4000, help_text="Mention a colleague with @ and their username.")
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["article", "created_at"], name="desk_note_article")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(resolved_at__isnull=True) | models.Q(thread__isnull=True),
                name="desk_note_only_threads_resolve",
            )
        ]

    def __str__(self):
        return f"Note by {display_name(self.author) if self.author else 'someone'} on “{self.article}”"

    @property
    def is_resolved(self):
        return self.resolved_at is not None


def display_name(user):
    return user.get_full_name() or user.get_username()
