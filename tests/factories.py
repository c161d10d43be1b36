"""Plain factory functions: `make_x(**overrides)` returns a saved object with sensible defaults."""

import io
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import count

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image as PILImage

from articles.models import (
    Article,
    ArticleFilm,
    Author,
    Byline,
    Citation,
    Correction,
    Film,
    Image,
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


def make_review(film, rating="4.5", **overrides):
    """A live review of `film` with its rating, through the write path (which adds the film to
    the story's films)."""
    from decimal import Decimal

    from articles.changes import save_story

    n = next(_serial)
    fields = {
        "headline": f"Review number {n}",
        "slug": f"review-{n}",
        "body": f"<p>What the critic thought, part {n}.</p>",
        "kind": Article.Kind.REVIEW,
        "reviewed_film": film,
        "rating": None if rating is None else Decimal(rating),
        "status": Article.Status.PUBLISHED,
        "publish_at": timezone.now() - timedelta(hours=1),
    }
    fields.update(overrides)
    review = Article(**fields)
    save_story(review)
    return review


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


def photo(size=(2400, 1600), fmt="JPEG", mode="RGB"):
    """The bytes of an image file: blue, with a red square near its right edge."""
    image = PILImage.new(mode, size, (30, 90, 160) if mode == "RGB" else (30, 90, 160, 128))
    image.paste(
        (220, 20, 20) if mode == "RGB" else (220, 20, 20, 255), (size[0] - 300, 200, size[0] - 100, 400)
    )
    buffer = io.BytesIO()
    image.save(buffer, format=fmt)
    return buffer.getvalue()


def library_image(data=None, name="still.jpg", **fields):
    """A library image from `data` (by default a photo()), without renditions."""
    image = Image(**{"title": "Still", "alt_text": "A still", **fields})
    image.file.save(name, ContentFile(data or photo(), name=name), save=True)
    return image


@dataclass
class FullStory:
    """A story with one of everything a story page shows, and those parts by name."""

    story: Article
    authors: list
    film: Film
    person: Person
    source: Source
    linked: Article
    hidden_links: dict


def make_full_story(**overrides):
    """A live story with a lead image, two bylines, a tag, a person, a film with release dates,
    a citation, an inline, a NEXT and a Read more link, links to a story in every hidden state,
    and a correction. Returns a FullStory."""
    n = next(_serial)
    story = make_article(
        headline=overrides.pop("headline", f"Full story {n}"),
        dek="The dek.",
        body="<p>First paragraph.</p><p>Second paragraph.</p>",
        lead_image=library_image(caption="On set", credit="Courtesy of the studio"),
        **overrides,
    )
    authors = [make_author(name=f"Ann {n}"), make_author(name=f"Bo {n}")]
    for order, author in enumerate(authors):
        add_byline(story, author, order=order)
    film = make_film(title=f"Fallout {n}")
    make_release_date(film, date=date(2018, 7, 27))
    make_release_date(film, kind=ReleaseDate.Kind.DIGITAL, date=date(2018, 11, 20))
    add_film(story, film)
    person = make_person(name=f"Tom Cruise {n}")
    story.people.add(person)
    story.tags.add(f"Stunts {n}")
    source = make_source(name=f"Paramount {n}")
    add_citation(story, source, url="https://example.com/cited")
    linked = make_article(headline=f"The jump, explained {n}")
    add_link(story, placement=RelatedLink.Placement.INLINE, after_paragraph=1, target_article=linked)
    add_link(story, placement=RelatedLink.Placement.NEXT, target_article=linked)
    add_link(
        story,
        placement=RelatedLink.Placement.READ_MORE,
        url="https://example.com/more",
        title="More elsewhere",
        source=source,
    )
    hidden = {state: s for state, s in make_story_per_state().items() if state != "live"}
    for order, target in enumerate(hidden.values(), start=1):
        add_link(story, placement=RelatedLink.Placement.NEXT, target_article=target, order=order)
    Correction.objects.create(article=story, note="An earlier version misspelled a name.")
    return FullStory(story, authors, film, person, source, linked, hidden)


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


def make_endpoint(url, **overrides):
    """An active webhook endpoint at `url` that wants every event unless told otherwise."""
    from webhooks.models import SUBSCRIBABLE, Endpoint

    n = next(_serial)
    fields = {"name": f"Receiver {n}", "url": url, "events": [value for value, _ in SUBSCRIBABLE]}
    fields.update(overrides)
    return Endpoint.objects.create(**fields)
