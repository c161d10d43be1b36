from functools import lru_cache

from django.core.files.storage import default_storage
from django.core.signals import setting_changed
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.dispatch import receiver

UNIT = [MinValueValidator(0.0), MaxValueValidator(1.0)]


class Image(models.Model):
    """An item of the image library, used as a lead image or a film poster."""

    title = models.CharField(max_length=200, help_text="For finding the image in the library.")
    file = models.ImageField(upload_to="images/%Y/%m/", width_field="width", height_field="height")
    alt_text = models.CharField(
        max_length=300,
        help_text="What the image shows, for readers who cannot see it. Required.",
    )
    caption = models.CharField(max_length=400, blank=True)
    credit = models.CharField(max_length=200, blank=True, help_text='For example "Courtesy of Paramount".')
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    focal_x = models.FloatField(default=0.5, validators=UNIT, help_text="Across, from 0 (left) to 1 (right).")
    focal_y = models.FloatField(default=0.5, validators=UNIT, help_text="Down, from 0 (top) to 1 (bottom).")
    # Made by articles.images.renditions when the image is saved: [{kind, width, height, format, name}].
    renditions = models.JSONField(default=list, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(alt_text=""), name="image_alt_text_required"),
            models.CheckConstraint(
                condition=models.Q(focal_x__gte=0, focal_x__lte=1, focal_y__gte=0, focal_y__lte=1),
                name="image_focal_point_inside",
            ),
        ]

    def __str__(self):
        return self.title

    def sources(self, fmt):
        """(url, width) of each width rendition in a format, smallest first."""
        found = [r for r in self.renditions if r["kind"] == "width" and r["format"] == fmt]
        return [(media_url(r["name"]), r["width"]) for r in sorted(found, key=lambda r: r["width"])]

    def srcset(self, fmt):
        """The `srcset` of the width renditions in a format: "<url> 320w, <url> 640w, …"."""
        return ", ".join(f"{url} {width}w" for url, width in self.sources(fmt))

    @property
    def fallback_format(self):
        formats = {r["format"] for r in self.renditions if r["kind"] == "width"}
        return "png" if "png" in formats else "jpeg"

    @property
    def feed_rendition(self):
        """The largest JPEG/PNG rendition (what feed readers can all show), or None."""
        found = [r for r in self.renditions if r["kind"] == "width" and r["format"] == self.fallback_format]
        return max(found, key=lambda r: r["width"], default=None)

    @property
    def social_url(self):
        """The 1200×630 crop around the focal point, for link previews; the original if none was made."""
        for rendition in self.renditions:
            if rendition["kind"] == "social":
                return media_url(rendition["name"])
        return self.file.url


@lru_cache(maxsize=50_000)
def media_url(name):
    """The address of a stored file, such as a rendition, remembered: a list page shows every
    rendition of every card's image, each address a join and a quoting pass, and they change only
    with the storage settings (addresses on S3 here are unsigned)."""
    return default_storage.url(name)


@receiver(setting_changed)
def forget_media_urls(setting, **kwargs):
    if setting in ("STORAGES", "MEDIA_URL"):
        media_url.cache_clear()
