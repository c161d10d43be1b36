"""What is announced, and when (webhooks.events): a story that goes live, changes, leaves or is
corrected, a public film that changes; never a story readers cannot see. Delivered to a real
receiver on loopback as each change commits (tasks run at once in these tests)."""

from datetime import date, timedelta
from unittest import mock

import pytest
from django.test import override_settings
from django.utils import timezone

from articles.changes import add_correction, apply_transition, film_changes_saved, save_story
from articles.models import Article, Correction
from tests.admin.helpers import RoleTestCase
from tests.factories import add_film, csrf_post, make_article, make_endpoint, make_film, make_release_date
from webhooks.events import announce_if_expired, announce_if_live
from webhooks.models import Delivery, Event

from .helpers import FAST, Receiver, queued, run_due_tasks


@override_settings(
    NEWSROOM_WEBHOOKS_ALLOW_PRIVATE=True, NEWSROOM_SITE_URL="https://news.example.com", PASSWORD_HASHERS=FAST
)
class EventTestCase(RoleTestCase):
    def setUp(self):
        self.receiver = self.enterContext(Receiver())
        self.endpoint = make_endpoint(self.receiver.url)

    def received(self, count=None):
        """The events the receiver got, by name, once `count` have arrived."""
        if count:
            self.receiver.wait(count, timeout=5)
        return [request.payload["event"] for request in self.receiver.requests]

    def live_story(self, **fields):
        return make_article(created_by=self.writer, **fields)


