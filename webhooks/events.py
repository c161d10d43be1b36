"""What the newsroom announces to webhook endpoints, and when.

The write path (articles.changes) tells, inside each change's transaction, that a story was
saved (with its publishing fields as they were), that a correction was added, or that films'
records, credits or release dates were saved. From that:

- story.published: a story readers could not see is live after the save ("Publish now", or a
  time moved into the past); a scheduled or embargoed story at its time, by a task enqueued for
  that time when the story was scheduled (tasks.check_live), which announces only if the story
  is live then, still goes live at that time, and was not announced since;
- story.updated: a live story saved again and still live;
- story.unpublished: a live story saved into not being live (unpublished, rescheduled, expired
  by hand); and a story at its expiry time, by a task enqueued likewise (tasks.check_expiry);
- story.corrected: a correction added to a live story;
- film.changed: a public film's record, credits or release dates saved (a film no live story is
  about is not public: nothing is said of it).

A story that is not live (a draft, one in review, one scheduled) is never announced. Each event
is recorded once, in the change's transaction, with a delivery for every active endpoint that
wants it; the deliveries are enqueued once that transaction commits, so a change that fails
sends nothing, and a slow receiver never holds up an editor.
"""

import logging
from datetime import UTC
from functools import partial

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Film
from articles.models.subjects import public_subjects
from articles.workflow import PUBLISHING_FIELDS

from . import tasks
from .models import Delivery, Endpoint, Event

logger = logging.getLogger(__name__)
Name = Event.Name


def timestamp(moment):
    """A time as payloads give it: ISO 8601 in UTC, to the second ("2026-05-01T14:00:00Z")."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def absolute(path):
    """`path` on the site's address (NEWSROOM_SITE_URL; a task has no request to take it from)."""
    return f"{settings.NEWSROOM_SITE_URL}{path}"


def story_data(story):
    return {
        "id": story.pk,
        "slug": story.slug,
        "headline": story.headline,
        "url": absolute(story.get_absolute_url()),
        "api_url": absolute(reverse("api:story", kwargs={"story_id": story.pk})),
        "published_at": timestamp(story.publish_at) if story.publish_at else None,
    }


def film_data(film):
    return {
        "id": film.pk,
        "slug": film.slug,
        "title": film.title,
        "url": absolute(film.get_absolute_url()),
        "api_url": absolute(reverse("api:film", kwargs={"slug": film.slug})),
    }


def subscribers(name):
    """The active endpoints that want events called `name`."""
    return [endpoint for endpoint in Endpoint.objects.filter(is_active=True) if endpoint.wants(name)]


def record(name, subject, data, *, occurred_at=None, endpoints=None):
    """Record event `name` about `subject` ("story:42") with `data` in its payload, and a delivery
    for each of `endpoints` (by default every active endpoint that wants it); the deliveries are
    enqueued once the current transaction commits. None if no endpoint wants it."""
    endpoints = subscribers(name) if endpoints is None else endpoints
    if not endpoints:
        return None
    event = Event(name=name, subject=subject, occurred_at=occurred_at or timezone.now())
    event.payload = {"id": str(event.id), "event": name, "occurred_at": timestamp(event.occurred_at), **data}
    event.save()
    deliveries = Delivery.objects.bulk_create(
        Delivery(endpoint=endpoint, event=event) for endpoint in endpoints
    )
    send_after_commit(deliveries)
    return event


def send_after_commit(deliveries):
    ids = [str(delivery.pk) for delivery in deliveries]
    transaction.on_commit(partial(tasks.send, ids), robust=True)


def announce(name, story, *, occurred_at=None, **extra):
    return record(name, f"story:{story.pk}", {"story": story_data(story), **extra}, occurred_at=occurred_at)


def live_from(story):
    """When a published story becomes live: its publication time, or its embargo's end if later."""
    if story.embargo_until and story.embargo_until > story.publish_at:
        return story.embargo_until
    return story.publish_at


