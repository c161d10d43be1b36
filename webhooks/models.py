"""Webhooks: the endpoints editors register, the events the newsroom announces, and every
delivery of an event to an endpoint with each of its attempts.

An event is recorded once, with its payload, when something readers can see happens (a story
goes live, changes, leaves, is corrected; a film changes) and some active endpoint wants it;
each such endpoint gets a delivery, tried by the task worker until the receiver takes it or the
tries run out (webhooks.tasks).
"""

import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

# A rotated secret goes on signing deliveries, beside the new one, this long: the time to put
# the new one in the receiver.
ROTATION_OVERLAP = timedelta(hours=24)


def new_secret():
    return f"whsec_{secrets.token_urlsafe(32)}"


class Event(models.Model):
    """Something the newsroom announced, once, with the payload every endpoint is sent."""

    class Name(models.TextChoices):
        STORY_PUBLISHED = "story.published", "Story published (a scheduled story at its time too)"
        STORY_UPDATED = "story.updated", "Live story updated"
        STORY_UNPUBLISHED = "story.unpublished", "Story unpublished or expired"
        STORY_CORRECTED = "story.corrected", "Correction or update note added"
        FILM_CHANGED = "film.changed", "Film, its credits or release dates changed"
        PING = "ping", "Test event"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=40, choices=Name)
    # What it is about, "story:42" or "film:7" ("" for a test): how a scheduled story's time is
    # told apart from an announcement already made (webhooks.events.announce_live).
    subject = models.CharField(max_length=40, blank=True)
    occurred_at = models.DateTimeField(default=timezone.now)
    payload = models.JSONField()

    class Meta:
        ordering = ["-occurred_at"]
        indexes = [models.Index(fields=["subject", "name", "-occurred_at"], name="webhook_event_subject_idx")]

    def __str__(self):
        return f"{self.name} {self.subject}".strip()


# Events an endpoint may ask for (a test event goes to whichever endpoint an editor tests).
SUBSCRIBABLE = [(value, label) for value, label in Event.Name.choices if value != Event.Name.PING]


class Endpoint(models.Model):
    """A receiver of the newsroom's events: its address, the events it wants, and the secret that
    signs what it is sent."""

    name = models.CharField(max_length=100, help_text="Who receives it, as the desk says: “Newsletter tool”.")
    url = models.URLField(
        "address",
        max_length=500,
        help_text="Where events are sent, as a JSON POST: an https:// address (or http://). Addresses "
        "on this machine or a private network are refused unless the site allows them.",
    )
    events = models.JSONField(default=list, help_text="The events this receiver is sent.")
    is_active = models.BooleanField(
        "active", default=True, help_text="Untick to stop sending events here without losing the settings."
    )
    secret = models.CharField(max_length=100, default=new_secret, editable=False)
    # The secret before the last rotation, still signing beside the new one until this time.
    previous_secret = models.CharField(max_length=100, blank=True, editable=False)
    previous_secret_until = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "webhook endpoint"

    def __str__(self):
        return self.name

    def wants(self, event_name):
        return event_name == Event.Name.PING or event_name in self.events

    def signing_secrets(self, now=None):
        """The secrets deliveries are signed with now: the current one, and the one it replaced
        while the rotation's overlap lasts."""
        now = timezone.now() if now is None else now
        if self.previous_secret and self.previous_secret_until and self.previous_secret_until > now:
            return [self.secret, self.previous_secret]
        return [self.secret]

    def rotate_secret(self, now=None):
        """A new secret; the old one keeps signing beside it for ROTATION_OVERLAP (not saved)."""
        now = timezone.now() if now is None else now
        self.previous_secret, self.previous_secret_until = self.secret, now + ROTATION_OVERLAP
        self.secret = new_secret()


class Delivery(models.Model):
    """One event for one endpoint: tried until the receiver takes it, or the tries run out."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        RETRYING = "retrying", "Failed, will retry"
        SUCCEEDED = "succeeded", "Delivered"
        FAILED = "failed", "Failed"

    # Sent as the Newsroom-Delivery header: the same on each retry, new on a redelivery.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=20, choices=Status, default=Status.PENDING)
    attempt_count = models.PositiveSmallIntegerField("attempts", default=0)
    last_status_code = models.PositiveSmallIntegerField("last response", null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "deliveries"
        indexes = [
            models.Index(fields=["endpoint", "-created_at"], name="webhook_delivery_endpoint_idx"),
            models.Index(fields=["status", "-created_at"], name="webhook_delivery_status_idx"),
        ]

    def __str__(self):
        return f"{self.event.name} to {self.endpoint}"

    @property
    def is_done(self):
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)


class Attempt(models.Model):
    """One try at a delivery: what the receiver answered, or why nothing was."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField("duration (ms)")
    status_code = models.PositiveSmallIntegerField("response", null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    # The start of what the receiver answered, for the editor looking into a failure.
    response_excerpt = models.CharField("response body", max_length=1000, blank=True)

    class Meta:
        ordering = ["delivery", "number"]
        constraints = [
            models.UniqueConstraint(fields=["delivery", "number"], name="webhook_attempt_unique_number")
        ]

    def __str__(self):
        return f"Attempt {self.number}"

    @property
    def succeeded(self):
        return self.status_code is not None and 200 <= self.status_code < 300
