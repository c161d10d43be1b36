"""No lost updates, and old addresses that keep working."""

from django.test import Client, TestCase
from django.utils import timezone

from articles.changes import EditConflict, record_slug_change, save_story
from articles.models import Article, SlugRedirect
from tests.admin.helpers import article_post_data, change_url, editor_fields
from tests.factories import make_article, make_user


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