class StoryEventTests(EventTestCase):
    def test_publish_now_announces_the_story_with_its_address_and_time(self):
        story = self.draft(self.writer, headline="Watch the HALO jump", slug="halo-jump")
        with self.captureOnCommitCallbacks(execute=True):
            apply_transition(story, "publish_now", self.editor)
        (request,) = self.receiver.wait()
        payload = request.payload
        self.assertEqual(request.headers["Newsroom-Event"], "story.published")
        self.assertEqual(set(payload), {"id", "event", "occurred_at", "story"})
        self.assertEqual(
            payload["story"],
            {
                "id": story.pk,
                "slug": "halo-jump",
                "headline": "Watch the HALO jump",
                "url": "https://news.example.com/articles/halo-jump/",
                "api_url": f"https://news.example.com/api/v1/stories/{story.pk}",
                "published_at": story.publish_at.astimezone(timezone.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            },
        )
        self.assertEqual(payload["id"], str(Event.objects.get().pk))
        self.assertEqual(request.headers["Newsroom-Delivery"], str(Delivery.objects.get().pk))

    def test_a_live_story_saved_again_is_updated(self):
        story = self.live_story()
        story.headline = "A better headline"
        with self.captureOnCommitCallbacks(execute=True):
            save_story(story, user=self.editor)
        self.assertEqual(self.received(1), ["story.updated"])
        self.assertEqual(self.receiver.requests[0].payload["story"]["headline"], "A better headline")

    def test_unpublishing_a_live_story_says_it_left(self):
        story = self.live_story()
        with self.captureOnCommitCallbacks(execute=True):
            apply_transition(story, "unpublish", self.editor)
        self.assertEqual(self.received(1), ["story.unpublished"])

    def test_a_correction_to_a_live_story_is_announced_with_its_note(self):
        story = self.live_story()
        with self.captureOnCommitCallbacks(execute=True):
            add_correction(Correction(article=story, note="The jump was 25,000 feet."), self.editor)
        (request,) = self.receiver.wait()
        self.assertEqual(request.payload["event"], "story.corrected")
        self.assertEqual(
            request.payload["correction"], {"kind": "correction", "note": "The jump was 25,000 feet."}
        )

    def test_stories_readers_cannot_see_send_nothing(self):
        """A draft saved, submitted, returned, scheduled, corrected; an archived story edited."""
        story = self.draft(self.writer)
        archived = make_article(status="archived")
        with self.captureOnCommitCallbacks(execute=True):
            story.headline = "Still a draft"
            save_story(story, user=self.writer)
            apply_transition(story, "submit", self.writer)
            apply_transition(story, "return_to_draft", self.editor, note="Source it.")
            apply_transition(story, "schedule", self.editor, when=timezone.now() + timedelta(hours=2))
            add_correction(Correction(article=story, note="Not yet public."), self.editor)
            save_story(archived, user=self.editor)
        self.assertEqual(self.receiver.requests, [])
        self.assertFalse(Event.objects.exists())

    def test_only_active_endpoints_that_want_the_event_are_sent_it(self):
        with Receiver() as other, Receiver() as off:
            make_endpoint(other.url, events=["story.unpublished"])
            make_endpoint(off.url, is_active=False)
            with self.captureOnCommitCallbacks(execute=True):
                apply_transition(self.draft(self.writer), "publish_now", self.editor)
            self.assertEqual(self.received(1), ["story.published"])
            self.assertEqual((other.requests, off.requests), ([], []))

    def test_without_endpoints_nothing_is_recorded(self):
        self.endpoint.delete()
        with self.captureOnCommitCallbacks(execute=True):
            apply_transition(self.draft(self.writer), "publish_now", self.editor)
        self.assertFalse(Event.objects.exists())

    def test_a_change_that_fails_sends_nothing(self):
        story = self.draft(self.writer)
        with self.captureOnCommitCallbacks(execute=True) as callbacks:
            with (
                mock.patch.object(Article, "clean", side_effect=RuntimeError("boom")),
                self.assertRaises(RuntimeError),
            ):
                apply_transition(story, "publish_now", self.editor)
        self.assertEqual((callbacks, self.receiver.requests), ([], []))


class FilmEventTests(EventTestCase):
    def film_form(self, film, **fields):
        data = {
            "title": film.title,
            "slug": film.slug,
            "year": film.year or "",
            "synopsis": "",
            "poster": "",
            "franchise": "",
            "installment": "",
            "credits-TOTAL_FORMS": "0",
            "credits-INITIAL_FORMS": "0",
            "release_dates-TOTAL_FORMS": "0",
            "release_dates-INITIAL_FORMS": "0",
        }
        return data | fields

    @override_settings(NEWSROOM_SITE_URL="")  # the admin is asked for at the test client's host
    def test_a_public_films_release_date_saved_in_the_admin_is_one_film_change(self):
        film = make_film(title="Mission: Impossible – Fallout", slug="fallout")
        add_film(self.live_story(), film)
        client = self.client_for(self.editor)
        form = self.film_form(
            film,
            **{
                "release_dates-TOTAL_FORMS": "2",
                "release_dates-0-kind": "theatrical",
                "release_dates-0-country": "US",
                "release_dates-0-date": "2018-07-27",
                "release_dates-0-precision": "day",
                "release_dates-1-kind": "digital",
                "release_dates-1-country": "US",
                "release_dates-1-date": "2018-11-20",
                "release_dates-1-precision": "day",
            },
        )
        with self.captureOnCommitCallbacks(execute=True):
            response = csrf_post(client, f"/admin/articles/film/{film.pk}/change/", form)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(film.release_dates.count(), 2)
        (request,) = self.receiver.wait()
        self.assertEqual(
            request.payload["film"],
            {
                "id": film.pk,
                "slug": "fallout",
                "title": "Mission: Impossible – Fallout",
                "url": "/films/fallout/",
                "api_url": "/api/v1/films/fallout",
            },
        )

    def test_a_film_no_live_story_is_about_is_not_public_and_not_announced(self):
        secret = make_film(title="Untitled sequel", slug="untitled")
        add_film(make_article(status="draft", publish_at=None), secret)
        make_release_date(secret, date=date(2027, 5, 1))
        with self.captureOnCommitCallbacks(execute=True):
            film_changes_saved(secret.pk)
        self.assertEqual(self.receiver.requests, [])

    def test_films_are_announced_once_each(self):
        films = [make_film(), make_film()]
        story = self.live_story()
        for film in films:
            add_film(story, film)
        with self.captureOnCommitCallbacks(execute=True):
            film_changes_saved(films[0].pk, films[1].pk, films[0].pk)
        self.assertEqual(self.received(2), ["film.changed", "film.changed"])
        self.assertEqual(
            sorted(request.payload["film"]["id"] for request in self.receiver.requests),
            sorted(f.pk for f in films),
        )


@pytest.mark.task_queue
class ScheduleTests(EventTestCase):
    """A scheduled story's time: a check is queued for it, and at it announces the story if it
    is live then and went live at that time, once."""

    def schedule(self, story, when):
        with self.captureOnCommitCallbacks(execute=True):
            apply_transition(story, "schedule", self.editor, when=when)

    def at(self, moment):
        return mock.patch("django.utils.timezone.now", return_value=moment)

    def test_scheduling_queues_a_check_for_the_story_time_which_announces_it_then(self):
        when = timezone.now() + timedelta(hours=1)
        story = self.draft(self.writer)
        self.schedule(story, when)
        (check,) = queued("tasks.check_live")
        self.assertEqual((check.run_after, check.args_kwargs["args"]), (when, [story.pk, when.isoformat()]))
        run_due_tasks()
        self.assertEqual(queued("tasks.check_live").get(), check, "nothing before its time")
        with self.at(when + timedelta(seconds=1)), self.captureOnCommitCallbacks(execute=True):
            run_due_tasks()
        with self.at(when + timedelta(seconds=1)):
            run_due_tasks()
        (request,) = self.receiver.wait()
        self.assertEqual(request.payload["event"], "story.published")
        self.assertEqual(
            request.payload["occurred_at"], when.astimezone(timezone.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        )

    def test_a_story_rescheduled_or_unpublished_meanwhile_sends_nothing_at_the_old_time(self):
        when = timezone.now() + timedelta(hours=1)
        rescheduled, unpublished = self.draft(self.writer), self.draft(self.writer)
        for story in (rescheduled, unpublished):
            self.schedule(story, when)
        with self.captureOnCommitCallbacks(execute=True):
            apply_transition(unpublished, "unpublish", self.editor)
            apply_transition(rescheduled, "unpublish", self.editor)
        self.schedule(rescheduled, when + timedelta(hours=1))
        with self.at(when + timedelta(seconds=1)):
            self.assertFalse(announce_if_live(rescheduled.pk, when))
            self.assertFalse(announce_if_live(unpublished.pk, when))
        self.assertFalse(Event.objects.exists())

    def test_a_time_checked_twice_is_announced_once(self):
        """Scheduled, moved, and moved back: two checks for one time, one announcement."""
        when = timezone.now() + timedelta(hours=1)
        story = self.draft(self.writer)
        self.schedule(story, when)
        story.publish_at = when + timedelta(minutes=5)
        with self.captureOnCommitCallbacks(execute=True):
            save_story(story, user=self.editor)
        story.publish_at = when
        with self.captureOnCommitCallbacks(execute=True):
            save_story(story, user=self.editor)
        self.assertEqual(queued("tasks.check_live").filter(run_after=when).count(), 2)
        with self.at(when + timedelta(seconds=1)):
            self.assertTrue(announce_if_live(story.pk, when))
            self.assertFalse(announce_if_live(story.pk, when))
        self.assertEqual(Event.objects.filter(name="story.published").count(), 1)

    def test_a_story_published_by_hand_is_not_announced_again_at_its_old_time(self):
        when = timezone.now() + timedelta(hours=1)
        story = self.draft(self.writer)
        self.schedule(story, when)
        with self.captureOnCommitCallbacks(execute=True):
            apply_transition(story, "publish_now", self.editor)
        with self.at(when + timedelta(seconds=1)):
            self.assertFalse(announce_if_live(story.pk, when))
        self.assertEqual(Event.objects.filter(name="story.published").count(), 1)

    def test_a_story_leaving_at_its_expiry_time_is_announced_once(self):
        expiry = timezone.now() + timedelta(hours=3)
        story = self.live_story()
        story.expire_at = expiry
        with self.captureOnCommitCallbacks(execute=True):
            save_story(story, user=self.editor)
        (check,) = queued("tasks.check_expiry")
        self.assertEqual(check.run_after, expiry)
        with self.at(expiry - timedelta(seconds=1)):
            self.assertFalse(announce_if_expired(story.pk, expiry), "still live")
        with self.at(expiry + timedelta(seconds=1)):
            self.assertTrue(announce_if_expired(story.pk, expiry))
            self.assertFalse(announce_if_expired(story.pk, expiry))
        self.assertEqual(
            list(Event.objects.values_list("name", flat=True)), ["story.unpublished", "story.updated"]
        )
