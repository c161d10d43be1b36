"""Plain factory functions: `make_x(**overrides)` returns a saved object with sensible defaults."""

from datetime import date, timedelta
from itertools import count

from django.utils import timezone

from articles.models import (
    Article,
    ArticleFilm,
    Author,
    Byline,
    Citation,
    Film,
    Person,
    RelatedLink,
    ReleaseDate,
    Source,
)

_serial = count(1)


def make_article(**overrides):
    """A live news story unless overridden. Saved without full_clean, like an import would."""
    n = next(_serial)
    fields = {
        "headline": f"Story number {n}",
        "slug": f"story-{n}",
        "body": f"<p>Body of story {n}.</p>",
        "status": Article.Status.PUBLISHED,
        "publish_at": timezone.now() - timedelta(hours=1),
    }
    fields.update(overrides)
    return Article.objects.create(**fields)


def make_author(**overrides):
    n = next(_serial)
    return Author.objects.create(**{"name": f"Author {n}", "slug": f"author-{n}", **overrides})


def make_person(**overrides):
    n = next(_serial)
    return Person.objects.create(**{"name": f"Person {n}", "slug": f"person-{n}", **overrides})


def make_source(**overrides):
    n = next(_serial)
    return Source.objects.create(**{"name": f"Source {n}", "slug": f"source-{n}", **overrides})


def make_film(**overrides):
    n = next(_serial)
    return Film.objects.create(**{"title": f"Film {n}", "slug": f"film-{n}", "year": 2018, **overrides})


def make_release_date(film, **overrides):
    fields = {"kind": ReleaseDate.Kind.THEATRICAL, "country": "US", "date": date(2018, 7, 27)}
    fields.update(overrides)
    return ReleaseDate.objects.create(film=film, **fields)


def add_byline(article, author, order=0):
    return Byline.objects.create(article=article, author=author, order=order)


def add_film(article, film, order=0, show_release_dates=True):
    return ArticleFilm.objects.create(
        article=article, film=film, order=order, show_release_dates=show_release_dates
    )


def add_citation(article, source, role=Citation.Role.SOURCE, url=""):
    return Citation.objects.create(article=article, source=source, role=role, url=url)


def add_link(article, **fields):
    fields.setdefault("placement", RelatedLink.Placement.NEXT)
    return RelatedLink.objects.create(article=article, **fields)


def visibility_states(now=None):
    """Field overrides for each editorial state a story can be in, as of `now`."""
    now = now or timezone.now()
    hour = timedelta(hours=1)
    published = Article.Status.PUBLISHED
    return {
        "draft": {"status": Article.Status.DRAFT, "publish_at": now - hour},
        "in_review": {"status": Article.Status.IN_REVIEW, "publish_at": now - hour},
        "archived": {"status": Article.Status.ARCHIVED, "publish_at": now - 2 * hour},
        "scheduled": {"status": published, "publish_at": now + hour},
        "live": {"status": published, "publish_at": now - hour},
        "expired": {"status": published, "publish_at": now - 2 * hour, "expire_at": now - hour},
        "embargoed": {"status": published, "publish_at": now - hour, "embargo_until": now + hour},
    }


def make_story_per_state(now=None, **overrides):
    """One story in each visibility state, headlined with the state's name."""
    return {
        state: make_article(
            headline=f"The {state} story", slug=f"the-{state}-story-{next(_serial)}", **fields, **overrides
        )
        for state, fields in visibility_states(now).items()
    }


def make_user(role="Writers", **overrides):
    """A staff account in one of the newsroom's groups ("Writers" or "Editors")."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    n = next(_serial)
    user = get_user_model().objects.create_user(
        username=overrides.pop("username", f"{role.lower()}-{n}"),
        password="pw",
        is_staff=True,
        first_name=overrides.pop("first_name", role[:-1]),
        last_name=overrides.pop("last_name", str(n)),
        **overrides,
    )
    user.groups.add(Group.objects.get(name=role))
    return user


def csrf_post(client, url, data):
    """POST as a browser would, with the CSRF token from a cookie the site set (CSRF enforced)."""
    if "csrftoken" not in client.cookies:
        client.get("/admin/")
    return client.post(url, {**data, "csrfmiddlewaretoken": client.cookies["csrftoken"].value})
