from django.db import models
from django.db.models import Exists, F, OuterRef, Q


class RelatedLinkQuerySet(models.QuerySet):
    def visible(self, at=None):
        """Links a reader may see (at `at`, by default now): external ones, and internal ones
        to live stories."""
        from articles.models import Article

        # EXISTS per link is an index lookup; IN (live stories) would read them all.
        target_is_live = Exists(Article.objects.live(at).filter(pk=OuterRef("target_article_id")))
        return self.filter(Q(target_article__isnull=True) | target_is_live)


class RelatedLink(models.Model):
    """A link a story carries: inline "Related:", "NEXT:", or a "Read more from …" list.

    The target is either one of our stories or an external page with a title,
    never both; an internal target that is not live is never shown.
    """

    class Placement(models.TextChoices):
        INLINE = "inline", "Related (inline, after a paragraph)"
        NEXT = "next", "NEXT"
        READ_MORE = "read_more", "Read more"

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="related_links")
    placement = models.CharField(max_length=20, choices=Placement, default=Placement.INLINE)
    after_paragraph = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="For inline links: shown after this paragraph (1 is the first)."
    )
    target_article = models.ForeignKey(
        "articles.Article",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inbound_links",
        help_text="One of our stories. Leave empty to link to another site.",
    )
    url = models.URLField(
        blank=True, help_text="An external page. Leave empty when linking one of our stories."
    )
    title = models.CharField(
        max_length=300,
        blank=True,
        help_text="Required for external pages; for our stories, the headline if empty.",
    )
    source = models.ForeignKey(
        "articles.Source",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="related_links",
        help_text='For "Read more" lists: the outlet, shown as "Read more from …".',
    )
    order = models.PositiveSmallIntegerField(default=0)

    objects = RelatedLinkQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(target_article__isnull=False) & Q(url=""))
                | (Q(target_article__isnull=True) & ~Q(url="") & ~Q(title="")),
                name="relatedlink_one_target",
                violation_error_message="Link either one of our stories, or an external URL with a title.",
            ),
            models.CheckConstraint(
                condition=(Q(placement="inline") & Q(after_paragraph__isnull=False))
                | (~Q(placement="inline") & Q(after_paragraph__isnull=True)),
                name="relatedlink_paragraph_only_inline",
                violation_error_message="Inline links need a paragraph number; other placements take none.",
            ),
            models.CheckConstraint(
                condition=~Q(target_article=F("article")), name="relatedlink_not_to_itself"
            ),
        ]

    def __str__(self):
        return self.display_title

    @property
    def display_title(self):
        if self.title:
            return self.title
        return self.target_article.headline if self.target_article_id else self.url

    @property
    def href(self):
        return self.target_article.get_absolute_url() if self.target_article_id else self.url
