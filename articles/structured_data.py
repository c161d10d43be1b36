"""Structured data for search engines and link previews: JSON-LD (schema.org) built from the models."""

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse

from newsroom.site import absolute_url as absolute

from .images.models import media_url
from .models import Credit, ReleaseDate
from .models.reviews import plain, rating_scale


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
        "author": authors(request, parts.bylines),
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


def movie(request, film, reviews=None):
    """A film page's Movie: director, cast, first theatrical date, poster, and our critics'
    reviews (views.FilmReviews)."""
    credits = list(film.credits.all())
    data = {
        "@context": "https://schema.org",
        **movie_reference(request, film),
        "director": credited(request, credits, Credit.Role.DIRECTOR),
        "actor": credited(request, credits, Credit.Role.CAST),
    }
    first_release = first_theatrical_date(film.release_dates.all())
    if first_release:
        data["datePublished"] = first_release.isoformat()
    if reviews and reviews.stories:
        data["review"] = [
            {
                "@type": "Review",
                "url": absolute(request, story.get_absolute_url()),
                "name": story.headline,
                "author": authors(request, story.byline_list),
                **({"reviewRating": rating(story.rating)} if story.rating is not None else {}),
            }
            for story in reviews.stories
        ]
    if film.synopsis:
        data["description"] = film.synopsis
    if film.poster:
        data["image"] = image_urls(request, film.poster)
    return data


def first_theatrical_date(release_dates):
    theatrical = [
        r.date
        for r in release_dates
        if r.kind == ReleaseDate.Kind.THEATRICAL and r.precision == ReleaseDate.Precision.DAY
    ]
    return min(theatrical, default=None)


def authors(request, bylines):
    """The story's authors as schema.org Persons with their pages, or the newsroom itself."""
    return [person(request, b.author.name, b.author.get_absolute_url()) for b in bylines] or [
        {"@type": "Organization", "name": settings.NEWSROOM_NAME}
    ]


def rating(value):
    """A schema.org Rating on the newsroom's scale."""
    scale = rating_scale()
    return {
        "@type": "Rating",
        "ratingValue": plain(value),
        "bestRating": plain(scale.best),
        "worstRating": plain(scale.worst),
    }


def review(request, story, parts, verdict):
    """A critic's review (search engines' critic review): the Movie reviewed with its director,
    poster and first release, the rating, the critic, the publisher. `verdict` is the page's
    story_page.Review."""
    film = verdict.film
    movie_data = {
        "@type": "Movie",
        "name": film.title,
        "url": absolute(request, film.get_absolute_url()),
        "director": [
            person(request, c.person.name, c.person.get_absolute_url() if c.linked else None)
            for c in verdict.directors
        ],
    }
    release_dates = next(
        (link.film.release_dates.all() for link in parts.film_links if link.film_id == film.pk), []
    )
    first_release = first_theatrical_date(release_dates)
    if first_release:
        movie_data["datePublished"] = first_release.isoformat()
    elif film.year:
        movie_data["datePublished"] = str(film.year)
    if film.poster:
        movie_data["image"] = absolute(request, film.poster.social_url)
    data = {
        "@context": "https://schema.org",
        "@type": "Review",
        "name": story.headline,
        "url": absolute(request, story.get_absolute_url()),
        "itemReviewed": movie_data,
        "author": authors(request, parts.bylines),
        "publisher": publisher(request),
    }
    if story.published_at:
        data["datePublished"] = story.published_at.isoformat()
    if story.rating is not None:
        data["reviewRating"] = rating(story.rating)
    if story.verdict:
        data["reviewBody"] = story.verdict
    return data


def film_list(request, films):
    """An ItemList of `films` (each once, in order), for a page listing them."""
    unique = list({film.pk: film for film in films}.values())
    return {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": n,
                "url": absolute(request, film.get_absolute_url()),
                "name": film.title,
            }
            for n, film in enumerate(unique, start=1)
        ],
    }


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
