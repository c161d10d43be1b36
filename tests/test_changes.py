"""No lost updates, and old addresses that keep working."""

from unittest import mock

from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from django.test import Client, TestCase
from django.utils import timezone

from articles.admin.forms import ArticleAdminForm
from articles.changes import EditConflict, record_slug_change, save_story
from articles.models import Article, SlugRedirect
from tests.admin.helpers import CHANGELIST_URL, article_post_data, change_url, editor_fields
from tests.factories import csrf_post, make_article, make_user


def posted_version(response):
    return BeautifulSoup(response.content, "html.parser").find("input", {"name": "edit_version"})["value"]


class SaveCheckedTests(TestCase):
    def test_stale_save_is_refused_and_writes_nothing(self):
        editor = make_user("Editors", first_name="Dana", last_name="Reyes")
        article = make_article(headline="Original")
        first, second = Article.objects.get(pk=article.pk), Article.objects.get(pk=article.pk)
        first.headline = "First"
        save_story(first, user=editor)
        second.headline = "Second"
        with self.assertRaises(EditConflict) as caught:
            save_story(second, user=make_user("Editors"))
        self.assertIn("Dana Reyes saved this story", str(caught.exception))
        saved = Article.objects.get(pk=article.pk)
        self.assertEqual((saved.headline, saved.version), ("First", 2))


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

    def test_stale_list_action_is_refused(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.sam)
        draft = make_article(status="draft", publish_at=None)
        listed_version = draft.version
        dana, version = self.open_as(self.dana)
        fresh = Article.objects.get(pk=draft.pk)
        save_story(fresh, user=self.dana)
        response = csrf_post(
            client,
            CHANGELIST_URL,
            {"action": "publish_now", "_selected_action": [draft.pk], f"_version_{draft.pk}": listed_version},
        )
        self.assertEqual(response.status_code, 302)
        messages = [str(m) for m in get_messages(response.wsgi_request)]
        self.assertTrue(any("Dana Reyes saved this story" in m for m in messages), messages)
        self.assertEqual(Article.objects.get(pk=draft.pk).status, "draft")


class SlugRedirectTests(TestCase):
    def rename(self, article, slug):
        old = article.slug
        article.slug = slug
        article.save()
        record_slug_change(article, old)

    def test_changed_slug_of_a_live_story_redirects_permanently(self):
        article = make_article(slug="first")
        self.rename(article, "second")
        response = self.client.get("/articles/first/")
        self.assertEqual(response.status_code, 301)
        self.assertEqual(response["Location"], "/articles/second/")

    def test_chains_collapse(self):
        article = make_article(slug="one")
        self.rename(article, "two")
        self.rename(article, "three")
        for old in ("one", "two"):
            with self.subTest(old):
                self.assertEqual(self.client.get(f"/articles/{old}/")["Location"], "/articles/three/")

    def test_taking_back_an_old_slug_makes_no_loop(self):
        article = make_article(slug="one")
        self.rename(article, "two")
        self.rename(article, "one")
        self.assertEqual(self.client.get("/articles/one/").status_code, 200)
        self.assertEqual(self.client.get("/articles/two/")["Location"], "/articles/one/")
        self.assertFalse(SlugRedirect.objects.filter(old_slug="one").exists())

    def test_never_live_story_gets_no_redirect(self):
        article = make_article(slug="draft-one", status="draft", publish_at=None)
        self.rename(article, "draft-two")
        self.assertFalse(SlugRedirect.objects.exists())

    def test_redirect_to_a_story_no_longer_live_is_404(self):
        article = make_article(slug="one")
        self.rename(article, "two")
        Article.objects.filter(pk=article.pk).update(status="archived")
        self.assertEqual(self.client.get("/articles/one/").status_code, 404)

    def test_new_story_cannot_take_a_redirecting_slug(self):
        article = make_article(slug="taken")
        self.rename(article, "moved")
        client = Client()
        client.force_login(make_user("Editors"))
        response = client.post(
            "/admin/articles/article/add/", article_post_data(slug="taken", **editor_fields())
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "still redirects to")

    def test_admin_slug_change_records_redirect(self):
        article = make_article(slug="before")
        client = Client()
        client.force_login(make_user("Editors"))
        data = article_post_data(article, slug="after", **editor_fields(status="published"))
        data["publish_at_0"], data["publish_at_1"] = (
            timezone.localtime(article.publish_at).strftime("%Y-%m-%d %H:%M:%S").split()
        )
        self.assertEqual(client.post(change_url(article), data).status_code, 302)
        self.assertEqual(self.client.get("/articles/before/")["Location"], "/articles/after/")
