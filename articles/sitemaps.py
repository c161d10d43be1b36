"""Sitemaps: stories and the public pages about films, people, tags, sources and authors,
plus a Google News sitemap of the last 48 hours. Live content only, and no lastmod in the future."""

from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.utils import timezone
from taggit.models import Tag

from .models import Article, Author, Film, Person, Source
from .models.addresses import page_address

NEWS_WINDOW = timedelta(hours=48)


class StorySitemap(Sitemap):
    changefreq = "weekly"
    limit = 10000

    def items(self):
        fields = ("slug", "publish_at", "first_published_at", "updated_at")
        return Article.objects.live().only(*fields).order_by("-publish_at", "-id")

    def lastmod(self, story):
        # A story edited while scheduled has an updated time before its publication.
        return min(max(story.updated_at, story.published_at), timezone.now())


class SubjectSitemap(Sitemap):
    """Pages about a subject that has live stories, last modified with its newest story."""

    changefreq = "daily"
    model = None
    story_lookup = None

    def items(self):
        live = Article.objects.live()
        return (
            self.model.objects.filter(**{f"{self.story_lookup}__in": live})
            .annotate(newest=Max(f"{self.story_lookup}__updated_at"))
            .order_by("pk")
            .distinct()
        )

    def lastmod(self, subject):
        return min(subject.newest, timezone.now()) if subject.newest else None


def subject_sitemap(model, lookup):
    return type(f"{model.__name__}Sitemap", (SubjectSitemap,), {"model": model, "story_lookup": lookup})


class TagSitemap(subject_sitemap(Tag, "article")):
    def location(self, tag):
        return page_address("articles:tag", tag.slug)


class FilmSitemap(Sitemap):
    """Film pages are reference pages: all of them are listed."""

    changefreq = "weekly"

    def items(self):
        return Film.objects.order_by("pk")


SITEMAPS = {
    "stories": StorySitemap,
    "films": FilmSitemap,
    "people": subject_sitemap(Person, "articles"),
    "tags": TagSitemap,
    "sources": subject_sitemap(Source, "citations__article"),
    "authors": subject_sitemap(Author, "bylines__article"),
}


class NewsSitemap(Sitemap):
    """Stories live in the last 48 hours, with the Google News details."""

    def items(self):
        since = timezone.now() - NEWS_WINDOW
        return Article.objects.live().filter(publish_at__gte=since).order_by("-publish_at", "-id")[:1000]

    def publication(self):
        return {"name": settings.NEWSROOM_NAME, "language": "en"}
