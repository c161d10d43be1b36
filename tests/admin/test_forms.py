"""The story form (ArticleAdminForm): what writers and editors may save, the workflow buttons it
applies on the server, hand-made POSTs (CSRF enforced) refused as the UI refuses them, no lost
updates, and no slug an old address still redirects from."""

from datetime import timedelta
from unittest import mock

from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from django.test import Client, TestCase
from django.utils import timezone

from articles.admin.forms import ArticleAdminForm
from articles.changes import record_slug_change
from articles.models import Article
from tests.admin.helpers import (
    ADD_URL,
    RoleTestCase,
    article_post_data,
    change_url,
    editor_fields,
    local_parts,
)
from tests.factories import csrf_post, make_article, make_user


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
        """Publish now makes a draft live at once."""
        article = self.draft(self.writer)
        self.assertEqual(self.post(article, _workflow="publish_now").status_code, 302)
        self.assertTrue(self.reload(article).is_live())

    def test_schedule(self):
        """Schedule keeps the time given in the newsroom's zone, and the story waits for it."""
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

    def test_status_is_read_only_for_editors_too(self):
        """Status changes only through the workflow buttons: the form shows it, never as a control."""
        for article in (None, self.draft(self.writer)):
            with self.subTest(article=article):
                page = self.client_for(self.editor).get(change_url(article) if article else ADD_URL)
                self.assertNotContains(page, 'name="status"')
                self.assertContains(page, 'value="publish_now"')

    def test_forged_status_without_a_workflow_button_does_not_publish(self):
        """An editor's hand-made POST with status=published and no workflow intent saves a draft."""
        client = self.client_for(self.editor)
        response = csrf_post(client, ADD_URL, article_post_data(**editor_fields(status="published")))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Article.objects.get(slug="a-headline").status, "draft")
        article = self.draft(self.writer)
        data = article_post_data(article, **editor_fields(status="published"))
        self.assertEqual(csrf_post(client, change_url(article), data).status_code, 302)
        self.assertEqual(self.reload(article).status, "draft")
        self.assertEqual(Article.objects.live().count(), 0)

    def test_a_plain_save_never_puts_a_scheduled_story_live(self):
        """Moving a scheduled story's time to the past with Save is refused: Publish now asks first."""
        article = make_article(created_by=self.writer, publish_at=timezone.now() + timedelta(days=1))
        day, hour = local_parts(timezone.now() - timedelta(minutes=5))
        response = self.post(article, publish_at_0=day, publish_at_1=hour, dek="Typed")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "would put the story live now")
        self.assertContains(response, "Typed")
        self.assertTrue(self.reload(article).is_scheduled())

    def test_a_plain_save_may_move_a_schedule_later(self):
        article = make_article(created_by=self.writer, publish_at=timezone.now() + timedelta(days=1))
        day, hour = local_parts(timezone.now() + timedelta(days=2))
        self.assertEqual(self.post(article, publish_at_0=day, publish_at_1=hour).status_code, 302)
        self.assertTrue(self.reload(article).is_scheduled())

    def test_publish_now_button_asks_first(self):
        page = self.client_for(self.editor).get(change_url(self.draft(self.writer)))
        button = BeautifulSoup(page.content, "html.parser").find("button", {"value": "publish_now"})
        self.assertIn("Readers will see it at once", button["data-confirm"])
        self.assertContains(page, "js/workflow-confirm.js")

    def test_only_editors_message_is_a_sentence(self):
        article = self.draft(self.writer)
        client = self.client_for(self.writer)
        response = csrf_post(client, change_url(article), article_post_data(article, _workflow="publish_now"))
        self.assertContains(response, "Only editors can publish a story now.")

    def test_scheduled_message_names_the_time_in_the_newsroom_zone(self):
        article = self.draft(self.writer)
        when = timezone.make_aware(timezone.datetime(timezone.now().year + 2, 12, 4, 9, 30))
        day, hour = local_parts(when)
        response = self.post(article, _workflow="schedule", publish_at_0=day, publish_at_1=hour)
        messages = [str(m) for m in get_messages(response.wsgi_request)]
        self.assertIn(f"“{article}” was scheduled for {when:%a} 4 Dec, 09:30 EST.", messages)

    def test_unpublish_takes_story_off_the_site_at_once(self):
        article = make_article(created_by=self.writer)
        self.assertEqual(self.client_for(self.editor).get(article.get_absolute_url()).status_code, 200)
        self.assertEqual(self.post(article, _workflow="unpublish").status_code, 302)
        self.assertEqual(self.reload(article).status, "archived")
        self.assertEqual(Client().get(article.get_absolute_url()).status_code, 404)


