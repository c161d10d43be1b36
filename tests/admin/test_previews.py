"""Staff previews and share links: exactly the story, never cached, never indexed, only while valid."""

from datetime import timedelta

from bs4 import BeautifulSoup
from django.core import signing
from django.test import Client, TestCase
from django.utils import timezone

from articles.models import PreviewLink
from tests.factories import csrf_post, make_article, make_story_per_state, make_user


def assert_private(test, response):
    test.assertIn("no-store", response["Cache-Control"])
    test.assertIn("private", response["Cache-Control"])
    test.assertEqual(response["X-Robots-Tag"], "noindex, nofollow")
    soup = BeautifulSoup(response.content, "html.parser")
    test.assertEqual(soup.find("meta", {"name": "robots"})["content"], "noindex, nofollow")
    test.assertIn("preview", soup.select_one(".preview-banner").get_text().lower())


class StaffPreviewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.writer = make_user("Writers")
        cls.editor = make_user("Editors")
        cls.stories = make_story_per_state(created_by=cls.writer)

    def preview(self, user, article):
        client = Client()
        client.force_login(user)
        return client.get(f"/admin/articles/article/{article.pk}/preview/")

    def test_editor_previews_every_state_as_readers_will_see_it(self):
        for state, story in self.stories.items():
            with self.subTest(state):
                response = self.preview(self.editor, story)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(BeautifulSoup(response.content, "html.parser").h1.get_text(), story.headline)
                assert_private(self, response)

    def test_writer_previews_own_stories_only(self):
        self.assertEqual(self.preview(self.writer, self.stories["draft"]).status_code, 200)
        other = make_article(status="draft", publish_at=None, created_by=self.editor)
        self.assertEqual(self.preview(self.writer, other).status_code, 403)

    def test_anonymous_is_sent_to_login(self):
        response = Client().get(f"/admin/articles/article/{self.stories['draft'].pk}/preview/")
        self.assertEqual(response.status_code, 302)
        self.assertIn("/admin/login/", response["Location"])

    def test_bad_ids_are_404(self):
        client = Client()
        client.force_login(self.editor)
        for object_id in ("999999", "abc"):
            with self.subTest(object_id):
                self.assertEqual(client.get(f"/admin/articles/article/{object_id}/preview/").status_code, 404)


class ShareLinkTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user("Editors")
        cls.writer = make_user("Writers")
        cls.draft = make_article(
            headline="Secret draft", status="draft", publish_at=None, created_by=cls.writer
        )
        cls.other = make_article(headline="Another draft", status="draft", publish_at=None)

    def make_link(self, article=None, **fields):
        fields.setdefault("expires_at", timezone.now() + timedelta(days=7))
        return PreviewLink.objects.create(article=article or self.draft, created_by=self.editor, **fields)

    def test_valid_link_shows_that_story_marked_preview(self):
        response = Client().get(self.make_link().get_absolute_url())
        self.assertEqual(response.status_code, 200)
        self.assertEqual(BeautifulSoup(response.content, "html.parser").h1.get_text(), "Secret draft")
        assert_private(self, response)
        self.assertNotContains(response, "Another draft")

    def test_a_scheduled_story_reads_scheduled_not_published(self):
        """The shared preview of a scheduled story says when it will go out, not that it did."""
        when = timezone.now() + timedelta(days=3)
        scheduled = make_article(headline="Coming soon", status="published", publish_at=when)
        response = Client().get(self.make_link(article=scheduled).get_absolute_url())
        dateline = (
            BeautifulSoup(response.content, "html.parser").select_one(".dateline").get_text(" ", strip=True)
        )
        self.assertTrue(dateline.startswith("Scheduled for"), dateline)
        self.assertNotIn("Published", dateline)

    def test_a_draft_with_a_planned_time_reads_not_yet_published(self):
        planned = make_article(
            headline="Planned", status="draft", publish_at=timezone.now() - timedelta(days=1)
        )
        response = Client().get(self.make_link(article=planned).get_absolute_url())
        dateline = (
            BeautifulSoup(response.content, "html.parser").select_one(".dateline").get_text(" ", strip=True)
        )
        self.assertEqual(dateline, "Not yet published")

    def test_share_links_have_a_copy_button(self):
        link = self.make_link()
        client = Client()
        client.force_login(self.editor)
        soup = BeautifulSoup(
            client.get(f"/admin/articles/article/{self.draft.pk}/share/").content, "html.parser"
        )
        button = soup.select_one("button.copy-link")
        field = soup.find(id=button["data-copy-from"])
        self.assertTrue(field["value"].endswith(link.get_absolute_url()))
        self.assertIsNotNone(soup.find("script", src=lambda src: src and src.endswith("js/copy-link.js")))

    def test_expired_and_revoked_links_are_gone(self):
        links = {
            "expired": self.make_link(expires_at=timezone.now() - timedelta(seconds=1)),
            "revoked": self.make_link(revoked_at=timezone.now()),
        }
        for name, link in links.items():
            with self.subTest(name):
                response = Client().get(link.get_absolute_url())
                self.assertEqual(response.status_code, 410)
                self.assertNotContains(response, "Secret draft", status_code=410)
                self.assertEqual(response["X-Robots-Tag"], "noindex, nofollow")

    def test_tampered_or_unknown_tokens_are_404(self):
        link = self.make_link()
        signed = link.get_absolute_url().rstrip("/").rsplit("/", 1)[1]
        unknown = signing.Signer(salt="articles.preview-link").sign("not-a-real-token")
        for token in (signed[:-2] + "xx", link.token, unknown, "%00", "a" * 300):
            with self.subTest(token=token[:20]):
                self.assertEqual(Client().get(f"/preview/{token}/").status_code, 404)

    def test_a_link_shows_its_own_story_only(self):
        mine, theirs = self.make_link(), self.make_link(article=self.other)
        self.assertContains(Client().get(mine.get_absolute_url()), "Secret draft")
        self.assertNotContains(Client().get(mine.get_absolute_url()), "Another draft")
        self.assertContains(Client().get(theirs.get_absolute_url()), "Another draft")

    def test_editor_creates_and_revokes_links_in_the_admin(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.editor)
        url = f"/admin/articles/article/{self.draft.pk}/share/"
        self.assertEqual(client.get(url).status_code, 200)
        csrf_post(client, url, {"days": "7"})
        link = PreviewLink.objects.get(article=self.draft)
        self.assertAlmostEqual(
            link.expires_at, timezone.now() + timedelta(days=7), delta=timedelta(minutes=1)
        )
        self.assertEqual(Client().get(link.get_absolute_url()).status_code, 200)
        csrf_post(client, url, {"revoke": link.pk})
        self.assertEqual(Client().get(link.get_absolute_url()).status_code, 410)

    def test_bad_durations_are_form_errors(self):
        client = Client()
        client.force_login(self.editor)
        for days in ("0", "31", "x", ""):
            with self.subTest(days=days):
                response = client.post(f"/admin/articles/article/{self.draft.pk}/share/", {"days": days})
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response.context["form"].errors)
        self.assertFalse(PreviewLink.objects.exists())

    def test_writers_cannot_create_links(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.writer)
        url = f"/admin/articles/article/{self.draft.pk}/share/"
        self.assertEqual(client.get(url).status_code, 403)
        self.assertEqual(csrf_post(client, url, {"days": "7"}).status_code, 403)
        self.assertFalse(PreviewLink.objects.exists())

    def test_revoke_from_the_preview_link_list(self):
        link = self.make_link()
        client = Client()
        client.force_login(self.editor)
        client.post("/admin/articles/previewlink/", {"action": "revoke", "_selected_action": [link.pk]})
        link.refresh_from_db()
        self.assertIsNotNone(link.revoked_at)
