"""Loading the demo newsroom. Idempotent: what already exists is left as it is."""

import calendar
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import reversion
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from articles import changes
from articles.models import (
    Article,
    ArticleFilm,
    Author,
    Byline,
    Citation,
    Credit,
    Film,
    Franchise,
    Person,
    RelatedLink,
    ReleaseDate,
    Source,
)
from articles.models.reviews import rating_scale
from articles.roles import EDITORS, WRITERS, ensure_roles

from . import reference
from .posters import add_poster
from .stories import STORIES

DEMO_EDITOR = ("editor", "newsroom-editor")
DEMO_WRITER = ("writer", "newsroom-writer")
DEMO_ACCOUNTS = {
    DEMO_EDITOR[0]: {
        "password": DEMO_EDITOR[1],
        "group": EDITORS,
        "first_name": "Dana",
        "last_name": "Reyes",
    },
    DEMO_WRITER[0]: {
        "password": DEMO_WRITER[1],
        "group": WRITERS,
        "first_name": "Morgan",
        "last_name": "Lee",
    },
}


@transaction.atomic
def load_demo(stdout=None, today=None):
    """Create the demo newsroom's accounts, reference data and stories; return how many stories were new.

    The upcoming release dates fall on days relative to `today` (by default, the newsroom's today)
    when they are first loaded; a later load leaves them where they are.
    """
    today = today or timezone.localdate()
    ensure_roles()
    users = {username: demo_account(username, **details) for username, details in DEMO_ACCOUNTS.items()}
    for data in reference.AUTHORS:
        Author.objects.get_or_create(
            slug=data["slug"],
            defaults={"name": data["name"], "bio": data["bio"], "user": users.get(data["user"])},
        )
    for slug, name, bio in reference.PEOPLE:
        Person.objects.get_or_create(slug=slug, defaults={"name": name, "bio": bio})
    for slug, name, kind, url in reference.SOURCES:
        Source.objects.get_or_create(slug=slug, defaults={"name": name, "kind": kind, "url": url})
    for slug, name in reference.FRANCHISES:
        Franchise.objects.get_or_create(slug=slug, defaults={"name": name})
    for data in reference.FILMS:
        film = load_film(data)
        add_poster(film, data["poster"])
    load_upcoming_releases(today)
    owners = {author["slug"]: users.get(author["user"]) for author in reference.AUTHORS}
    with reversion.create_revision():
        reversion.set_comment("Loaded with the demo newsroom.")
        created = sum(load_story(data, owner=owners[data["authors"][0]]) for data in STORIES)
    if stdout:
        stdout.write(f"Demo newsroom ready: {created} new of {len(STORIES)} stories.")
    return created


def demo_account(username, password, group, first_name, last_name):
    """A staff account in one of the newsroom's roles."""
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"is_staff": True, "first_name": first_name, "last_name": last_name}
    )
    if created:
        user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get(name=group))
    return user


def load_film(data):
    """The film `data` describes, created with its credits and release dates if it is new."""
    franchise = Franchise.objects.get(slug=data["franchise"]) if data["franchise"] else None
    film, created = Film.objects.get_or_create(
        slug=data["slug"],
        defaults={
            "title": data["title"],
            "year": data["year"],
            "synopsis": data["synopsis"],
            "franchise": franchise,
            "installment": data["installment"],
        },
    )
    if not created:
        return film
    for order, (person, role, character) in enumerate(data["credits"]):
        Credit.objects.create(
            film=film, person=Person.objects.get(slug=person), role=role, character=character, order=order
        )
    for kind, country, day, precision, note in data["release_dates"]:
        ReleaseDate.objects.create(
            film=film, kind=kind, country=country, date=day, precision=precision, note=note
        )
    return film