def posted_version(response):
    return BeautifulSoup(response.content, "html.parser").find("input", {"name": "edit_version"})["value"]


class ConflictThroughAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.dana = make_user("Editors", first_name="Dana", last_name="Reyes")
        cls.sam = make_user("Editors", first_name="Sam", last_name="Ortiz")
        cls.article = make_article(headline="Original", body="<p>Original body</p>")

    def open_as(self, user):
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        page = client.get(change_url(self.article))
        return client, posted_version(page)

    def save(self, client, version, **fields):
        data = article_post_data(self.article, **editor_fields(status="published", **fields))
        data["edit_version"] = version
        data["publish_at_0"], data["publish_at_1"] = (
            timezone.localtime(self.article.publish_at).strftime("%Y-%m-%d %H:%M:%S").split()
        )
        return csrf_post(client, change_url(self.article), data)

    def test_second_save_is_refused_naming_the_first_and_keeping_the_text(self):
        dana, dana_version = self.open_as(self.dana)
        sam, sam_version = self.open_as(self.sam)
        self.assertEqual(self.save(dana, dana_version, headline="Dana's headline").status_code, 302)

        response = self.save(sam, sam_version, headline="Sam's headline", body="<p>Sam typed this</p>")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Dana Reyes saved this story at")
        self.assertContains(response, "Sam&#x27;s headline")
        self.assertContains(response, "Sam typed this")
        self.assertEqual(Article.objects.get(pk=self.article.pk).headline, "Dana's headline")

        # Saving again from the refused form is a deliberate choice, and goes through.
        again = self.save(sam, posted_version(response), headline="Sam's headline")
        self.assertEqual(again.status_code, 302)
        self.assertEqual(Article.objects.get(pk=self.article.pk).headline, "Sam's headline")

    def test_race_between_check_and_write_is_still_caught(self):
        """If the other save lands after the form's check, the conditional UPDATE refuses ours."""
        dana, dana_version = self.open_as(self.dana)
        sam, sam_version = self.open_as(self.sam)
        self.save(dana, dana_version, headline="Dana's headline")
        real_check = ArticleAdminForm.check_not_stale
        calls = []

        def check_misses_once(form, cleaned):
            calls.append(1)
            if len(calls) > 1:
                return real_check(form, cleaned)

        with mock.patch.object(ArticleAdminForm, "check_not_stale", check_misses_once):
            response = self.save(sam, sam_version, headline="Sam's headline")
        self.assertEqual(len(calls), 2, "the write was refused and the form checked again")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Dana Reyes saved this story at")
        self.assertEqual(Article.objects.get(pk=self.article.pk).headline, "Dana's headline")


class SlugTests(TestCase):
    def test_new_story_cannot_take_a_redirecting_slug(self):
        article = make_article(slug="taken")
        old = article.slug
        article.slug = "moved"
        article.save()
        record_slug_change(article, old)
        client = Client()
        client.force_login(make_user("Editors"))
        response = client.post(ADD_URL, article_post_data(slug="taken", **editor_fields()))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "still redirects to")


