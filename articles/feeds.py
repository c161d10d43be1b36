"""RSS and Atom feeds of live stories: the whole site, and per tag, film, person, author and source."""

import copy

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape
from taggit.models import Tag

from articles.text import without_control_characters
from newsroom.dependencies import STORIES, depends_on, depends_on_cards, list_key, subject_key
from newsroom.plans import custom_plans
from newsroom.site import absolute_url

from .images.models import media_url
from .listings import NEWEST_FIRST, bylines
from .models import KINDS, Article, Author, Film, Person, Source, TaggedStory, public_subjects
from .models.reviews import review_summary

FEED_SIZE = 30
MEDIA_NS = "http://search.yahoo.com/mrss/"


class MediaMixin:
    """Adds Media RSS: each story's lead image with its size and alt text. Every text of the
    feed is written without control characters, which XML cannot hold (articles.text): a
    headline or tag saved with one by any path still leaves the feed readable."""

    def __init__(self, *args, **kwargs):
        super().__init__(*without_control_characters(args), **without_control_characters(kwargs))

    def add_item(self, *args, **kwargs):
        super().add_item(*without_control_characters(args), **without_control_characters(kwargs))

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
    """The newest live stories, as RSS with Media RSS. Subclasses narrow it to one subject:
    `get_object()` finds the subject, `stories_of()` its stories."""

    feed_type = MediaRssFeed
    noun = ""

    def __call__(self, request, *args, **kwargs):
        # The URLconf holds one instance for every request (and thread): each request gets its
        # own copy to keep the request on.
        feed = copy.copy(self)
        feed.request = request
        return Feed.__call__(feed, request, *args, **kwargs)

    def title(self, subject):
        name = settings.NEWSROOM_NAME
        return f"{subject}: {name}" if subject else f"{name}: film and entertainment news"

    # Every address is absolute on the site's own (newsroom.site), or Django would add the
    # request's host and scheme.
    def link(self, subject):
        return absolute_url(self.request, subject.get_absolute_url() if subject else reverse("articles:home"))

    def feed_url(self, subject):
        return absolute_url(self.request, self.request.path)

    def item_link(self, story):
        return absolute_url(self.request, story.get_absolute_url())

    def description(self, subject):
        if subject is None:
            return f"The latest stories from {settings.NEWSROOM_NAME}."
        return f"The latest {settings.NEWSROOM_NAME} stories {self.noun} {subject}."

    def items(self, subject):
        stories = self.stories_of(Article.objects.live(), subject)
        stories = stories.defer("search_vector", "body").select_related("lead_image")
        tags = Prefetch("tag_links", queryset=TaggedStory.objects.select_related("tag"))
        items = list(
            stories.prefetch_related(
                Prefetch("bylines", queryset=bylines(), to_attr="byline_list"), tags
            ).order_by(*NEWEST_FIRST)[:FEED_SIZE]
        )
        if subject:
            kind = KINDS[type(subject)]
            depends_on(list_key(kind, subject.pk), subject_key(kind, subject.pk))
        else:
            depends_on(STORIES)
        depends_on_cards(items)
        depends_on(*(subject_key("tag", link.tag_id) for story in items for link in story.tag_links.all()))
        return items

    def stories_of(self, stories, subject):
        return stories

    def item_title(self, story):
        return story.headline

    def item_description(self, story):
        # Readers treat descriptions as HTML; the dek is plain text, so it is escaped here.
        return escape(story.dek or story.body_text[:400])

    def item_author_name(self, story):
        return ", ".join(byline.author.name for byline in story.byline_list) or None

    def item_categories(self, story):
        return [link.tag.name for link in story.tag_links.all()]

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
        return absolute_url(self.request, media_url(name))


class AtomStoryFeed(StoryFeed):
    feed_type = MediaAtomFeed

    def subtitle(self, subject):
        return self.description(subject)


class SubjectFeed(StoryFeed):
    """A subject's stories. Their best query plan depends on how many there are, so PostgreSQL
    plans the feed's queries for the subject (newsroom.plans)."""

    def __call__(self, request, *args, **kwargs):
        with custom_plans():
            return super().__call__(request, *args, **kwargs)


class TagFeed(SubjectFeed):
    """A tag's stories; a tag no live story carries has no feed (articles.models.tagging)."""

    noun = "tagged"

    def get_object(self, request, slug):
        return get_object_or_404(public_subjects(Tag), slug=slug)

    def link(self, tag):
        return absolute_url(self.request, reverse("articles:tag", kwargs={"slug": tag.slug}))

    def stories_of(self, stories, tag):
        return stories.tagged(tag)


class TagAtomFeed(TagFeed, AtomStoryFeed):
    pass


class FilmFeed(SubjectFeed):
    noun = "about"

    def get_object(self, request, slug):
        return get_object_or_404(public_subjects(Film), slug=slug)

    def stories_of(self, stories, film):
        return stories.about_film(film)


class FilmAtomFeed(FilmFeed, AtomStoryFeed):
    pass


class PersonFeed(SubjectFeed):
    noun = "about"

    def get_object(self, request, slug):
        return get_object_or_404(public_subjects(Person), slug=slug)

    def stories_of(self, stories, person):
        return stories.about_person(person)


class PersonAtomFeed(PersonFeed, AtomStoryFeed):
    pass


class AuthorFeed(SubjectFeed):
    noun = "by"

    def get_object(self, request, slug):
        return get_object_or_404(public_subjects(Author), slug=slug)

    def stories_of(self, stories, author):
        return stories.by_author(author)


class AuthorAtomFeed(AuthorFeed, AtomStoryFeed):
    pass


class SourceFeed(SubjectFeed):
    noun = "citing"

    def get_object(self, request, slug):
        return get_object_or_404(public_subjects(Source), slug=slug)

    def stories_of(self, stories, source):
        return stories.citing(source)


class SourceAtomFeed(SourceFeed, AtomStoryFeed):
    pass


class ReviewFeed(StoryFeed):
    """Critics' reviews, newest first, each description opening with its film and rating."""

    def title(self, subject):
        return f"Reviews: {settings.NEWSROOM_NAME}"

    def link(self, subject):
        return absolute_url(self.request, reverse("articles:reviews"))

    def description(self, subject):
        return f"The latest film reviews from {settings.NEWSROOM_NAME}."

    def stories_of(self, stories, subject):
        return stories.reviews().select_related("reviewed_film")

    def item_description(self, story):
        summary = review_summary(story)
        return escape(f"{summary} {story.dek or story.body_text[:400]}".strip())


class ReviewAtomFeed(ReviewFeed, AtomStoryFeed):
    pass
