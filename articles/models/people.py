from django.conf import settings
from django.db import models
from django.urls import reverse


class Author(models.Model):
    """A byline. Staff writers link to their user account; freelancers have none."""

    name = models.CharField(max_length=120, help_text="The name as it appears on the byline.")
    slug = models.SlugField(max_length=140, unique=True)
    bio = models.TextField(blank=True, help_text="A sentence or two shown on the author page.")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author",
        help_text="The staff account of this writer. Leave empty for freelancers.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [models.CheckConstraint(condition=~models.Q(slug=""), name="author_slug_not_empty")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})


class Person(models.Model):
    """Someone stories mention and films credit: actors, directors, crew."""

    name = models.CharField(max_length=160)
    slug = models.SlugField(max_length=180, unique=True)
    bio = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        constraints = [models.CheckConstraint(condition=~models.Q(slug=""), name="person_slug_not_empty")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:person", kwargs={"slug": self.slug})
