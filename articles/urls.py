from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, register_converter
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from . import calendars, feeds, sitemaps, views

app_name = "articles"


class UnicodeSlugConverter:
    """A slug of letters and digits in any script, hyphens and underscores: what Django's
    slugify(allow_unicode=True) makes, as django-taggit does of a tag's name ("pokémon")."""

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(UnicodeSlugConverter, "unicode_slug")


def public(view):
    """Reader-facing pages only read: GET and HEAD, anything else is 405.

    Exempt from CSRF because they accept no writes; without that a stray POST would
    get a CSRF 403 instead of the honest 405.
    """
    return csrf_exempt(require_safe(view))


urlpatterns = [
    path("", public(views.HomeView.as_view()), name="home"),
    path("search/", public(views.SearchView.as_view()), name="search"),
    path("releases/", public(views.ReleaseCalendarView.as_view()), name="releases"),
    path("reviews/", public(views.ReviewListView.as_view()), name="reviews"),
    path("films/", public(views.FilmIndexView.as_view()), name="films"),
    path("people/", public(views.PersonIndexView.as_view()), name="people"),
    path("sources/", public(views.SourceIndexView.as_view()), name="sources"),
    path("articles/<unicode_slug:slug>/", public(views.ArticleDetailView.as_view()), name="article"),
    path("tags/<unicode_slug:slug>/", public(views.TagView.as_view()), name="tag"),
    path("films/<unicode_slug:slug>/", public(views.FilmView.as_view()), name="film"),
    path("releases.ics", public(calendars.ReleasesCalendarView.as_view()), name="releases_ics"),
    path(
        "films/<unicode_slug:slug>/releases.ics",
        public(calendars.FilmCalendarView.as_view()),
        name="film_releases_ics",
    ),
    path(
        "franchises/<unicode_slug:slug>/releases.ics",
        public(calendars.FranchiseCalendarView.as_view()),
        name="franchise_releases_ics",
    ),
    path("people/<unicode_slug:slug>/", public(views.PersonView.as_view()), name="person"),
    path("sources/<unicode_slug:slug>/", public(views.SourceView.as_view()), name="source"),
    path("authors/<unicode_slug:slug>/", public(views.AuthorView.as_view()), name="author"),
    path("preview/<str:signed>/", public(views.SharedPreviewView.as_view()), name="shared_preview"),
    # Feeds: the whole site's, and each subject's.
    path("feed/", public(feeds.StoryFeed()), name="feed"),
    path("feed/atom/", public(feeds.AtomStoryFeed()), name="feed_atom"),
    path("reviews/feed/", public(feeds.ReviewFeed()), name="reviews_rss"),
    path("reviews/feed/atom/", public(feeds.ReviewAtomFeed()), name="reviews_atom"),
    path("tags/<unicode_slug:slug>/feed/", public(feeds.TagFeed()), name="tag_rss"),
    path("tags/<unicode_slug:slug>/feed/atom/", public(feeds.TagAtomFeed()), name="tag_atom"),
    path("films/<unicode_slug:slug>/feed/", public(feeds.FilmFeed()), name="film_rss"),
    path("films/<unicode_slug:slug>/feed/atom/", public(feeds.FilmAtomFeed()), name="film_atom"),
    path("people/<unicode_slug:slug>/feed/", public(feeds.PersonFeed()), name="person_rss"),
    path("people/<unicode_slug:slug>/feed/atom/", public(feeds.PersonAtomFeed()), name="person_atom"),
    path("authors/<unicode_slug:slug>/feed/", public(feeds.AuthorFeed()), name="author_rss"),
    path("authors/<unicode_slug:slug>/feed/atom/", public(feeds.AuthorAtomFeed()), name="author_atom"),
    path("sources/<unicode_slug:slug>/feed/", public(feeds.SourceFeed()), name="source_rss"),
    path("sources/<unicode_slug:slug>/feed/atom/", public(feeds.SourceAtomFeed()), name="source_atom"),
    # For crawlers.
    path("robots.txt", public(views.RobotsView.as_view()), name="robots"),
    path(
        "sitemap.xml",
        public(sitemap_views.index),
        {"sitemaps": sitemaps.SITEMAPS, "sitemap_url_name": "articles:sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        public(sitemap_views.sitemap),
        {"sitemaps": sitemaps.SITEMAPS},
        name="sitemap_section",
    ),
    path(
        "news-sitemap.xml",
        public(sitemap_views.sitemap),
        {"sitemaps": {"news": sitemaps.NewsSitemap}, "template_name": "sitemaps/news.xml"},
        name="sitemap_news",
    ),
]
