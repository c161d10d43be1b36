from django.db import models


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
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(alt_text=""), name="image_alt_text_required")
        ]

    def __str__(self):
        return self.title
