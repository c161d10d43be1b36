"""Workflow transitions as the story list's actions: the same rules and the same version check as
the story form, so a hand-made POST meets the same refusal as the buttons."""

from datetime import timedelta

from django.contrib.messages import get_messages
from django.utils import timezone

from articles.changes import save_story
from articles.models import Article
from tests.admin.helpers import CHANGELIST_URL, RoleTestCase, local_parts
from tests.factories import csrf_post, make_article, make_user


class WriterActionTests(RoleTestCase):
    def test_forged_list_actions_fail(self):
        """A writer's hand-made POST of an editor's list action leaves the story a draft."""
        article = self.draft(self.writer)
        client = self.client_for(self.writer)
        for action in ("publish_now", "unpublish", "return_to_draft", "schedule"):
            with self.subTest(action):
                csrf_post(
                    client, CHANGELIST_URL, {"action": action, "_selected_action": [article.pk], "apply": "1"}
                )
                self.assertEqual(self.reload(article).status, "draft")
        self.assertEqual(Article.objects.live().count(), 0)

    def test_submit_action_only_on_own_drafts(self):
        own, other = self.draft(self.writer), self.draft(self.other_writer)
        csrf_post(
            self.client_for(self.writer),
            CHANGELIST_URL,
            {"action": "submit", "_selected_action": [own.pk, other.pk], "owner": "all"},
        )
        self.assertEqual(self.reload(own).status, "in_review")
        self.assertEqual(self.reload(other).status, "draft")


class EditorActionTests(RoleTestCase):
    def test_list_actions(self):
        """Publish now and Unpublish apply to every selected story at once."""
        drafts = [self.draft(self.writer) for _ in range(2)]
        client = self.client_for(self.editor)
        selected = {"action": "publish_now", "_selected_action": [d.pk for d in drafts]}
        page = csrf_post(client, CHANGELIST_URL, selected)
        self.assertContains(page, "Yes, publish now")
        self.assertEqual(Article.objects.live().count(), 0, "Publish now asks first")
        csrf_post(client, CHANGELIST_URL, {**selected, "confirmed": "1"})
        self.assertEqual(Article.objects.live().count(), 2)
        csrf_post(client, CHANGELIST_URL, {"action": "unpublish", "_selected_action": [drafts[0].pk]})
        self.assertEqual(self.reload(drafts[0]).status, "archived")

    def test_schedule_action_asks_for_a_time_in_the_newsroom_zone(self):
        article = self.draft(self.writer)
        client = self.client_for(self.editor)
        page = csrf_post(client, CHANGELIST_URL, {"action": "schedule", "_selected_action": [article.pk]})
        self.assertContains(page, "America/New_York")
        when = (timezone.now() + timedelta(days=2)).replace(second=0, microsecond=0)
        day, hour = local_parts(when)
        csrf_post(
            client,
            CHANGELIST_URL,
            {
                "action": "schedule",
                "_selected_action": [article.pk],
                "apply": "1",
                "when_0": day,
                "when_1": hour,
            },
        )
        self.assertEqual(self.reload(article).publish_at, when)
        self.assertTrue(self.reload(article).is_scheduled())

    def test_a_schedule_far_outside_the_newsrooms_years_is_asked_again(self):
        article = self.draft(self.writer)
        data = {"action": "schedule", "_selected_action": [article.pk], "apply": "1", "when_1": "23:59:00"}
        page = csrf_post(self.client_for(self.editor), CHANGELIST_URL, {**data, "when_0": "9999-12-31"})
        self.assertContains(page, "Choose a date between 1800 and 2199.")
        self.assertEqual(self.reload(article).status, "draft")

    def test_return_to_draft(self):
        """Return to draft sends a story in review back to its writer, with the editor's note
        (asked for on a page of its own: tests/test_notices.py)."""
        article = make_article(status="in_review", created_by=self.writer)
        csrf_post(
            self.client_for(self.editor),
            CHANGELIST_URL,
            {
                "action": "return_to_draft",
                "_selected_action": [article.pk],
                "apply": "1",
                "note": "Tighten it.",
            },
        )
        self.assertEqual(self.reload(article).status, "draft")

    def test_publish_now_confirmation_keeps_the_listed_versions(self):
        """The confirmation page carries each story and the version the list showed."""
        draft = self.draft(self.writer)
        page = csrf_post(
            self.client_for(self.editor),
            CHANGELIST_URL,
            {"action": "publish_now", "_selected_action": [draft.pk], f"_version_{draft.pk}": draft.version},
        )
        self.assertContains(page, f'name="_version_{draft.pk}" value="{draft.version}"')
        self.assertContains(page, 'name="confirmed"')
        self.assertContains(page, draft.headline)

    def test_scheduled_message_says_when(self):
        article = self.draft(self.writer)
        when = timezone.make_aware(timezone.datetime(timezone.now().year + 2, 12, 4, 9, 30))
        day, hour = local_parts(when)
        response = csrf_post(
            self.client_for(self.editor),
            CHANGELIST_URL,
            {
                "action": "schedule",
                "_selected_action": [article.pk],
                "apply": "1",
                "when_0": day,
                "when_1": hour,
            },
        )
        messages = [str(m) for m in get_messages(response.wsgi_request)]
        self.assertTrue(any(f"scheduled for {when:%a} 4 Dec, 09:30 EST" in m for m in messages), messages)

    def test_stale_list_action_is_refused(self):
        """An action on a story someone saved after the list was shown changes nothing and says who."""
        client = self.client_for(self.editor)
        draft = make_article(status="draft", publish_at=None)
        listed_version = draft.version
        dana = make_user("Editors", first_name="Dana", last_name="Reyes")
        save_story(Article.objects.get(pk=draft.pk), user=dana)
        response = csrf_post(
            client,
            CHANGELIST_URL,
            {
                "action": "publish_now",
                "_selected_action": [draft.pk],
                f"_version_{draft.pk}": listed_version,
                "confirmed": "1",
            },
        )
        self.assertEqual(response.status_code, 302)
        messages = [str(m) for m in get_messages(response.wsgi_request)]
        self.assertTrue(any("Dana Reyes saved this story" in m for m in messages), messages)
        self.assertEqual(Article.objects.get(pk=draft.pk).status, "draft")
