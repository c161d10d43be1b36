from django.db import models
from django.db.models import F, Q

from newsroom.dependencies import depends_on_stories

# The address of a link still waiting for one (a "NEXT:" title from plain-text copy that is none
# of our stories): a link needs a target or an address, and `.invalid` never resolves (RFC 2606).
# Readers never see such a link (visible_links), and the checks before publishing name it.
PLACEHOLDER_URL = "https://address-needed.invalid/"


def visible_links(links, at=None):
    """The links among `links` a reader may see at `at` (by default now), in their order:
    external ones with an address (not PLACEHOLDER_URL), and those to stories live then, each
    given its target's headline and address. One query, for the targets; none when every link
    is external. The page showing them depends on every target, live or not
    (newsroom.dependencies)."""
    from articles.models import Article

    wanted = {link.target_article_id for link in links if link.target_article_id}
    depends_on_stories(wanted)
    live = Article.objects.live(at).filter(pk__in=wanted).only("headline", "slug") if wanted else []
    targets = {story.pk: story for story in live}
    shown = []
    for link in links:
        if link.target_article_id is None:
            if link.url != PLACEHOLDER_URL:
                shown.append(link)
        elif link.target_article_id in targets:
            link.target_article = targets[link.target_article_id]
            shown.append(link)
    return shown


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
