"""Structured data for search engines and link previews: JSON-LD (schema.org) built from the models."""

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse

from newsroom.site import absolute_url as absolute

from .images.models import media_url
from .models import Credit, ReleaseDate


def publisher(request):
    return {
        "@type": "NewsMediaOrganization",
        "name": settings.NEWSROOM_NAME,
        "url": absolute(request, reverse("articles:home")),
        "logo": {
            "@type": "ImageObject",
            "url": absolute(request, static("img/logo.png")),
            "width": 600,
            "height": 60,
        },
    }


def person(request, name, url=None):
    data = {"@type": "Person", "name": name}
    if url:
        data["url"] = absolute(request, url)
    return data


def image_urls(request, image):
    """The image in the shapes Google asks for: the 1200×630 crop, and the largest rendition."""
    urls = [absolute(request, image.social_url)]
    largest = image.feed_rendition
    if largest:
        urls.append(absolute(request, media_url(largest["name"])))
    return urls


def news_article(request, story, parts):
    """A story's NewsArticle: `parts` are its StoryParts (articles.story_parts)."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story.headline[:110],
        "url": absolute(request, story.get_absolute_url()),
        "mainEntityOfPage": absolute(request, story.get_absolute_url()),
        "dateModified": max(filter(None, [story.updated_at, story.published_at])).isoformat(),
        "author": [person(request, b.author.name, b.author.get_absolute_url()) for b in parts.bylines]
        or [{"@type": "Organization", "name": settings.NEWSROOM_NAME}],
        "publisher": publisher(request),
        "isAccessibleForFree": True,
        "articleSection": story.get_kind_display(),
        "keywords": [tag.name for tag in parts.tags],
        "about": [movie_reference(request, link.film) for link in parts.film_links],
    }
    if story.published_at:
        data["datePublished"] = story.published_at.isoformat()
    if story.dek:
        data["description"] = story.dek
    if story.lead_image:
        data["image"] = image_urls(request, story.lead_image)
    return data


def movie_reference(request, film):
    data = {"@type": "Movie", "name": film.title, "url": absolute(request, film.get_absolute_url())}
    if film.year:
        data["dateCreated"] = str(film.year)
    return data


def movie(request, film):
    """A film page's Movie: director, cast, first theatrical date, poster."""
    credits = list(film.credits.all())
    data = {
        "@context": "https://schema.org",
        **movie_reference(request, film),
        "director": credited(request, credits, Credit.Role.DIRECTOR),
        "actor": credited(request, credits, Credit.Role.CAST),
    }
    theatrical = [
        r.date
        for r in film.release_dates.all()
        if r.kind == ReleaseDate.Kind.THEATRICAL and r.precision == ReleaseDate.Precision.DAY
    ]
    if theatrical:
        data["datePublished"] = min(theatrical).isoformat()
    if film.synopsis:
        data["description"] = film.synopsis
    if film.poster:
        data["image"] = image_urls(request, film.poster)
    return data


def credited(request, credits, role):
    """The people credited in `role`, as schema.org Persons (with their page, where it is public)."""
    return [
        person(request, c.person.name, c.person.get_absolute_url() if c.linked else None)
        for c in credits
        if c.role == role
    ]


def breadcrumbs(request, trail):
    """BreadcrumbList for (name, url) pairs, home first."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": absolute(request, url)}
            for n, (name, url) in enumerate(trail, start=1)
        ],
    }
