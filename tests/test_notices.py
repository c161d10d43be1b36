"""Notices (desk.notices): who hears about each workflow step, by whichever route it was taken,
in the admin (the bell, the list, mark as read) and by email once the step commits."""

from datetime import timedelta
from unittest import mock

from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.changes import apply_transition
from articles.models import Byline
from articles.workflow import NOTE_REQUIRED
from desk.models import Notice, NoticePreference
from tests.admin.helpers import CHANGELIST_URL, RoleTestCase, article_post_data, change_url, editor_fields
from tests.factories import csrf_post, make_article, make_author, make_user


def recipients(story, event):
    return set(
        Notice.objects.filter(article=story, event=event).values_list("recipient__username", flat=True)
    )


class NoticeTestCase(RoleTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.other_editor = make_user("Editors")
        for user in (cls.writer, cls.other_writer, cls.editor, cls.other_editor):
            user.email = f"{user.username}@example.com"
            user.save()

    def in_review(self, owner=None, **fields):
        return make_article(status="in_review", publish_at=None, created_by=owner or self.writer, **fields)


class RecipientTests(NoticeTestCase):
    def test_submitting_tells_every_editor_but_not_the_writer(self):
        story = self.draft(self.writer)
        with self.captureOnCommitCallbacks(execute=True):
            apply_transition(story, "submit", self.writer)
        self.assertEqual(recipients(story, "submitted"), {self.editor.username, self.other_editor.username})

    def test_an_editor_submitting_is_not_told_about_it(self):
        story = self.draft(self.writer)
        apply_transition(story, "submit", self.editor)
        self.assertEqual(recipients(story, "submitted"), {self.other_editor.username})

    def test_withdrawing_tells_the_editors_it_left_their_queue(self):
        story = self.in_review()
        apply_transition(story, "withdraw", self.writer)
        self.assertEqual(recipients(story, "withdrawn"), {self.editor.username, self.other_editor.username})
        self.assertIn("withdrew from review", str(Notice.objects.filter(article=story).first()))

    def test_a_superuser_hears_as_an_editor_and_inactive_editors_do_not(self):
        chief = get_user_model().objects.create_superuser("chief", "chief@example.com", "pw")
        self.other_editor.is_active = False
        self.other_editor.save()
        story = self.draft(self.writer)
        apply_transition(story, "submit", self.writer)
        self.assertEqual(recipients(story, "submitted"), {self.editor.username, chief.username})

    def test_each_editors_step_tells_the_writer_and_bylined_colleagues_never_the_editor(self):
        """Return, publish, schedule and unpublish go to the story's writer and to the bylined
        authors with an account; a freelancer without one, other writers and the acting editor
        hear nothing."""
        story = self.in_review()
        Byline.objects.create(article=story, author=make_author(user=self.other_editor), order=1)
        Byline.objects.create(article=story, author=make_author(), order=2)
        steps = [
            ("return_to_draft", "returned", {"note": "Needs a second source."}),
            ("publish_now", "published", {}),
            ("unpublish", "unpublished", {}),
            ("schedule", "scheduled", {"when": timezone.now() + timedelta(days=1)}),
        ]
        for name, event, options in steps:
            with self.subTest(name):
                apply_transition(story, name, self.editor, **options)
                self.assertEqual(recipients(story, event), {self.writer.username, self.other_editor.username})

    def test_a_bylined_writer_who_is_also_the_creator_hears_once(self):
        story = self.in_review()
        Byline.objects.create(article=story, author=make_author(user=self.writer), order=1)
        apply_transition(story, "publish_now", self.editor)
        self.assertEqual(Notice.objects.filter(article=story, recipient=self.writer).count(), 1)

    def test_the_editor_who_wrote_the_story_is_not_told_they_published_it(self):
        story = self.in_review(owner=self.editor)
        apply_transition(story, "publish_now", self.editor)
        self.assertFalse(Notice.objects.filter(article=story).exists())

    def test_a_refused_step_tells_nobody(self):
        story = self.draft(self.writer)
        with self.assertRaises(ValidationError):
            apply_transition(story, "unpublish", self.editor)
        self.assertFalse(Notice.objects.exists())


class RouteTests(NoticeTestCase):
    """Form buttons and list actions both notify: they pass through the same write path."""

    def test_form_buttons_notify(self):
        story = self.draft(self.writer)
        response = csrf_post(
            self.client_for(self.writer), change_url(story), article_post_data(story, _workflow="submit")
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(recipients(story, "submitted"), {self.editor.username, self.other_editor.username})
        live = make_article(created_by=self.writer)
        data = article_post_data(live, **editor_fields(status=live.status), _workflow="unpublish")
        csrf_post(self.client_for(self.editor), change_url(live), data)
        self.assertEqual(self.reload(live).status, "archived")
        self.assertEqual(recipients(live, "unpublished"), {self.writer.username})

    def test_list_actions_notify(self):
        stories = [make_article(created_by=self.writer), make_article(created_by=self.other_writer)]
        csrf_post(
            self.client_for(self.editor),
            CHANGELIST_URL,
            {"action": "unpublish", "_selected_action": [story.pk for story in stories]},
        )
        self.assertEqual(recipients(stories[0], "unpublished"), {self.writer.username})
        self.assertEqual(recipients(stories[1], "unpublished"), {self.other_writer.username})


class ReturnNoteTests(NoticeTestCase):
    """Returning a story to draft needs a note for the writer, by every route."""

    def test_the_write_path_refuses_without_a_note(self):
        story = self.in_review()
        for note in ("", "   "):
            with self.subTest(note=note), self.assertRaisesMessage(ValidationError, NOTE_REQUIRED):
                apply_transition(story, "return_to_draft", self.editor, note=note)
        self.assertEqual(self.reload(story).status, "in_review")
        self.assertFalse(Notice.objects.exists())

    def test_the_form_shows_the_note_field_for_a_story_in_review_only(self):
        client = self.client_for(self.editor)
        page = BeautifulSoup(client.get(change_url(self.in_review())).content, "html.parser")
        self.assertIsNotNone(page.find("textarea", attrs={"name": "return_note"}))
        page = BeautifulSoup(client.get(change_url(self.draft(self.writer))).content, "html.parser")
        self.assertIsNone(page.find("textarea", attrs={"name": "return_note"}))

    def test_the_form_button_refuses_without_a_note_and_keeps_the_story_in_review(self):
        story = self.in_review()
        data = article_post_data(story, **editor_fields(status=story.status), _workflow="return_to_draft")
        response = csrf_post(self.client_for(self.editor), change_url(story), data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, NOTE_REQUIRED)
        self.assertEqual(self.reload(story).status, "in_review")
        self.assertFalse(Notice.objects.exists())

    def test_the_form_button_with_a_note_returns_it_and_the_writer_reads_the_note(self):
        story = self.in_review()
        data = article_post_data(
            story,
            **editor_fields(status=story.status),
            _workflow="return_to_draft",
            return_note="Cut the second half; the quote needs its source.",
        )
        with self.captureOnCommitCallbacks(execute=True):
            response = csrf_post(self.client_for(self.editor), change_url(story), data)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.reload(story).status, "draft")
        notice = Notice.objects.get(article=story)
        self.assertEqual(
            (notice.recipient, notice.event, notice.note),
            (self.writer, "returned", "Cut the second half; the quote needs its source."),
        )
        self.assertIn("the quote needs its source", mail.outbox[0].body)

    def test_the_list_action_asks_for_a_note_first(self):
        story = self.in_review()
        client = self.client_for(self.editor)
        page = csrf_post(
            client, CHANGELIST_URL, {"action": "return_to_draft", "_selected_action": [story.pk]}
        )
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "Note for the writer")
        self.assertEqual(self.reload(story).status, "in_review")
        csrf_post(
            client,
            CHANGELIST_URL,
            {
                "action": "return_to_draft",
                "_selected_action": [story.pk],
                "apply": "1",
                "note": "Shorter, please.",
            },
        )
        self.assertEqual(self.reload(story).status, "draft")
        self.assertEqual(Notice.objects.get(article=story).note, "Shorter, please.")

    def test_a_forged_list_action_without_a_note_is_refused(self):
        story = self.in_review()
        for note in ({}, {"note": ""}, {"note": "  "}):
            with self.subTest(note=note):
                page = csrf_post(
                    self.client_for(self.editor),
                    CHANGELIST_URL,
                    {"action": "return_to_draft", "_selected_action": [story.pk], "apply": "1", **note},
                )
                self.assertEqual(page.status_code, 200)
                self.assertEqual(self.reload(story).status, "in_review")
        self.assertFalse(Notice.objects.exists())