class TagFieldTests(TestCase):
    """Every tag typed needs an address; a refused one is explained, and nothing typed is lost."""

    def post(self, tags):
        client = Client()
        client.force_login(make_user("Editors"))
        data = article_post_data(headline="Typed with care", tags=tags, **editor_fields())
        return client.post(ADD_URL, data)

    def test_tags_in_any_script_are_taken(self):
        self.assertEqual(self.post("Pokémon, 日本語, Amélie").status_code, 302)
        story = Article.objects.get(headline="Typed with care")
        self.assertEqual(sorted(story.tags.values_list("slug", flat=True)), ["amélie", "pokémon", "日本語"])

    def test_a_tag_without_a_letter_or_digit_is_refused_keeping_the_text(self):
        response = self.post("Stunts, !!!")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "A tag needs at least one letter or digit: “!!!” has none.")
        self.assertContains(response, "Typed with care")
        self.assertFalse(Article.objects.filter(headline="Typed with care").exists())

    def test_a_tag_longer_than_a_tag_holds_is_refused_keeping_the_text(self):
        response = self.post("x" * 101)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "A tag may be at most 100 characters long")
        self.assertContains(response, "Typed with care")

    def test_a_short_tag_whose_address_would_be_too_long_is_refused(self):
        """Ten characters, but ﷺ normalizes to 18 letters: a 180-character slug, where 100 fit."""
        response = self.post("Stunts, " + "ﷺ" * 10)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "would be too long: shorten it")
        self.assertEqual(self.post("ﷺ" * 5).status_code, 302)


class DateBoundsTests(TestCase):
    """A date typed far outside the newsroom's years is a form error, never a 500, and the text
    typed stays."""

    def test_publish_expiry_embargo_and_plan_dates_out_of_bounds_are_refused(self):
        client = Client()
        client.force_login(make_user("Editors"))
        for field in ("publish_at", "expire_at", "embargo_until", "planned_for"):
            for day in ("9999-12-31", "0001-01-01"):
                with self.subTest(field=field, day=day):
                    if field == "planned_for":
                        times = {"planned_for": day}
                    else:
                        times = {f"{field}_0": day, f"{field}_1": "23:59:00"}
                    data = article_post_data(headline=f"Far {field}", **editor_fields(**times))
                    response = client.post(ADD_URL, data)
                    self.assertEqual(response.status_code, 200)
                    self.assertContains(response, "Choose a date between 1800 and 2199.")
                    self.assertContains(response, f"Far {field}")
        self.assertFalse(Article.objects.exists())

    def test_the_edges_are_checked_as_the_database_checks_them_in_utc(self):
        """New York's late evening of 31 December 2199 is 2200 in UTC, what the constraint holds
        stored times to; its 1 January 1800 00:30 is still 1800 in UTC. (A zone east of UTC
        would turn the earliest edge the other way.)"""
        client = Client()
        client.force_login(make_user("Editors"))
        for day, time, accepted in (
            ("2199-12-31", "23:30:00", False),
            ("2199-12-31", "18:30:00", True),
            ("1800-01-01", "00:30:00", True),
        ):
            with self.subTest(day=day, time=time):
                times = {"expire_at_0": day, "expire_at_1": time}
                data = article_post_data(
                    headline=f"Edge {day} {time}", slug=f"edge-{day}-{time[:2]}", **editor_fields(**times)
                )
                response = client.post(ADD_URL, data)
                self.assertEqual(response.status_code, 302 if accepted else 200)
                if not accepted:
                    self.assertContains(response, "Choose a date between 1800 and 2199.")
        with self.settings(TIME_ZONE="Asia/Tokyo"):
            data = article_post_data(
                headline="Tokyo's first hour of 1800",
                slug="tokyo",
                **editor_fields(expire_at_0="1800-01-01", expire_at_1="00:30:00"),
            )
            self.assertContains(client.post(ADD_URL, data), "Choose a date between 1800 and 2199.")
