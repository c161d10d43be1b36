"""What an import leaves behind: its runs (with their reports), which source item became which
story or image (so importing again updates instead of duplicating), and old addresses."""

from django.conf import settings
from django.db import models
from django.urls import reverse


class ImportRun(models.Model):
    """One import of a WordPress export, started from the admin or the command: where it stands
    and, at the end, its report."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for the worker"
        CHECKING = "checking", "Checking the file"
        IMPORTING = "importing", "Importing"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    file_name = models.CharField(max_length=255, help_text="The export's name as uploaded.")
    # Where the uploaded export waits for the worker (removed once the run ends).
    file_path = models.CharField(max_length=500, blank=True, editable=False)
    options = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=20, choices=Status, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0, help_text="Items in the file.")
    done = models.PositiveIntegerField(default=0, help_text="Items read so far.")
    report = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "import from WordPress"
        verbose_name_plural = "imports from WordPress"

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def is_running(self):
        return self.status in (self.Status.QUEUED, self.Status.CHECKING, self.Status.IMPORTING)

    @property
    def percent(self):
        return int(100 * self.done / self.total) if self.total else (100 if not self.is_running else 0)


class ImportedItem(models.Model):
    """A WordPress post or attachment we made a story or image of, keyed by its site and id."""

    class Kind(models.TextChoices):
        POST = "post", "Post"
        ATTACHMENT = "attachment", "Attachment"

    source_site = models.CharField(max_length=300, help_text="The WordPress site's address.")
    kind = models.CharField(max_length=20, choices=Kind)
    wp_id = models.PositiveBigIntegerField("WordPress id")
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    image = models.ForeignKey(
        "articles.Image", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # A digest of what the item held when last imported: unchanged items are left alone.
    digest = models.CharField(max_length=64, blank=True)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source_site", "kind", "wp_id"], name="imported_item_once"),
        ]

    def __str__(self):
        return f"{self.source_site} {self.kind} {self.wp_id}"


class PathRedirect(models.Model):
    """An old address on this site (a WordPress permalink: /2018/05/24/slug/ or /?p=123) that
    permanently redirects to a story, while the story is live.

    Like SlugRedirect it points at the story, not at an address, so it follows the story
    wherever its slug goes and chains cannot form.
    """

    old_path = models.CharField(
        max_length=500, unique=True, help_text="The path, with ?p=… for WordPress's plain links."
    )
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="path_redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_path"]
        verbose_name = "old address"
        verbose_name_plural = "old addresses"

    def __str__(self):
        return f"{self.old_path} → {self.article.slug}"

    def get_absolute_url(self):
        return reverse("articles:article", kwargs={"slug": self.article.slug})
