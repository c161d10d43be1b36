from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from . import feeds, sitemaps, views

app_name = "articles"

SUBJECT_PREFIXES = {
    "tag": "tags",
    "film": "films",
    "person": "people",
    "author": "authors",
    "source": "sources",
}

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": sitemaps.SITEMAPS, "sitemap_url_name": "articles:sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps.SITEMAPS},
        name="sitemap_section",
    ),
    path(
        "news-sitemap.xml",
        sitemap_views.sitemap,
        {"sitemaps": {"news": sitemaps.NewsSitemap}, "template_name": "sitemaps/news.xml"},
        name="sitemap_news",
    ),
    path("feed/", feeds.StoryFeed(), name="feed"),
    path("feed/atom/", feeds.AtomStoryFeed(), name="feed_atom"),
    *[
        route
        for kind, prefix in SUBJECT_PREFIXES.items()
        for route in (
            path(f"{prefix}/<slug:slug>/feed/", feeds.SUBJECT_FEEDS[kind][0](), name=f"{kind}_feed"),
            path(
                f"{prefix}/<slug:slug>/feed/atom/", feeds.SUBJECT_FEEDS[kind][1](), name=f"{kind}_feed_atom"
            ),
        )
    ],
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="article"),
    path("tags/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("films/<slug:slug>/", views.FilmView.as_view(), name="film"),
    path("people/<slug:slug>/", views.PersonView.as_view(), name="person"),
    path("sources/<slug:slug>/", views.SourceView.as_view(), name="source"),
    path("authors/<slug:slug>/", views.AuthorView.as_view(), name="author"),
    path("preview/<str:signed>/", views.SharedPreviewView.as_view(), name="shared_preview"),
]
