"""An editor's draft copy: kept while they type, offered back only to them, never the story."""

import json

from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from articles.models import Article
from autosave.models import DraftCopy
from tests.admin.helpers import ADD_URL, RoleTestCase, article_post_data, change_url
from tests.factories import csrf_post, make_article, make_user
from tests.test_merging import save_with_revision


def autosave_url(article=None):
    if article is None:
        return reverse("admin:articles_article_autosave_new")
    return reverse("admin:articles_article_autosave", args=[article.pk])


def discard_url(article=None):
    if article is None:
        return reverse("admin:articles_article_autosave_discard_new")
    return reverse("admin:articles_article_autosave_discard", args=[article.pk])


class AutosaveTests(RoleTestCase):
    def setUp(self):
        self.story = self.draft(self.writer, headline="Saved headline", body="<p>Saved body.</p>")

    def autosave(self, user, article=None, **fields):
        data = {"headline": "Saved headline", "body": "<p>Saved body. Typed more.</p>"} | fields
        if article is not None and "edit_version" not in fields:
            data["edit_version"] = str(article.version)
        return csrf_post(self.client_for(user), autosave_url(article), data)

    def test_the_copy_is_kept_and_the_story_untouched(self):
        revisions = Version.objects.get_for_object(self.story).count()
        response = self.autosave(self.writer, self.story)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.json()["saved"])
        self.assertEqual(response.json()["stale"], "")
        copy = DraftCopy.objects.get(user=self.writer, article=self.story)
        self.assertEqual(copy.fields["body"], "<p>Saved body. Typed more.</p>")
        self.assertEqual(copy.base_version, self.story.version)
        story = self.reload(self.story)
        self.assertEqual((story.body, story.version), ("<p>Saved body.</p>", self.story.version))
        self.assertEqual(Version.objects.get_for_object(self.story).count(), revisions)

    def test_one_copy_per_user_and_story(self):
        self.autosave(self.writer, self.story, body="<p>First.</p>")
        self.autosave(self.writer, self.story, body="<p>Second.</p>")
        self.assertEqual(
            DraftCopy.objects.get(user=self.writer, article=self.story).fields["body"], "<p>Second.</p>"
        )
        self.autosave(self.editor, self.story, body="<p>The editor's.</p>")
        self.assertEqual(DraftCopy.objects.filter(article=self.story).count(), 2)

    def test_only_the_form_text_is_kept(self):
        self.autosave(self.writer, self.story, status="published", created_by=str(self.editor.pk))
        self.assertEqual(set(DraftCopy.objects.get().fields), {"headline", "body"})

    def test_a_writer_cannot_autosave_a_story_they_cannot_edit(self):
        self.assertEqual(self.autosave(self.other_writer, self.story).status_code, 403)
        submitted = make_article(status="in_review", publish_at=None, created_by=self.writer)
        self.assertEqual(self.autosave(self.writer, submitted).status_code, 403)
        self.assertFalse(DraftCopy.objects.exists())

    def test_forged_posts_are_refused(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.writer)
        self.assertEqual(client.post(autosave_url(self.story), {"body": "x"}).status_code, 403)
        self.assertEqual(client.get(autosave_url(self.story)).status_code, 405)
        anonymous = Client().post(autosave_url(self.story), {"body": "x"})
        self.assertEqual(anonymous.status_code, 302)
        reader = make_user("Writers")
        reader.is_staff = False
        reader.save()
        not_staff = Client()
        not_staff.force_login(reader)
        self.assertEqual(not_staff.post(autosave_url(self.story), {"body": "x"}).status_code, 302)
        self.assertEqual(self.autosave(self.writer, None, body="").status_code, 200)
        missing = csrf_post(
            self.client_for(self.editor), "/admin/articles/article/999999/autosave/", {"body": "x"}
        )
        self.assertEqual(missing.status_code, 404)
        self.assertFalse(DraftCopy.objects.filter(article__isnull=False).exists())

    def test_someone_elses_save_is_reported(self):
        self.autosave(self.writer, self.story)
        save_with_revision(self.reload(self.story), self.editor, dek="The editor's dek")
        response = self.autosave(self.writer, self.story, body="<p>Still typing.</p>", edit_version="1")
        self.assertIn(f"{self.editor.get_full_name()} saved this story at", response.json()["stale"])
        self.assertIn("your copy is kept; saving will show the differences", response.json()["stale"])
        self.assertEqual(DraftCopy.objects.get().base_version, 1)

    def test_a_form_equal_to_the_saved_story_keeps_no_copy(self):
        """The last autosave of a form that has just been saved does not bring the copy back."""
        self.autosave(self.writer, self.story)
        response = self.autosave(self.writer, self.story, body="<p>Saved body.</p>")
        self.assertFalse(response.json()["saved"])
        self.assertFalse(DraftCopy.objects.exists())


