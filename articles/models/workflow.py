"""Records the editorial workflow keeps beside a story: redirects, preview links, corrections."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone


class SlugRedirect(models.Model):
    """An old address of a story that has been live; it redirects to the story's current one.

    Pointing at the story rather than at its newer slug collapses chains by
    construction: every old slug leads straight to wherever the story is now.
    """

    old_slug = models.SlugField(max_length=200, unique=True)
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="slug_redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"/articles/{self.old_slug}/ → {self.article.slug}"


def new_preview_token():
    return secrets.token_urlsafe(24)


class PreviewLinkQuerySet(models.QuerySet):
    def usable(self, at=None):
        now = timezone.now() if at is None else at
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)


class PreviewLink(models.Model):
    """A share link that shows one unpublished story to someone outside the newsroom."""

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="preview_links")
    token = models.CharField(max_length=64, unique=True, default=new_preview_token, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Preview of “{self.article}” until {timezone.localtime(self.expires_at):%b %d %H:%M}"

    def is_usable(self, at=None):
        now = timezone.now() if at is None else at
        return self.revoked_at is None and self.expires_at > now


class Correction(models.Model):
    """A dated correction or update note appended to a story, shown at its end."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        UPDATE = "update", "Update"

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.CORRECTION)
    note = models.TextField(help_text="Plain text, shown to readers at the end of the story.")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.CheckConstraint(condition=~models.Q(note=""), name="correction_note_not_empty")]

    def __str__(self):
        return f"{self.get_kind_display()}, {timezone.localtime(self.created_at):%b %d, %Y}"
