from django.db import models
from django.urls import reverse


class Source(models.Model):
    """Where a story's information comes from: a studio, an outlet, an event."""

    class Kind(models.TextChoices):
        STUDIO = "studio", "Studio"
        PUBLICATION = "publication", "Publication"
        AGENCY = "agency", "Agency"
        EVENT = "event", "Event"
        PRESS_RELEASE = "press_release", "Press release"
        SOCIAL = "social", "Social media"

    name = models.CharField(max_length=160)
    slug = models.SlugField(max_length=180, unique=True)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.PUBLICATION)
    url = models.URLField(blank=True, help_text="The source's home page.")

    class Meta:
        ordering = ["name"]
        constraints = [models.CheckConstraint(condition=~models.Q(slug=""), name="source_slug_not_empty")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:source", kwargs={"slug": self.slug})