class OfferTests(RoleTestCase):
    def setUp(self):
        self.story = self.draft(self.writer, headline="Saved headline", body="<p>Saved body.</p>")
        DraftCopy.objects.create(
            user=self.writer,
            article=self.story,
            fields={"headline": "Saved headline", "body": "<p>Saved body. Every word typed.</p>"},
            base_version=self.story.version,
            saved_at=self.story.updated_at,
        )

    def open(self, user, query=""):
        return self.client_for(user).get(change_url(self.story) + query)

    def test_reopening_offers_the_copy_with_a_diff(self):
        response = self.open(self.writer)
        offer = BeautifulSoup(response.content, "html.parser").select_one(".autosave-offer")
        self.assertIn("Restore your unsaved changes from", offer.h2.get_text())
        self.assertEqual([ins.get_text().strip() for ins in offer.select("ins")], ["Every word typed."])
        self.assertEqual(offer.select_one("tbody th").get_text(), "Body")
        self.assertIsNotNone(offer.select_one("a.autosave-restore"))

    def test_other_users_copies_are_never_shown(self):
        self.assertNotContains(self.open(self.editor), "Every word typed")
        self.assertContains(self.open(self.editor), 'id="autosave"')

    def test_restore_fills_the_form_without_saving(self):
        response = self.open(self.writer, "?restore_copy=1")
        soup = BeautifulSoup(response.content, "html.parser")
        self.assertIn("Every word typed.", soup.find("textarea", {"name": "body"}).get_text())
        self.assertEqual(soup.find("input", {"name": "edit_version"})["value"], str(self.story.version))
        self.assertIn("are back in the form", soup.select_one(".autosave-restored").get_text())
        self.assertEqual(self.reload(self.story).body, "<p>Saved body.</p>")

    def test_restore_of_a_stale_copy_keeps_its_base_version(self):
        save_with_revision(self.reload(self.story), self.editor, dek="Theirs")
        soup = BeautifulSoup(self.open(self.writer, "?restore_copy=1").content, "html.parser")
        self.assertEqual(soup.find("input", {"name": "edit_version"})["value"], "1")
        self.assertIn("your copy is kept", soup.select_one(".autosave-stale").get_text())

    def test_discard_deletes_only_my_copy(self):
        DraftCopy.objects.create(
            user=self.editor, article=self.story, fields={"body": "<p>x</p>"}, saved_at=self.story.updated_at
        )
        response = csrf_post(self.client_for(self.writer), discard_url(self.story), {})
        self.assertRedirects(response, change_url(self.story), fetch_redirect_response=False)
        self.assertEqual(list(DraftCopy.objects.values_list("user", flat=True)), [self.editor.pk])
        self.assertNotContains(self.open(self.writer), "autosave-offer")

    def test_other_users_cannot_discard_a_copy_of_a_story_they_cannot_edit(self):
        self.assertEqual(
            csrf_post(self.client_for(self.other_writer), discard_url(self.story), {}).status_code, 403
        )
        self.assertTrue(DraftCopy.objects.exists())

    def test_a_normal_save_clears_the_copy(self):
        data = article_post_data(self.story, body="<p>Saved body. Every word typed.</p>")
        self.assertEqual(
            csrf_post(self.client_for(self.writer), change_url(self.story), data).status_code, 302
        )
        self.assertFalse(DraftCopy.objects.exists())


class NewStoryTests(RoleTestCase):
    def test_a_new_story_copy_is_offered_on_the_add_form_and_cleared_by_saving(self):
        client = self.client_for(self.writer)
        response = csrf_post(
            client, autosave_url(), {"headline": "Half a headline", "body": "<p>Draft words.</p>"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(DraftCopy.objects.get(article=None).user, self.writer)
        self.assertContains(client.get(ADD_URL), "Restore your unsaved changes")
        self.assertNotContains(
            self.client_for(self.other_writer).get(ADD_URL), "Restore your unsaved changes"
        )
        restored = BeautifulSoup(client.get(ADD_URL + "?restore_copy=1").content, "html.parser")
        self.assertEqual(restored.find("input", {"name": "headline"})["value"], "Half a headline")
        saved = csrf_post(client, ADD_URL, article_post_data(headline="Half a headline", slug="half"))
        self.assertEqual(saved.status_code, 302)
        self.assertTrue(Article.objects.filter(slug="half").exists())
        self.assertFalse(DraftCopy.objects.exists())

    def test_the_json_endpoint_answers_json(self):
        response = csrf_post(self.client_for(self.writer), autosave_url(), {"dek": "A dek"})
        self.assertEqual(json.loads(response.content)["saved"], True)
