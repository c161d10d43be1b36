from django.conf import settings
from django.db import models
from django.utils import timezone


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
