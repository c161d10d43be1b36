"""Writers and editors in the admin: what each may do, through the form, the buttons and the
list actions, and through hand-made POSTs (CSRF enforced) that skip the UI."""

from datetime import timedelta

from django.test import Client, TestCase
from django.utils import timezone

from articles.models import Article
from tests.admin.helpers import ADD_URL, CHANGELIST_URL, article_post_data, change_url, editor_fields
from tests.factories import csrf_post, make_article, make_user


def local_parts(moment):
    local = timezone.localtime(moment)
    return local.date().isoformat(), local.strftime("%H:%M:%S")


class RoleTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.writer = make_user("Writers")
        cls.other_writer = make_user("Writers")
        cls.editor = make_user("Editors")

    def client_for(self, user):
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        return client

    def draft(self, owner, **fields):
        return make_article(status="draft", publish_at=None, created_by=owner, **fields)

    def reload(self, article):
        return Article.objects.get(pk=article.pk)


class WriterTests(RoleTestCase):
    def test_writer_creates_a_draft(self):
        client = self.client_for(self.writer)
        response = csrf_post(client, ADD_URL, article_post_data())
        self.assertEqual(response.status_code, 302)
        article = Article.objects.get(slug="a-headline")
        self.assertEqual((article.status, article.created_by), ("draft", self.writer))

    def test_writer_edits_own_draft(self):
        article = self.draft(self.writer)
        response = csrf_post(
            self.client_for(self.writer), change_url(article), article_post_data(article, dek="New")
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.reload(article).dek, "New")

    def test_writer_cannot_edit_others_or_submitted_or_published_stories(self):
        stories = {
            "someone else's draft": self.draft(self.other_writer),
            "own story in review": make_article(status="in_review", created_by=self.writer),
            "own published story": make_article(created_by=self.writer),
        }
        client = self.client_for(self.writer)
        for name, article in stories.items():
            with self.subTest(name):
                page = client.get(change_url(article))
                self.assertEqual(page.status_code, 200)
                self.assertNotContains(page, 'name="_save"')
                response = csrf_post(
                    client, change_url(article), article_post_data(article, headline="Hijacked")
                )
                self.assertEqual(response.status_code, 403)
                self.assertNotEqual(self.reload(article).headline, "Hijacked")

    def test_writer_submits_own_draft_for_review(self):
        article = self.draft(self.writer)
        client = self.client_for(self.writer)
        self.assertContains(client.get(change_url(article)), 'value="submit"')
        response = csrf_post(client, change_url(article), article_post_data(article, _workflow="submit"))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.reload(article).status, "in_review")

    def test_writer_sees_no_publishing_controls(self):
        page = self.client_for(self.writer).get(change_url(self.draft(self.writer)))
        for control in ('name="status"', 'name="publish_at_0"', 'value="publish_now"', 'value="schedule"'):
            with self.subTest(control):
                self.assertNotContains(page, control)

    def test_forged_publishing_posts_fail_and_change_nothing(self):
        """A writer's hand-made POST to publish or schedule is refused like the UI refuses it."""
        soon_day, soon_time = local_parts(timezone.now() + timedelta(hours=2))
        forgeries = {
            "status published": {"status": "published"},
            "a publish time": {"publish_at_0": soon_day, "publish_at_1": soon_time},
            "an embargo": {"embargo_until_0": soon_day, "embargo_until_1": soon_time},
            "publish now button": {"_workflow": "publish_now"},
            "schedule button": {"_workflow": "schedule", "publish_at_0": soon_day, "publish_at_1": soon_time},
            "unpublish button": {"_workflow": "unpublish"},
        }
        client = self.client_for(self.writer)
        for name, forged in forgeries.items():
            with self.subTest(name):
                article = self.draft(self.writer)
                response = csrf_post(
                    client, change_url(article), article_post_data(article, body="<p>Mine</p>", **forged)
                )
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response.context["errors"])
                self.assertContains(response, "Mine")
                saved = self.reload(article)
                self.assertEqual((saved.status, saved.publish_at, saved.embargo_until), ("draft", None, None))

    def test_forged_publishing_on_add_fails(self):
        response = csrf_post(self.client_for(self.writer), ADD_URL, article_post_data(status="published"))
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Article.objects.filter(slug="a-headline").exists())

    def test_forged_list_actions_fail(self):
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
            {"action": "submit_for_review", "_selected_action": [own.pk, other.pk], "owner": "all"},
        )
        self.assertEqual(self.reload(own).status, "in_review")
        self.assertEqual(self.reload(other).status, "draft")

    def test_writer_sees_own_stories_by_default(self):
        own, other = (
            self.draft(self.writer, headline="Mine"),
            self.draft(self.other_writer, headline="Theirs"),
        )
        client = self.client_for(self.writer)
        self.assertEqual(list(client.get(CHANGELIST_URL).context["cl"].result_list), [own])
        everyone = client.get(CHANGELIST_URL, {"owner": "all"}).context["cl"].result_list
        self.assertEqual(set(everyone), {own, other})

    def test_writer_cannot_recover_deleted_stories(self):
        self.assertEqual(self.client_for(self.writer).get(f"{CHANGELIST_URL}recover/").status_code, 403)
        self.assertEqual(self.client_for(self.editor).get(f"{CHANGELIST_URL}recover/").status_code, 200)

    def test_post_without_csrf_token_is_refused(self):
        article = self.draft(self.writer)
        client = self.client_for(self.writer)
        response = client.post(change_url(article), article_post_data(article, dek="No token"))
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.reload(article).dek, "")


