from django.db import models
from django.urls import reverse


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
        return f"{reverse('articles:article', kwargs={'slug': self.old_slug})} → {self.article.slug}"
