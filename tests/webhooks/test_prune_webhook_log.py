"""manage.py prune_webhook_log: the log's old events go, with their deliveries and attempts,
unless one of their deliveries is still to be tried."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from tests.factories import make_endpoint
from webhooks.models import Attempt, Delivery, Event


class PruneTests(TestCase):
    def event(self, days_ago, status):
        event = Event.objects.create(
            name="ping", occurred_at=timezone.now() - timedelta(days=days_ago), payload={}
        )
        delivery = Delivery.objects.create(endpoint=self.endpoint, event=event, status=status)
        Attempt.objects.create(delivery=delivery, number=1, started_at=event.occurred_at, duration_ms=5)
        return event

    def test_old_finished_events_go_and_the_rest_stay(self):
        self.endpoint = make_endpoint("https://93.184.215.14/hooks")
        old_done = self.event(40, "succeeded")
        old_failed = self.event(40, "failed")
        old_retrying = self.event(40, "retrying")
        recent = self.event(2, "succeeded")
        out = StringIO()
        call_command("prune_webhook_log", "--dry-run", stdout=out)
        self.assertIn("Would delete 2", out.getvalue())
        self.assertEqual(Event.objects.count(), 4)
        call_command("prune_webhook_log", stdout=StringIO())
        self.assertEqual(set(Event.objects.all()), {old_retrying, recent})
        self.assertFalse(Delivery.objects.filter(event__in=[old_done, old_failed]).exists())
        self.assertEqual(Attempt.objects.count(), 2)
