"""Sitemaps: stories and the public pages about films, people, tags, sources and authors, plus
a Google News sitemap of the last 48 hours. Live content only, and no lastmod in the future."""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from newsroom.dependencies import SITEMAP, depends_on

from .listings import NEWEST_FIRST
from .models import Article, Author, Film, Person, Source, public_subjects

NEWS_WINDOW = timedelta(hours=48)


class SiteSitemap(Sitemap):
    """A sitemap whose addresses use the site's scheme (NEWSROOM_SITE_URL), or the request's
    without one; their host is the request's, which CanonicalHostMiddleware keeps to the site's.
    Its page depends on every story's time and visibility (newsroom.dependencies.SITEMAP)."""

    def get_latest_lastmod(self):
        depends_on(SITEMAP)
        return super().get_latest_lastmod()

    def get_urls(self, *args, **kwargs):
        depends_on(SITEMAP)
        return super().get_urls(*args, **kwargs)

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
    """Pages about the subjects (of `model`) live stories are about (public_subjects), each last
    modified with its newest live story, reached through `story_path`."""

    changefreq = "daily"
    model = None
    story_path = ""

    def items(self):
        # The newest change among its live stories: an update, or the publication if later (a
        # story edited while scheduled was updated before it went out).
        changed = Greatest(f"{self.story_path}__updated_at", f"{self.story_path}__publish_at")
        live = Q(**{f"{self.story_path}__in": Article.objects.live()})
        return public_subjects(self.model).annotate(newest=Max(changed, filter=live)).order_by("pk")

    def lastmod(self, subject):
        return min(subject.newest, timezone.now()) if subject.newest else None


class TagSitemap(SubjectSitemap):
    model = Tag
    story_path = "article"

    def location(self, tag):
        return reverse("articles:tag", kwargs={"slug": tag.slug})


class PersonSitemap(SubjectSitemap):
    model = Person
    story_path = "articles"


class SourceSitemap(SubjectSitemap):
    model = Source
    story_path = "citations__article"


class AuthorSitemap(SubjectSitemap):
    model = Author
    story_path = "bylines__article"


class FilmSitemap(SubjectSitemap):
    model = Film
    story_path = "articles"


class SectionSitemap(SiteSitemap):
    """The site's sections: the front page, the reviews, the release calendar and the indexes."""

    changefreq = "daily"
    priority = 0.8

    def items(self):
        return [
            "articles:home",
            "articles:reviews",
            "articles:releases",
            "articles:films",
            "articles:people",
            "articles:sources",
        ]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "sections": SectionSitemap,
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
