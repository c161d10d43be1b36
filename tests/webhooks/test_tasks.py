"""Deliveries as tasks (webhooks.tasks): signed, tried again with back-off on failures worth it,
every attempt logged; run here with the worker's own steps against a real receiver."""

from datetime import timedelta

import pytest
from django.test import TestCase, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.factories import make_endpoint
from webhooks import events
from webhooks.models import Delivery
from webhooks.tasks import MAX_ATTEMPTS, RETRY_DELAYS, deliver

from .helpers import Receiver, queued, readme_verifier, run_due_tasks


def make_due(task_results):
    """Bring the queued tasks' time forward to now, as if their back-off had passed."""
    task_results.update(run_after=timezone.now())


@pytest.mark.task_queue
@override_settings(NEWSROOM_WEBHOOKS_ALLOW_PRIVATE=True)
class RetryTests(TestCase):
    def send_test(self, receiver):
        endpoint = make_endpoint(receiver.url)
        with self.captureOnCommitCallbacks(execute=True):
            events.send_test(endpoint)
        return Delivery.objects.get(endpoint=endpoint)

    def test_a_5xx_is_tried_again_after_the_back_off_and_then_delivered(self):
        with Receiver(statuses=[500, 200]) as receiver:
            delivery = self.send_test(receiver)
            self.assertEqual(receiver.requests, [], "not before the worker takes it")
            run_due_tasks()
            delivery.refresh_from_db()
            self.assertEqual(
                (delivery.status, delivery.attempt_count, delivery.last_status_code), ("retrying", 1, 500)
            )
            (retry,) = queued("tasks.deliver")
            self.assertEqual(retry.run_after, delivery.next_attempt_at)
            self.assertAlmostEqual(
                (retry.run_after - timezone.now()).total_seconds(), RETRY_DELAYS[0], delta=5
            )
            self.assertEqual(run_due_tasks(), 0, "not before its time")
            make_due(queued("tasks.deliver"))
            run_due_tasks()
            first, second = receiver.wait(2)
        delivery.refresh_from_db()
        self.assertEqual(
            (delivery.status, delivery.attempt_count, delivery.last_status_code), ("succeeded", 2, 200)
        )
        self.assertIsNotNone(delivery.finished_at)
        self.assertEqual(list(delivery.attempts.values_list("number", "status_code")), [(1, 500), (2, 200)])
        self.assertEqual(first.body, second.body, "the same body each time")
        self.assertEqual(first.headers["Newsroom-Delivery"], second.headers["Newsroom-Delivery"])
        verify = readme_verifier()
        for request in (first, second):
            self.assertTrue(
                verify(delivery.endpoint.secret, request.body, request.headers["Newsroom-Signature"])
            )
        self.assertFalse(queued("tasks.deliver").exists())

    def test_the_back_off_grows_and_stops_after_the_last_attempt(self):
        with Receiver(statuses=[503]) as receiver:
            delivery = self.send_test(receiver)
            delays = []
            for _ in range(MAX_ATTEMPTS):
                make_due(queued("tasks.deliver"))
                before = timezone.now()
                run_due_tasks()
                retry = queued("tasks.deliver").first()
                if retry:
                    delays.append(round((retry.run_after - before).total_seconds()))
            self.assertEqual(len(receiver.wait(MAX_ATTEMPTS)), MAX_ATTEMPTS)
        self.assertEqual(delays, list(RETRY_DELAYS))
        delivery.refresh_from_db()
        self.assertEqual((delivery.status, delivery.attempt_count), ("failed", MAX_ATTEMPTS))
        self.assertIn("503", delivery.last_error)

    def test_a_410_is_final(self):
        with Receiver(statuses=[410]) as receiver:
            delivery = self.send_test(receiver)
            run_due_tasks()
            self.assertEqual(len(receiver.wait(1)), 1)
        delivery.refresh_from_db()
        self.assertEqual(
            (delivery.status, delivery.attempt_count, delivery.last_status_code), ("failed", 1, 410)
        )
        self.assertFalse(queued("tasks.deliver").exists())

    @override_settings(NEWSROOM_WEBHOOKS_ALLOW_PRIVATE=False)
    def test_a_private_address_at_delivery_time_is_refused_and_not_tried_again(self):
        """The check again at delivery: the name may have come to mean another address."""
        with Receiver() as receiver:
            delivery = self.send_test(receiver)
            run_due_tasks()
            self.assertEqual(receiver.requests, [])
        delivery.refresh_from_db()
        self.assertEqual(delivery.status, "failed")
        self.assertIn("loopback", delivery.last_error)
        self.assertEqual(delivery.attempts.get().status_code, None)

    def test_an_endpoint_turned_off_gets_no_more_retries(self):
        with Receiver(statuses=[500]) as receiver:
            endpoint = make_endpoint(receiver.url)
            with self.captureOnCommitCallbacks(execute=True):
                events.record("story.updated", "story:1", {"story": {}})
            run_due_tasks()
            endpoint.is_active = False
            endpoint.save()
            make_due(queued("tasks.deliver"))
            run_due_tasks()
            self.assertEqual(len(receiver.requests), 1, "one try before it was turned off")
        delivery = Delivery.objects.get()
        self.assertEqual(
            (delivery.status, delivery.last_error), ("failed", "Not sent: the endpoint was turned off.")
        )

    def test_a_redelivery_is_a_new_delivery_of_the_same_event(self):
        with Receiver(statuses=[400, 200]) as receiver:
            delivery = self.send_test(receiver)
            run_due_tasks()
            with self.captureOnCommitCallbacks(execute=True):
                again = events.redeliver(delivery)
            run_due_tasks()
            first, second = receiver.wait(2)
        again.refresh_from_db()
        self.assertEqual(again.status, "succeeded")
        self.assertEqual(first.body, second.body)
        self.assertNotEqual(first.headers["Newsroom-Delivery"], second.headers["Newsroom-Delivery"])

    def test_a_delivery_done_is_not_sent_again_by_a_stray_task(self):
        with Receiver() as receiver:
            delivery = self.send_test(receiver)
            run_due_tasks()
            deliver.enqueue(str(delivery.pk))
            run_due_tasks()
            self.assertEqual(len(receiver.wait(1)), 1)


@override_settings(NEWSROOM_WEBHOOKS_ALLOW_PRIVATE=True)
class ImmediateBackendTests(TestCase):
    """With tasks run at once (NEWSROOM_TASKS_BACKEND=immediate), nothing can wait for later."""

    def test_a_delivery_is_sent_when_the_change_commits_and_a_failure_is_final(self):
        with Receiver(statuses=[502]) as receiver:
            endpoint = make_endpoint(receiver.url)
            with self.captureOnCommitCallbacks(execute=True):
                events.send_test(endpoint)
            self.assertEqual(len(receiver.requests), 1)
        delivery = Delivery.objects.get()
        self.assertEqual((delivery.status, delivery.attempt_count), ("failed", 1))
        self.assertFalse(DBTaskResult.objects.exists())

    def test_a_scheduled_story_queues_no_check(self):
        from articles.changes import save_story
        from tests.factories import make_article

        story = make_article(status="published", publish_at=timezone.now() + timedelta(hours=1))
        with self.captureOnCommitCallbacks(execute=True):
            save_story(story)
        self.assertFalse(DBTaskResult.objects.exists())
