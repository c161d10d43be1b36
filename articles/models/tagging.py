"""A story's tags: taggit's tags, linked to stories by our own table.

Each link keeps a copy of its story's publication time, so that a tag's newest stories are
a walk down one index (tag, publish time, story), which stops at the end of the page, rather
than a look at every story the tag was ever given. The write path (articles.changes.save_story)
keeps the copies current; visibility is still decided by the story itself
(Article.objects.live()), never by the copy.

A tag is public only while a live story carries it, like every subject (articles.models.subjects).
"""

from django.db import models
from taggit.models import TaggedItemBase


class TaggedStory(TaggedItemBase):
    # Indexed by the constraint below, which starts with it.
    content_object = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="tag_links", db_index=False
    )
    # The story's publish_at, copied: the order a tag page walks its links in.
    publish_at = models.DateTimeField(null=True, editable=False)

    class Meta:
        verbose_name = "story tag"
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="tagged_story_once"),
        ]
        indexes = [
            models.Index(
                models.F("tag"),
                models.F("publish_at").desc(),
                models.F("content_object").desc(),
                name="tagged_story_newest",
            ),
        ]

    def __str__(self):
        return f"{self.content_object_id} tagged {self.tag_id}"

    def save(self, *args, **kwargs):
        if self.publish_at is None and self.content_object_id is not None:
            # taggit creates a link with the story in hand; no query here.
            self.publish_at = self.content_object.publish_at
        super().save(*args, **kwargs)