class EditorTests(RoleTestCase):
    def post(self, article, **fields):
        data = article_post_data(article, **editor_fields(status=article.status, **fields))
        return csrf_post(self.client_for(self.editor), change_url(article), data)

    def test_editor_edits_anyones_story(self):
        article = make_article(created_by=self.writer)
        response = self.post(article, dek="Edited by the desk")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.reload(article).dek, "Edited by the desk")

    def test_publish_now(self):
        article = self.draft(self.writer)
        self.assertEqual(self.post(article, _workflow="publish_now").status_code, 302)
        self.assertTrue(self.reload(article).is_live())

    def test_schedule(self):
        article = self.draft(self.writer)
        when = (timezone.now() + timedelta(days=1)).replace(second=0, microsecond=0)
        day, hour = local_parts(when)
        self.assertEqual(
            self.post(article, _workflow="schedule", publish_at_0=day, publish_at_1=hour).status_code, 302
        )
        saved = self.reload(article)
        self.assertTrue(saved.is_scheduled())
        self.assertEqual(saved.publish_at, when)

    def test_scheduling_in_the_past_suggests_publish_now(self):
        article = self.draft(self.writer, body="<p>Keep me</p>")
        day, hour = local_parts(timezone.now() - timedelta(hours=1))
        response = self.post(article, _workflow="schedule", publish_at_0=day, publish_at_1=hour)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Publish now")
        self.assertContains(response, "has already passed")
        self.assertContains(response, "Keep me")
        self.assertEqual(self.reload(article).status, "draft")

    def test_publish_now_under_embargo_is_refused(self):
        embargo = timezone.now() + timedelta(days=1)
        article = self.draft(self.writer, embargo_until=embargo)
        day, hour = local_parts(embargo)
        response = self.post(article, _workflow="publish_now", embargo_until_0=day, embargo_until_1=hour)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "under embargo")
        self.assertFalse(self.reload(article).is_live())

    def test_unpublish_takes_story_off_the_site_at_once(self):
        article = make_article(created_by=self.writer)
        self.assertEqual(self.client_for(self.editor).get(article.get_absolute_url()).status_code, 200)
        self.assertEqual(self.post(article, _workflow="unpublish").status_code, 302)
        self.assertEqual(self.reload(article).status, "archived")
        self.assertEqual(Client().get(article.get_absolute_url()).status_code, 404)

    def test_list_actions(self):
        drafts = [self.draft(self.writer) for _ in range(2)]
        client = self.client_for(self.editor)
        csrf_post(
            client, CHANGELIST_URL, {"action": "publish_now", "_selected_action": [d.pk for d in drafts]}
        )
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

    def test_return_to_draft(self):
        article = make_article(status="in_review", created_by=self.writer)
        csrf_post(
            self.client_for(self.editor),
            CHANGELIST_URL,
            {"action": "return_to_draft", "_selected_action": [article.pk]},
        )
        self.assertEqual(self.reload(article).status, "draft")
