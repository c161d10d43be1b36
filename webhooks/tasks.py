"""The webhooks' background work, as Django tasks: delivering, retrying, and checking back on a
story at the time it goes live or expires.

They run in the task worker (`manage.py db_worker`, django-tasks-db's), outside any request.
A delivery that fails on the network, or that the receiver answers with 429 or a 5xx, is tried
again after RETRY_DELAYS, each try a task of its own enqueued to run then; any other answer is
final. Every attempt is logged (webhooks.models.Attempt).
"""

import logging
import time
from datetime import datetime, timedelta

from django.tasks import task
from django.utils import timezone

from . import delivery as http
from . import signing
from .models import Attempt, Delivery, Event

logger = logging.getLogger(__name__)

# Seconds from a failed attempt to the next: five attempts in all, over about an hour and a quarter.
RETRY_DELAYS = (30, 120, 600, 3600)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1


def can_run_later():
    """Whether the task backend can run a task at a set time (the immediate backend cannot)."""
    return deliver.get_backend().supports_defer


def later(scheduled_task, when, *args):
    """Enqueue `scheduled_task` to run at `when`; with a backend that cannot, say so and drop it."""
    if not can_run_later():
        logger.info("%s not scheduled for %s: the task backend runs tasks at once", scheduled_task.name, when)
        return None
    return scheduled_task.using(run_after=when).enqueue(*args, when.isoformat())


def send(delivery_ids):
    """Enqueue a first attempt for each of the deliveries."""
    for delivery_id in delivery_ids:
        deliver.enqueue(delivery_id)


@task
def check_live(story_id, at):
    """At the time a story was scheduled to go live: announce it if it did (events.announce_if_live)."""
    from .events import announce_if_live

    return announce_if_live(story_id, datetime.fromisoformat(at))


@task
def check_expiry(story_id, at):
    """At a story's expiry time: announce that it left, if it did (events.announce_if_expired)."""
    from .events import announce_if_expired

    return announce_if_expired(story_id, datetime.fromisoformat(at))


def headers(delivery, content, now=None):
    """The request's headers, signed with the endpoint's secrets at `now` (Unix seconds)."""
    signed_at = int(time.time() if now is None else now)
    return {
        "Content-Type": "application/json",
        "User-Agent": http.USER_AGENT,
        "Newsroom-Event": delivery.event.name,
        "Newsroom-Delivery": str(delivery.pk),
        signing.HEADER: signing.signature_header(delivery.endpoint.signing_secrets(), signed_at, content),
    }


@task
def deliver(delivery_id):
    """Make the next attempt at a delivery; on a failure worth trying again, enqueue the one
    after it. Returns the delivery's status."""
    delivery = Delivery.objects.select_related("endpoint", "event").filter(pk=delivery_id).first()
    if delivery is None or delivery.is_done:
        return None
    if not delivery.endpoint.is_active and delivery.event.name != Event.Name.PING:
        finish(delivery, Delivery.Status.FAILED, error="Not sent: the endpoint was turned off.")
        return delivery.status
    content = signing.body(delivery.event.payload)
    started_at = timezone.now()
    outcome = http.post(delivery.endpoint.url, content, headers(delivery, content))
    number = delivery.attempt_count + 1
    Attempt.objects.create(
        delivery=delivery,
        number=number,
        started_at=started_at,
        duration_ms=outcome.duration_ms,
        status_code=outcome.status_code,
        error=outcome.error[:500],
        response_excerpt=outcome.excerpt,
    )
    delivery.attempt_count = number
    delivery.last_status_code = outcome.status_code
    if outcome.delivered:
        finish(delivery, Delivery.Status.SUCCEEDED)
    elif outcome.retry and number < MAX_ATTEMPTS and can_run_later():
        delivery.status = Delivery.Status.RETRYING
        delivery.last_error = outcome.error[:500]
        delivery.next_attempt_at = timezone.now() + timedelta(seconds=RETRY_DELAYS[number - 1])
        delivery.save()
        deliver.using(run_after=delivery.next_attempt_at).enqueue(delivery_id)
    else:
        finish(delivery, Delivery.Status.FAILED, error=outcome.error)
    if not outcome.delivered:
        logger.warning(
            "Webhook %s to %s, attempt %d: %s", delivery.event.name, delivery.endpoint, number, outcome.error
        )
    return delivery.status


def finish(delivery, status, error=""):
    delivery.status = status
    delivery.last_error = error[:500]
    delivery.next_attempt_at = None
    delivery.finished_at = timezone.now()
    delivery.save()
