"""Delete the webhooks' log older than a number of days: events whose every delivery is done
(delivered or failed), with their deliveries and attempts. Pending and retrying ones stay."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from webhooks.models import Delivery, Event


class Command(BaseCommand):
    help = "Delete webhook events, deliveries and attempts older than --days (30) once all are done."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30, help="Keep this many days of the log (30).")
        parser.add_argument("--dry-run", action="store_true", help="Only say how many would go.")

    def handle(self, *, days, dry_run, **options):
        open_deliveries = Delivery.objects.filter(
            ~Q(status__in=[Delivery.Status.SUCCEEDED, Delivery.Status.FAILED])
        )
        old = Event.objects.filter(occurred_at__lt=timezone.now() - timedelta(days=days)).exclude(
            pk__in=open_deliveries.values("event_id")
        )
        count = old.count()
        if not dry_run:
            old.delete()
        self.stdout.write(
            f"{'Would delete' if dry_run else 'Deleted'} {count} webhook event(s) older than {days} days."
        )
