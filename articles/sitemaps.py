"""Sitemaps: stories and the public pages about films, people, tags, sources and authors, plus
a Google News sitemap of the last 48 hours. Live content only, and no lastmod in the future."""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone

from .listings import NEWEST_FIRST
from .models import Article, Author, Film, Person, Source, public_tags

NEWS_WINDOW = timedelta(hours=48)


class SiteSitemap(Sitemap):
    """A sitemap whose addresses use the site's scheme (NEWSROOM_SITE_URL), or the request's
    without one; their host is the request's, which CanonicalHostMiddleware keeps to the site's."""

    @property
    def protocol(self):
        return urlsplit(settings.NEWSROOM_SITE_URL).scheme or None


class StorySitemap(SiteSitemap):
    changefreq = "weekly"
    limit = 10000

    def items(self):
        fields = ("slug", "publish_at", "first_published_at", "updated_at")
        return Article.objects.live().only(*fields).order_by(*NEWEST_FIRST)

    def lastmod(self, story):
        # A story edited while scheduled has an updated time before its publication.
        return min(max(story.updated_at, story.published_at), timezone.now())


class SubjectSitemap(SiteSitemap):
    """Pages about a subject that live stories are about (the rule of articles.models.subjects),
    last modified with its newest story.
    Subclasses give the subjects, each annotated with `newest`, in `items()`."""

    changefreq = "daily"

    def with_newest(self, subjects, story_path):
        """`subjects` linked to a live story through `story_path`, with the newest change among
        their stories as `newest`: its update, or its publication if later (a story edited while
        scheduled was updated before it went out)."""
        live = Article.objects.live()
        changed = Greatest(f"{story_path}__updated_at", f"{story_path}__publish_at")
        return (
            subjects.filter(**{f"{story_path}__in": live})
            .annotate(newest=Max(changed))
            .order_by("pk")
            .distinct()
        )

    def lastmod(self, subject):
        return min(subject.newest, timezone.now()) if subject.newest else None


class TagSitemap(SubjectSitemap):
    """Tags that live stories carry, and that have an address."""

    def items(self):
        return self.with_newest(public_tags(), "article")

    def location(self, tag):
        return reverse("articles:tag", kwargs={"slug": tag.slug})


class PersonSitemap(SubjectSitemap):
    def items(self):
        return self.with_newest(Person.objects.all(), "articles")


class SourceSitemap(SubjectSitemap):
    def items(self):
        return self.with_newest(Source.objects.all(), "citations__article")


class AuthorSitemap(SubjectSitemap):
    def items(self):
        return self.with_newest(Author.objects.all(), "bylines__article")


class FilmSitemap(SubjectSitemap):
    def items(self):
        return self.with_newest(Film.objects.all(), "articles")


SITEMAPS = {
    "stories": StorySitemap,
    "films": FilmSitemap,
    "people": PersonSitemap,
    "tags": TagSitemap,
    "sources": SourceSitemap,
    "authors": AuthorSitemap,
}


class NewsSitemap(SiteSitemap):
    """Stories live in the last 48 hours, with the Google News details."""

    def items(self):
        since = timezone.now() - NEWS_WINDOW
        return Article.objects.live().filter(publish_at__gte=since).order_by(*NEWEST_FIRST)[:1000]

    def publication(self):
        return {"name": settings.NEWSROOM_NAME, "language": "en"}
