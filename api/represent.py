"""Rows as the API shows them: plain dicts in the shapes of api.schemas.

Addresses are absolute, on the site's address (NEWSROOM_SITE_URL, else the request's host):
`url` is a thing's public page, `api_url` its place in this API.
"""

from django.urls import reverse

from articles.images.models import media_url
from articles.models.reviews import rating_scale
from newsroom.site import absolute_url


def api_url(request, name, **kwargs):
    return absolute_url(request, reverse(f"api:{name}", kwargs=kwargs))


def image(request, picture):
    if picture is None:
        return None
    widths = sorted(
        (r for r in picture.renditions if r["kind"] == "width"),
        key=lambda r: (r["format"] != "webp", r["width"]),
    )
    return {
        "id": picture.pk,
        "alt": picture.alt_text,
        "credit": picture.credit,
        "width": picture.width,
        "height": picture.height,
        "original": absolute_url(request, picture.file.url),
        "social": absolute_url(request, picture.social_url),
        "renditions": [
            {
                "url": absolute_url(request, media_url(r["name"])),
                "width": r["width"],
                "height": r["height"],
                "format": r["format"],
            }
            for r in widths
        ],
    }


def tag(request, row):
    return {
        "id": row.pk,
        "name": row.name,
        "slug": row.slug,
        "url": absolute_url(request, reverse("articles:tag", kwargs={"slug": row.slug})),
        "api_url": api_url(request, "tag", slug=row.slug),
    }


def author_ref(request, row):
    return {
        "id": row.pk,
        "name": row.name,
        "slug": row.slug,
        "url": absolute_url(request, row.get_absolute_url()),
        "api_url": api_url(request, "author", slug=row.slug),
    }


def author(request, row):
    return {**author_ref(request, row), "bio": row.bio}


def person_ref(request, row, public=True):
    return {
        "id": row.pk,
        "name": row.name,
        "slug": row.slug,
        "url": absolute_url(request, row.get_absolute_url()) if public else None,
        "api_url": api_url(request, "person", slug=row.slug) if public else None,
    }


def source_ref(request, row):
    return {
        "id": row.pk,
        "name": row.name,
        "slug": row.slug,
        "url": absolute_url(request, row.get_absolute_url()),
        "api_url": api_url(request, "source", slug=row.slug),
    }


def source(request, row):
    return {**source_ref(request, row), "kind": row.kind, "website": row.url}


def film_ref(request, row, public=True):
    return {
        "id": row.pk,
        "title": row.title,
        "slug": row.slug,
        "year": row.year,
        "url": absolute_url(request, row.get_absolute_url()) if public else None,
        "api_url": api_url(request, "film", slug=row.slug) if public else None,
    }


def release_date(request, row, film=None):
    """A release date; its film (`film`: its film_ref, if already made) is public, as only
    public films' dates are shown."""
    return {
        "id": row.pk,
        "film": film or film_ref(request, row.film),
        "kind": row.kind,
        "kind_label": row.get_kind_display(),
        "country": str(row.country),
        "date": row.date,
        "precision": row.precision,
        "display": row.display_date,
        "note": row.note,
    }


def film(request, row):
    """A film with its franchise, poster, credits (with `linked` annotated: whether the person's
    page is public) and release dates, prefetched."""
    ref = film_ref(request, row)
    return {
        **ref,
        "synopsis": row.synopsis,
        "installment": row.installment,
        "stories_url": api_url(request, "film_stories", slug=row.slug),
        "franchise": (
            {"id": row.franchise.pk, "name": row.franchise.name, "slug": row.franchise.slug}
            if row.franchise
            else None
        ),
        "poster": image(request, row.poster),
        "credits": [
            {
                "person": person_ref(request, credit.person, credit.linked),
                "role": credit.role,
                "role_label": credit.get_role_display(),
                "character": credit.character,
                "order": credit.order,
            }
            for credit in row.credits.all()
        ],
        "release_dates": [
            release_date(request, release, ref)
            for release in sorted(
                row.release_dates.all(), key=lambda release: (release.kind, release.sort_key)
            )
        ],
    }


def person(request, row):
    """A person with their credits (with `linked`: whether the film's page is public)."""
    return {
        **person_ref(request, row),
        "bio": row.bio,
        "stories_url": api_url(request, "person_stories", slug=row.slug),
        "credits": [
            {
                "film": film_ref(request, credit.film, credit.linked),
                "role": credit.role,
                "role_label": credit.get_role_display(),
                "character": credit.character,
            }
            for credit in row.credits.all()
        ],
    }


def story_card(request, story, stage="live"):
    """What every story answer has: a card's fields (articles.listings.as_cards)."""
    return {
        "id": story.pk,
        "slug": story.slug,
        "headline": story.headline,
        "dek": story.dek,
        "kind": story.kind,
        "is_exclusive": story.is_exclusive,
        "url": absolute_url(request, story.get_absolute_url()),
        "api_url": api_url(request, "story", story_id=story.pk),
        "status": stage,
        "publish_at": story.publish_at,
        "first_published_at": story.first_published_at,
        "rating": float(story.rating) if story.rating is not None else None,
        "lead_image": image(request, story.lead_image),
    }


def byline_list(request, bylines):
    return [author_ref(request, line.author) for line in bylines]


def film_links(request, links):
    return [
        {"film": film_ref(request, link.film), "show_release_dates": link.show_release_dates}
        for link in links
    ]


def citations(request, rows):
    return [
        {
            "source": source_ref(request, row.source),
            "role": row.role,
            "role_label": row.get_role_display(),
            "url": row.url,
        }
        for row in rows
    ]


def related_links(request, links):
    """Links as readers see them (articles.models.visible_links: to live stories only)."""
    return [
        {
            "placement": link.placement,
            "after_paragraph": link.after_paragraph,
            "title": link.display_title,
            "url": absolute_url(request, link.href),
            "story_id": link.target_article_id,
            "source": source_ref(request, link.source) if link.source_id else None,
        }
        for link in links
    ]


def corrections(rows):
    return [{"kind": row.kind, "note": row.note, "created_at": row.created_at} for row in rows]


def review(request, verdict, story):
    if verdict is None:
        return None
    scale = rating_scale()
    return {
        "film": film_ref(request, verdict.film),
        "rating": float(story.rating) if story.rating is not None else None,
        "best_rating": float(scale.best),
        "worst_rating": 0.0,
        "verdict": verdict.verdict,
        "pros": verdict.pros,
        "cons": verdict.cons,
    }


def page(request, results, following, name, **kwargs):
    """A page of `results`, with the address of the next one (the same query, its cursor
    moved) or None."""
    params = request.GET.copy()
    if following:
        params["cursor"] = following
    return {
        "results": results,
        "next": absolute_url(request, f"{reverse(f'api:{name}', kwargs=kwargs)}?{params.urlencode()}")
        if following
        else None,
        "next_cursor": following,
    }