def upcoming_days(today):
    """The days reference.UPCOMING_RELEASES name, as of `today`. Films open on Fridays: this week's
    (or `today`, once it has passed) and next week's."""
    monday = today - timedelta(days=today.weekday())
    month_days = calendar.monthrange(today.year, today.month)[1]
    return {
        "this week": max(today, monday + timedelta(days=4)),
        "next week": monday + timedelta(days=11),
        "later this month": today.replace(day=month_days),
        "next month": first_of_month(today, 1) + timedelta(days=9),
        "in two months": first_of_month(today, 2) + timedelta(days=16),
        "in three months": first_of_month(today, 3),
        "this year": date(today.year, 1, 1),
        "to be announced": None,
    }


def first_of_month(today, months_ahead):
    months = today.year * 12 + today.month - 1 + months_ahead
    return date(months // 12, months % 12 + 1, 1)


def load_upcoming_releases(today):
    """The releases still to come (reference.UPCOMING_RELEASES), on days relative to `today`. A
    release is one per film, format, country and note: one loaded on an earlier day keeps its date."""
    days = upcoming_days(today)
    for slug, kind, country, when, precision, note in reference.UPCOMING_RELEASES:
        ReleaseDate.objects.get_or_create(
            film=Film.objects.get(slug=slug),
            kind=kind,
            country=country,
            note=note,
            defaults={"date": days[when], "precision": precision},
        )


def on_rating_scale(rating, out_of):
    """`rating` out of `out_of` on the newsroom's rating scale, to its nearest step: 4.5 out of 5
    is 4.5 on the default scale, 9 on a scale of 10."""
    scale = rating_scale()
    exact = scale.worst + (scale.best - scale.worst) * rating / out_of
    return (exact / scale.step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * scale.step


def load_story(data, owner=None):
    if Article.objects.filter(slug=data["slug"]).exists():
        return False
    publish_at = data.get("publish_at")
    if "publish_in_days" in data:
        publish_at = (timezone.now() + timedelta(days=data["publish_in_days"])).replace(
            second=0, microsecond=0
        )
    article = Article(
        slug=data["slug"],
        headline=data["headline"],
        dek=data["dek"],
        body=data["body"].strip(),
        kind=data["kind"],
        is_exclusive=data.get("is_exclusive", False),
        status=data["status"],
        publish_at=publish_at,
        video_url=data.get("video_url", ""),
        video_caption=data.get("video_caption", ""),
        planned_for=timezone.localdate() + timedelta(days=data["plan_in_days"])
        if "plan_in_days" in data
        else None,
    )
    if "reviewed_film" in data:
        article.reviewed_film = Film.objects.get(slug=data["reviewed_film"])
        article.rating = on_rating_scale(data["rating"], out_of=5)
        article.verdict = data["verdict"]
        article.pros = data["pros"]
        article.cons = data["cons"]
    article.full_clean()
    changes.save_story(article, user=owner, parts_follow=True)
    article.tags.add(*data["tags"])
    article.people.set(Person.objects.filter(slug__in=data["people"]))
    for order, slug in enumerate(data["authors"]):
        Byline.objects.create(article=article, author=Author.objects.get(slug=slug), order=order)
    for order, (slug, show_dates) in enumerate(data["films"]):
        ArticleFilm.objects.create(
            article=article, film=Film.objects.get(slug=slug), order=order, show_release_dates=show_dates
        )
    for order, (slug, role, url) in enumerate(data.get("citations", [])):
        Citation.objects.create(
            article=article, source=Source.objects.get(slug=slug), role=role, url=url, order=order
        )
    for order, link in enumerate(data.get("links", [])):
        RelatedLink.objects.create(
            article=article,
            order=order,
            placement=link["placement"],
            after_paragraph=link.get("after_paragraph"),
            target_article=Article.objects.get(slug=link["target"]) if "target" in link else None,
            url=link.get("url", ""),
            title=link.get("title", ""),
            source=Source.objects.get(slug=link["source"]) if "source" in link else None,
        )
    changes.story_parts_saved(article)
    # The first revision holds the story with its parts and tags, as loaded.
    reversion.add_to_revision(article)
    if publish_at and publish_at < timezone.now():
        # An archived story was last touched when it went out, not when the demo was loaded.
        Article.objects.filter(pk=article.pk).update(updated_at=publish_at)
    return True