class EmailTests(NoticeTestCase):
    def test_emails_leave_only_once_the_step_commits(self):
        story = self.in_review()
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            apply_transition(story, "return_to_draft", self.editor, note="Fix the dek.")
        self.assertEqual(len(mail.outbox), 0)
        for callback in callbacks:
            callback()
        self.assertEqual(len(mail.outbox), 1)

    def test_a_failing_mail_server_never_undoes_the_step(self):
        story = self.in_review()
        with (
            mock.patch("desk.notices.send_mass_mail", side_effect=OSError("SMTP down")) as send,
            self.captureOnCommitCallbacks(execute=True),
        ):
            apply_transition(story, "publish_now", self.editor)
        send.assert_called_once()
        self.assertEqual(self.reload(story).status, "published")
        self.assertEqual(recipients(story, "published"), {self.writer.username})

    def test_the_email_names_the_step_the_editor_the_story_and_links_to_its_form(self):
        self.editor.first_name, self.editor.last_name = "Dana", "Reyes"
        self.editor.save()
        story = self.in_review(headline="Fallout's HALO jump")
        with (
            self.settings(NEWSROOM_SITE_URL="https://news.example.com"),
            self.captureOnCommitCallbacks(execute=True),
        ):
            apply_transition(story, "return_to_draft", self.editor, note="Add the studio's statement.")
        [email] = mail.outbox
        self.assertEqual(email.to, [self.writer.email])
        self.assertIn("Dana Reyes returned to draft “Fallout's HALO jump”", email.subject)
        self.assertIn("Their note for you:\n\nAdd the studio's statement.", email.body)
        self.assertIn(f"https://news.example.com{change_url(story)}", email.body)
        self.assertIn(f"https://news.example.com{reverse('desk:preferences')}", email.body)

    def test_a_scheduled_email_says_when(self):
        story = self.in_review()
        when = timezone.now() + timedelta(days=2)
        with self.captureOnCommitCallbacks(execute=True):
            apply_transition(story, "schedule", self.editor, when=when)
        local = timezone.localtime(when)
        self.assertIn(f"for {local:%a} {local.day} {local:%b %Y, %H:%M %Z}", mail.outbox[0].body)

    def test_a_person_who_turned_emails_off_still_gets_the_notice(self):
        NoticePreference.objects.create(user=self.other_editor, email=False)
        story = self.draft(self.writer)
        with self.captureOnCommitCallbacks(execute=True):
            apply_transition(story, "submit", self.writer)
        self.assertEqual(recipients(story, "submitted"), {self.editor.username, self.other_editor.username})
        self.assertEqual([email.to for email in mail.outbox], [[self.editor.email]])

    def test_the_preference_page_turns_emails_off_and_on(self):
        client = self.client_for(self.writer)
        url = reverse("desk:preferences")
        self.assertContains(client.get(url), 'name="email"')
        csrf_post(client, url, {})
        self.assertFalse(NoticePreference.objects.get(user=self.writer).email)
        csrf_post(client, url, {"email": "on"})
        self.assertTrue(NoticePreference.objects.get(user=self.writer).email)

    def test_no_address_no_email(self):
        self.writer.email = ""
        self.writer.save()
        with self.captureOnCommitCallbacks(execute=True):
            apply_transition(self.in_review(), "publish_now", self.editor)
        self.assertEqual(mail.outbox, [])


