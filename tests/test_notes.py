"""Editorial notes (desk.notes): staff-only threads on a story with @mentions that notify; who may
read, add and resolve them, decided on the server; never shown to readers, fed, or kept in the
story's revisions."""

import reversion
from bs4 import BeautifulSoup
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reversion.models import Version

from articles.changes import apply_transition
from desk.models import EditorialNote, Notice
from desk.notes import add_note, mentioned_names
from tests.admin.helpers import RoleTestCase, article_post_data, change_url, editor_fields
from tests.factories import csrf_post, make_article, make_user

SECRET = "Legal says hold the stunt double's name"


class NotesTestCase(RoleTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for user in (cls.writer, cls.other_writer, cls.editor):
            user.email = f"{user.username}@example.com"
            user.save()

    def add_url(self, story):
        return reverse("desk:note_add", args=[story.pk])

    def resolve_url(self, note):
        return reverse("desk:note_resolve", args=[note.pk])


class PanelTests(NotesTestCase):
    def test_the_story_form_shows_the_thread_and_a_form_to_add_one(self):
        story = self.draft(self.writer)
        add_note(story, self.editor, "First thought.")
        page = BeautifulSoup(self.client_for(self.writer).get(change_url(story)).content, "html.parser")
        panel = page.select_one("#editorial-notes")
        self.assertIn("First thought.", panel.get_text())
        self.assertEqual(panel.select_one("form.desk-new-note")["action"], self.add_url(story))
        # The panel is its own form, outside the story's.
        self.assertIsNone(page.select_one("#article_form #editorial-notes"))
        self.assertEqual(page.select_one(".desk-notes-link a")["href"], "#editorial-notes")

    def test_note_text_is_escaped(self):
        story = self.draft(self.writer)
        add_note(story, self.editor, "<script>alert(1)</script>")
        response = self.client_for(self.editor).get(change_url(story))
        self.assertNotContains(response, "<script>alert(1)</script>")
        self.assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")

    def test_the_panel_costs_a_fixed_number_of_queries(self):
        story = self.draft(self.writer)
        for n in range(3):
            thread = add_note(story, self.editor, f"Thread {n}")
            add_note(story, self.writer, "Reply", thread=thread)
        client = self.client_for(self.editor)
        client.get(change_url(story))
        with CaptureQueriesContext(connection) as queries:
            client.get(change_url(story))
        self.assertLessEqual(len([q for q in queries if "desk_editorialnote" in q["sql"]]), 3)


class AddTests(NotesTestCase):
    def test_a_writer_adds_and_replies_on_their_own_story(self):
        story = self.draft(self.writer)
        client = self.client_for(self.writer)
        response = csrf_post(client, self.add_url(story), {"text": "Is the quote on the record?"})
        self.assertEqual(response.status_code, 302)
        thread = EditorialNote.objects.get(article=story)
        self.assertEqual(response["Location"], f"{change_url(story)}#note-{thread.pk}")
        csrf_post(self.client_for(self.editor), self.add_url(story), {"text": "Yes.", "thread": thread.pk})
        self.assertEqual([reply.text for reply in thread.replies.all()], ["Yes."])

    def test_a_note_may_be_added_to_a_story_in_review_the_writer_cannot_edit(self):
        story = make_article(status="in_review", publish_at=None, created_by=self.writer)
        csrf_post(self.client_for(self.writer), self.add_url(story), {"text": "One more source coming."})
        self.assertTrue(EditorialNote.objects.filter(article=story).exists())

    def test_an_empty_note_or_a_reply_to_another_storys_thread_is_refused(self):
        story, other = self.draft(self.writer), self.draft(self.writer)
        elsewhere = add_note(other, self.editor, "Elsewhere")
        client = self.client_for(self.writer)
        csrf_post(client, self.add_url(story), {"text": "  "})
        csrf_post(client, self.add_url(story), {"text": "Sneaky", "thread": elsewhere.pk})
        self.assertFalse(EditorialNote.objects.filter(article=story).exists())

    def test_adding_needs_a_post_with_csrf(self):
        story = self.draft(self.writer)
        self.assertEqual(self.client_for(self.writer).get(self.add_url(story)).status_code, 405)
        self.assertEqual(
            self.client_for(self.writer).post(self.add_url(story), {"text": "x"}).status_code, 403
        )
        self.assertFalse(EditorialNote.objects.exists())


class PermissionTests(NotesTestCase):
    """Notes follow the story's preview right: editors any story, writers their own."""

    def test_a_writer_cannot_read_or_add_to_notes_on_a_story_they_cannot_preview(self):
        story = self.draft(self.other_writer)
        add_note(story, self.editor, SECRET)
        client = self.client_for(self.writer)
        self.assertNotContains(client.get(change_url(story)), SECRET)
        response = csrf_post(client, self.add_url(story), {"text": "Let me in"})
        self.assertEqual(response.status_code, 403)
        self.assertEqual(EditorialNote.objects.filter(article=story).count(), 1)

    def test_a_writer_cannot_read_notes_of_a_live_story_by_someone_else(self):
        """Writers may view every story in the admin, but not its notes."""
        story = make_article(created_by=self.other_writer)
        add_note(story, self.editor, SECRET)
        response = self.client_for(self.writer).get(change_url(story))
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, SECRET)
        self.assertNotContains(response, 'id="editorial-notes"')

    def test_only_the_notes_author_or_an_editor_resolves_and_reopens(self):
        story = self.draft(self.writer)
        by_editor = add_note(story, self.editor, "Editor's thread")
        by_writer = add_note(story, self.writer, "Writer's thread")
        writer = self.client_for(self.writer)
        self.assertEqual(csrf_post(writer, self.resolve_url(by_editor), {}).status_code, 403)
        self.assertIsNone(EditorialNote.objects.get(pk=by_editor.pk).resolved_at)
        csrf_post(writer, self.resolve_url(by_writer), {})
        self.assertIsNotNone(EditorialNote.objects.get(pk=by_writer.pk).resolved_at)
        editor = self.client_for(self.editor)
        csrf_post(editor, self.resolve_url(by_editor), {})
        resolved = EditorialNote.objects.get(pk=by_editor.pk)
        self.assertEqual(resolved.resolved_by, self.editor)
        csrf_post(editor, self.resolve_url(by_writer), {"reopen": "1"})
        self.assertIsNone(EditorialNote.objects.get(pk=by_writer.pk).resolved_at)

    def test_the_panel_offers_resolve_only_to_who_may(self):
        story = self.draft(self.writer)
        add_note(story, self.editor, "Editor's thread")
        page = BeautifulSoup(self.client_for(self.writer).get(change_url(story)).content, "html.parser")
        self.assertIsNone(page.select_one(".desk-resolve"))
        page = BeautifulSoup(self.client_for(self.editor).get(change_url(story)).content, "html.parser")
        self.assertIsNotNone(page.select_one(".desk-resolve"))

    def test_a_reply_cannot_be_resolved_on_its_own(self):
        story = self.draft(self.writer)
        reply = add_note(story, self.editor, "Reply", thread=add_note(story, self.editor, "Thread"))
        self.assertEqual(
            csrf_post(self.client_for(self.editor), self.resolve_url(reply), {}).status_code, 404
        )


