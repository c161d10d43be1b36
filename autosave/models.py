"""An editor's draft copy of the story form, saved while they type.

A copy belongs to one user and one story (or to the story that user is writing and has not
saved yet). It is never the story: readers never see it, the story's revisions never hold it,
and only the person who typed it may read it back.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class DraftCopy(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="draft_copies")
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="draft_copies",
        help_text="Empty for a story that has not been saved yet.",
    )
    fields = models.JSONField(default=dict, help_text="The form's text fields as typed, by field name.")
    base_version = models.PositiveIntegerField(
        null=True, blank=True, help_text="The story's version the editor started from."
    )
    saved_at = models.DateTimeField()

    class Meta:
        verbose_name = "draft copy"
        verbose_name_plural = "draft copies"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "article"], condition=Q(article__isnull=False), name="draftcopy_one_per_story"
            ),
            models.UniqueConstraint(
                fields=["user"], condition=Q(article__isnull=True), name="draftcopy_one_new_story"
            ),
        ]

    def __str__(self):
        return f"{self.user}'s copy of {self.article or 'a new story'}"