class BellAndListTests(NoticeTestCase):
    def notices_for_writer(self, count=2):
        stories = [self.in_review(headline=f"Story {n}") for n in range(count)]
        for story in stories:
            apply_transition(story, "publish_now", self.editor)
        return stories

    def test_every_admin_page_shows_the_bell_with_my_unread_count(self):
        self.notices_for_writer(2)
        client = self.client_for(self.writer)
        for url in ("/admin/", CHANGELIST_URL, reverse("desk:notices"), "/admin/password_change/"):
            with self.subTest(url):
                bell = BeautifulSoup(client.get(url).content, "html.parser").select_one(
                    "#user-tools a.desk-bell"
                )
                self.assertEqual(bell["href"], reverse("desk:notices"))
                self.assertEqual(" ".join(bell.select_one(".desk-bell-count").get_text().split()), "2 unread")

    def test_the_bell_counts_once_then_follows_new_and_read_notices(self):
        """The count is read once and kept; a notice arriving or read changes it at once."""
        client = self.client_for(self.writer)

        def bell():
            with CaptureQueriesContext(connection) as queries:
                page = BeautifulSoup(client.get("/admin/password_change/").content, "html.parser")
            count = page.select_one("#user-tools .desk-bell-count")
            shown = count.get_text().split()[0] if count else "0"
            return shown, len([query for query in queries if "desk_notice" in query["sql"]])

        self.assertEqual(bell(), ("0", 1))
        self.assertEqual(bell(), ("0", 0))
        self.notices_for_writer(2)
        self.assertEqual(bell(), ("2", 1))
        self.assertEqual(bell(), ("2", 0))
        notice = Notice.objects.filter(recipient=self.writer).first()
        csrf_post(client, reverse("desk:notice_read", args=[notice.pk]), {})
        self.assertEqual(bell()[0], "1")
        csrf_post(client, reverse("desk:notices_read"), {})
        self.assertEqual(bell()[0], "0")

    def test_the_bell_forgets_notices_deleted_with_their_story(self):
        stories = self.notices_for_writer(2)
        client = self.client_for(self.writer)

        def shown():
            page = BeautifulSoup(client.get("/admin/password_change/").content, "html.parser")
            count = page.select_one("#user-tools .desk-bell-count")
            return count.get_text().split()[0] if count else "0"

        self.assertEqual(shown(), "2")
        stories[0].delete()
        self.assertEqual(shown(), "1")

    def test_the_list_shows_my_notices_only_each_linking_to_the_story_form(self):
        stories = self.notices_for_writer(2)
        apply_transition(self.in_review(owner=self.other_writer), "publish_now", self.editor)
        page = BeautifulSoup(self.client_for(self.writer).get(reverse("desk:notices")).content, "html.parser")
        links = [a["href"] for a in page.select(".desk-notice a")]
        self.assertEqual(links, [change_url(stories[1]), change_url(stories[0])])

    def test_mark_one_and_mark_all_as_read(self):
        self.notices_for_writer(3)
        client = self.client_for(self.writer)
        first = Notice.objects.filter(recipient=self.writer).first()
        response = csrf_post(client, reverse("desk:notice_read", args=[first.pk]), {})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Notice.objects.filter(recipient=self.writer, read_at__isnull=True).count(), 2)
        csrf_post(client, reverse("desk:notices_read"), {})
        self.assertEqual(Notice.objects.filter(recipient=self.writer, read_at__isnull=True).count(), 0)

    def test_marking_needs_a_post_with_csrf_and_my_own_notice(self):
        self.notices_for_writer(1)
        notice = Notice.objects.get(recipient=self.writer)
        url = reverse("desk:notice_read", args=[notice.pk])
        self.assertEqual(self.client_for(self.writer).get(url).status_code, 405)
        no_token = self.client_for(self.writer)
        self.assertEqual(no_token.post(url).status_code, 403)
        self.assertEqual(csrf_post(self.client_for(self.other_writer), url, {}).status_code, 404)
        self.assertIsNone(Notice.objects.get(pk=notice.pk).read_at)

    def test_next_must_stay_on_the_site(self):
        self.notices_for_writer(1)
        response = csrf_post(
            self.client_for(self.writer), reverse("desk:notices_read"), {"next": "https://evil.example/"}
        )
        self.assertEqual(response["Location"], reverse("desk:notices"))

    def test_the_pages_are_for_staff_only(self):
        for url in (reverse("desk:notices"), reverse("desk:preferences")):
            with self.subTest(url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertIn("/admin/login/", response["Location"])


class NoticeModelTests(TestCase):
    def test_a_deleted_story_takes_its_notices_with_it(self):
        writer, editor = make_user("Writers"), make_user("Editors")
        story = make_article(status="in_review", publish_at=None, created_by=writer)
        apply_transition(story, "publish_now", editor)
        story.delete()
        self.assertFalse(Notice.objects.exists())