class MentionTests(NotesTestCase):
    def test_mentioned_names(self):
        text = "@ana, see @bo.b. and ask @cy! Not mail@example.com; @ana again."
        self.assertEqual(mentioned_names(text), ["ana", "bo.b", "cy"])

    def test_a_mention_notifies_the_colleague_in_the_admin_and_by_email(self):
        story = self.draft(self.writer)
        with self.captureOnCommitCallbacks(execute=True):
            csrf_post(
                self.client_for(self.writer),
                self.add_url(story),
                {"text": f"@{self.editor.username} can you check the release date?"},
            )
        notice = Notice.objects.get(recipient=self.editor)
        self.assertEqual(notice.event, "mentioned")
        self.assertEqual(notice.actor, self.writer)
        self.assertIn("#note-", notice.get_absolute_url())
        [email] = mail.outbox
        self.assertEqual(email.to, [self.editor.email])
        self.assertIn("mentioned you in a note on", email.subject)
        self.assertIn("can you check the release date?", email.body)

    def test_a_mention_of_someone_who_cannot_see_the_story_notifies_nobody(self):
        story = self.draft(self.writer)
        response = csrf_post(
            self.client_for(self.editor), self.add_url(story), {"text": f"Ask @{self.other_writer.username}"}
        )
        self.assertFalse(Notice.objects.filter(recipient=self.other_writer).exists())
        messages = [str(m) for m in get_messages(response.wsgi_request)]
        self.assertTrue(any(self.other_writer.username in m for m in messages), messages)

    def test_mentioning_yourself_or_nobody_known_notifies_nobody(self):
        story = self.draft(self.writer)
        add_note(story, self.writer, f"Note to self @{self.writer.username}, and @nobody-here")
        self.assertFalse(Notice.objects.exists())

    def test_a_mention_of_an_inactive_or_non_staff_account_notifies_nobody(self):
        gone = make_user("Editors", is_active=False)
        story = self.draft(self.writer)
        add_note(story, self.writer, f"@{gone.username}")
        self.assertFalse(Notice.objects.exists())


class PrivacyTests(NotesTestCase):
    """Notes never reach readers, feeds, or the story's revisions."""

    def setUp(self):
        self.story = make_article(created_by=self.writer, headline="Fallout's HALO jump")
        add_note(self.story, self.editor, SECRET)

    def test_not_on_the_public_page_or_feeds(self):
        for url in (self.story.get_absolute_url(), "/", "/feed/", "/feed/atom/", "/sitemap.xml"):
            with self.subTest(url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertNotIn(SECRET, response.content.decode())

    def test_not_on_the_staff_preview(self):
        response = self.client_for(self.editor).get(
            reverse("admin:articles_article_preview", args=[self.story.pk])
        )
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, SECRET)

    def test_not_followed_into_the_storys_revisions(self):
        self.assertFalse(reversion.is_registered(EditorialNote))
        data = article_post_data(self.story, **editor_fields(status=self.story.status), dek="Saved")
        csrf_post(self.client_for(self.editor), change_url(self.story), data)
        apply_transition(self.reload(self.story), "unpublish", self.editor)
        self.assertGreaterEqual(Version.objects.get_for_object(self.story).count(), 2)
        note_type = ContentType.objects.get_for_model(EditorialNote)
        self.assertFalse(Version.objects.filter(content_type=note_type).exists())
        for version in Version.objects.all():
            self.assertNotIn(SECRET, version.serialized_data)

    def test_a_deleted_story_takes_its_notes_with_it(self):
        self.story.delete()
        self.assertFalse(EditorialNote.objects.exists())