def story_saved(sender, story, before, **kwargs):
    """Receiver of articles.changes.story_saved: announce what the save changed for readers, and
    if it set a time the story goes live or expires, check back then."""
    now = timezone.now()
    was_live = before is not None and Article(**before).is_live(at=now)
    is_live = story.is_live(at=now)
    if is_live and not was_live:
        announce(Name.STORY_PUBLISHED, story, occurred_at=now)
    elif is_live:
        announce(Name.STORY_UPDATED, story, occurred_at=now)
    elif was_live:
        announce(Name.STORY_UNPUBLISHED, story, occurred_at=now)
    if before is None or any(before[field] != getattr(story, field) for field in PUBLISHING_FIELDS):
        check_back(story, now)


def check_back(story, now):
    """Enqueue, for after the commit, a check at the time `story` goes live and at the time it
    expires, when those are ahead."""
    if story.status != Article.Status.PUBLISHED:
        return
    start = live_from(story)
    if start > now and (story.expire_at is None or story.expire_at > start):
        transaction.on_commit(partial(tasks.later, tasks.check_live, start, story.pk), robust=True)
    if story.expire_at and story.expire_at > max(now, start):
        transaction.on_commit(
            partial(tasks.later, tasks.check_expiry, story.expire_at, story.pk), robust=True
        )


def announced_since(story, name, moment):
    return Event.objects.filter(subject=f"story:{story.pk}", name=name, occurred_at__gte=moment).exists()


@transaction.atomic
def announce_if_live(story_id, at):
    """At `at`, the time story `story_id` was scheduled to go live: announce it if it is live,
    still went live at `at` (not rescheduled, unpublished or published by hand meanwhile), and
    was not announced since. Returns whether it was."""
    story = Article.objects.select_for_update().filter(pk=story_id).first()
    if story is None or not story.is_live() or live_from(story) != at:
        return False
    if announced_since(story, Name.STORY_PUBLISHED, at):
        return False
    return announce(Name.STORY_PUBLISHED, story, occurred_at=at) is not None


@transaction.atomic
def announce_if_expired(story_id, at):
    """At `at`, story `story_id`'s expiry time: announce that it left if it is still published,
    still expires at `at`, was live before it, and was not announced since."""
    story = Article.objects.select_for_update().filter(pk=story_id).first()
    if (
        story is None
        or story.status != Article.Status.PUBLISHED
        or story.expire_at != at
        or live_from(story) >= at
        or story.is_live()
    ):
        return False
    if announced_since(story, Name.STORY_UNPUBLISHED, at):
        return False
    return announce(Name.STORY_UNPUBLISHED, story, occurred_at=at) is not None


def correction_added(sender, correction, **kwargs):
    """Receiver of articles.changes.correction_added: a live story's correction is news."""
    story = correction.article
    if story.is_live():
        announce(
            Name.STORY_CORRECTED,
            story,
            occurred_at=correction.created_at,
            correction={"kind": correction.kind, "note": correction.note},
        )


def films_changed(sender, film_ids, **kwargs):
    """Receiver of articles.changes.films_changed: each public film's change is announced."""
    endpoints = subscribers(Name.FILM_CHANGED)
    if not endpoints:
        return
    for film in public_subjects(Film).filter(pk__in=film_ids).order_by("pk"):
        record(Name.FILM_CHANGED, f"film:{film.pk}", {"film": film_data(film)}, endpoints=endpoints)


def send_test(endpoint):
    """A test event ("ping") for `endpoint`, whatever events it wants."""
    return record(
        Name.PING,
        "",
        {"message": f"A test event from {settings.NEWSROOM_NAME}."},
        endpoints=[endpoint],
    )


def redeliver(delivery):
    """A new delivery of `delivery`'s event to its endpoint, enqueued once this commits."""
    again = Delivery.objects.create(endpoint=delivery.endpoint, event=delivery.event)
    send_after_commit([again])
    return again
