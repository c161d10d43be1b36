"""RSS and Atom feeds of live stories: the whole site, and per tag, film, person, author and source."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.files.storage import default_storage
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape
from taggit.models import Tag

from .models import Article, Author, Film, Person, Source
from .models.addresses import page_address

FEED_SIZE = 30
MEDIA_NS = "http://search.yahoo.com/mrss/"


class MediaMixin:
    """Adds Media RSS: each story's lead image with its size and alt text."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:media": MEDIA_NS}

    def root_attributes(self):
        attributes = super().root_attributes()
        return {**attributes, "xmlns:media": MEDIA_NS} if isinstance(self, Atom1Feed) else attributes

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        media = item.get("media")
        if media:
            size = {"width": str(media["width"]), "height": str(media["height"])}
            attributes = {"url": media["url"], "type": media["type"], "medium": "image", **size}
            handler.addQuickElement("media:content", "", attributes)
            handler.addQuickElement("media:description", media["description"], {"type": "plain"})


class MediaRssFeed(MediaMixin, Rss201rev2Feed):
    pass


class MediaAtomFeed(MediaMixin, Atom1Feed):
    pass


class StoryFeed(Feed):
    """The newest live stories. Subclasses narrow it to one subject with `subject_model`/`story_lookup`."""

    feed_type = MediaRssFeed
    subject_model = None
    story_lookup = None
    noun = None

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, slug=None):
        if self.subject_model is None:
            return None
        return get_object_or_404(self.subject_model, slug=slug)

    def title(self, subject):
        name = settings.NEWSROOM_NAME
        return f"{subject}: {name}" if subject else f"{name}: film and entertainment news"

    def link(self, subject):
        if subject is None:
            return page_address("articles:home")
        if isinstance(subject, Tag):
            return page_address("articles:tag", subject.slug)
        return subject.get_absolute_url()

    def description(self, subject):
        if subject is None:
            return f"The latest stories from {settings.NEWSROOM_NAME}."
        return f"The latest {settings.NEWSROOM_NAME} stories {self.noun} {subject}."

    def items(self, subject):
        stories = Article.objects.live().for_listing().prefetch_related("tags")
        if subject is not None:
            stories = stories.about(self.story_lookup, subject)
        return stories.order_by("-publish_at", "-id")[:FEED_SIZE]

    def item_title(self, story):
        return story.headline

    def item_description(self, story):
        # Readers treat descriptions as HTML; the dek is plain text, so it is escaped here.
        return escape(story.dek or story.body_text[:400])

    def item_author_name(self, story):
        return ", ".join(byline.author.name for byline in story.bylines.all()) or None

    def item_categories(self, story):
        return [tag.name for tag in story.tags.all()]

    def item_pubdate(self, story):
        return story.published_at

    def item_updateddate(self, story):
        return max(story.updated_at, story.published_at)

    def item_enclosures(self, story):
        rendition = story.lead_image.feed_rendition if story.lead_image else None
        if not rendition:
            return []
        url, size = self.absolute(rendition["name"]), str(rendition.get("bytes", 0))
        return [Enclosure(url, size, f"image/{rendition['format']}")]

    def item_extra_kwargs(self, story):
        rendition = story.lead_image.feed_rendition if story.lead_image else None
        if not rendition:
            return {}
        return {
            "media": {
                "url": self.absolute(rendition["name"]),
                "type": f"image/{rendition['format']}",
                "width": rendition["width"],
                "height": rendition["height"],
                "description": story.lead_image.alt_text,
            }
        }

    def absolute(self, name):
        return self.request.build_absolute_uri(default_storage.url(name))


class AtomStoryFeed(StoryFeed):
    feed_type = MediaAtomFeed

    def subtitle(self, subject):
        return self.description(subject)


def subject_feeds(model, lookup, noun):
    """RSS and Atom feed classes for one kind of subject."""
    attributes = {"subject_model": model, "story_lookup": lookup, "noun": noun}
    return (
        type(f"{model.__name__}Feed", (StoryFeed,), attributes),
        type(f"{model.__name__}AtomFeed", (AtomStoryFeed,), attributes),
    )


SUBJECT_FEEDS = {
    "tag": subject_feeds(Tag, "tags", "tagged"),
    "film": subject_feeds(Film, "film_links__film", "about"),
    "person": subject_feeds(Person, "people", "about"),
    "author": subject_feeds(Author, "bylines__author", "by"),
    "source": subject_feeds(Source, "citations__source", "citing"),
}
