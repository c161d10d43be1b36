"""Revisions in the admin: every save keeps one; editors compare any two and restore one without
publishing."""

from bs4 import BeautifulSoup
from django.test import Client, TestCase
from django.utils import timezone
from reversion.models import Version

from articles import revisions
from articles.models import Article
from tests.admin.helpers import article_post_data, change_url, editor_fields
from tests.factories import csrf_post, make_user


class RevisionTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user("Editors", first_name="Dana", last_name="Reyes")
        cls.writer = make_user("Writers")

    def setUp(self):
        self.client = Client(enforce_csrf_checks=True)
        self.client.force_login(self.editor)

    def write_story(self):
        """Create a draft and edit it twice through the admin: three revisions."""
        csrf_post(
            self.client,
            "/admin/articles/article/add/",
            article_post_data(
                headline="Cruise jumps",
                body="<p>Tom Cruise made the jump <em>100</em> times.</p>",
                tags="Stunts, Tom Cruise",
                **editor_fields(),
            ),
        )
        article = Article.objects.get(slug="a-headline")
        for headline, body, tags in [
            ("Cruise jumps again", "<p>Tom Cruise made the HALO jump 106 times.</p>", "Stunts"),
            (
                "Cruise jumps at last",
                "<p>Tom Cruise made the HALO jump 106 times.</p><p>New.</p>",
                "Stunts, HALO",
            ),
        ]:
            article.refresh_from_db()
            data = article_post_data(article, headline=headline, body=body, tags=tags, **editor_fields())
            self.assertEqual(csrf_post(self.client, change_url(article), data).status_code, 302)
        article.refresh_from_db()
        return article

    def versions(self, article):
        return list(Version.objects.get_for_object(article).order_by("revision__date_created"))


class RevisionHistoryTests(RevisionTestCase):
    def test_every_save_keeps_a_revision_with_user_and_comment(self):
        article = self.write_story()
        versions = self.versions(article)
        self.assertEqual(len(versions), 3)
        self.assertTrue(all(v.revision.user == self.editor for v in versions))
        self.assertTrue(all(v.revision.get_comment() for v in versions))
        self.assertEqual(revisions.version_tags(versions[0]), ["Stunts", "Tom Cruise"])
        self.assertEqual(revisions.version_tags(versions[2]), ["HALO", "Stunts"])

    def test_history_page_lists_revisions(self):
        article = self.write_story()
        page = self.client.get(f"/admin/articles/article/{article.pk}/history/")
        soup = BeautifulSoup(page.content, "html.parser")
        self.assertEqual(len(soup.select("#change-history tbody tr")), 3)
        self.assertEqual(len(soup.select("a[href*=restore]")), 2)

    def test_workflow_actions_are_revisions_too(self):
        article = self.write_story()
        data = article_post_data(article, _workflow="publish_now", **editor_fields())
        csrf_post(self.client, change_url(article), data)
        self.assertTrue(self.versions(article)[-1].revision.get_comment().startswith("Publish now."))


class CompareTests(RevisionTestCase):
    def test_word_level_diff_on_text(self):
        """Comparing two revisions marks the words removed and added, not the markup."""
        article = self.write_story()
        first, _, last = self.versions(article)
        page = self.client.get(
            f"/admin/articles/article/{article.pk}/history/compare/", {"old": first.pk, "new": last.pk}
        )
        self.assertEqual(page.status_code, 200)
        rows = {
            row.th.get_text(): row.td
            for row in BeautifulSoup(page.content, "html.parser").select(".revision-diff tbody tr")
        }
        self.assertEqual(rows["Headline"].find_all("del"), [])
        self.assertEqual([i.get_text() for i in rows["Headline"].find_all("ins")], [" at last"])
        body_changes = [tag.get_text() for tag in rows["Body"].find_all(["del", "ins"])]
        self.assertIn("100", body_changes)
        self.assertIn("HALO", " ".join(body_changes))
        self.assertNotIn("<em>", rows["Body"].decode_contents(), "markup noise is not compared")
        self.assertIn("Tom Cruise", " ".join(d.get_text() for d in rows["Tags"].find_all("del")))
        self.assertIn("HALO", " ".join(i.get_text() for i in rows["Tags"].find_all("ins")))
        self.assertIn("No change", rows["Status"].get_text())

    def test_compare_needs_two_revisions_of_this_story(self):
        article = self.write_story()
        url = f"/admin/articles/article/{article.pk}/history/compare/"
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.client.get(url, {"old": "x", "new": "1"}).status_code, 404)
        self.assertEqual(self.client.get(url, {"old": "999999", "new": "1"}).status_code, 404)


class RestoreTests(RevisionTestCase):
    def test_restore_brings_back_words_and_tags_without_publishing(self):
        article = self.write_story()
        first = self.versions(article)[0]
        url = f"/admin/articles/article/{article.pk}/history/{first.pk}/restore/"
        self.assertContains(self.client.get(url), "never publishes")
        response = csrf_post(self.client, url, {"version": article.version})
        self.assertEqual(response.status_code, 302)
        article.refresh_from_db()
        self.assertEqual(article.headline, "Cruise jumps")
        self.assertEqual(article.body, "<p>Tom Cruise made the jump <em>100</em> times.</p>")
        self.assertEqual(sorted(article.tags.names()), ["Stunts", "Tom Cruise"])
        self.assertEqual(article.status, "draft")
        self.assertEqual(len(self.versions(article)), 4)
        self.assertIn("Restored", self.versions(article)[-1].revision.get_comment())

    def test_restore_keeps_a_scheduled_story_scheduled(self):
        article = self.write_story()
        Article.objects.filter(pk=article.pk).update(
            status="published", publish_at=timezone.now() + timezone.timedelta(days=1)
        )
        article.refresh_from_db()
        first = self.versions(article)[0]
        csrf_post(
            self.client,
            f"/admin/articles/article/{article.pk}/history/{first.pk}/restore/",
            {"version": article.version},
        )
        article.refresh_from_db()
        self.assertTrue(article.is_scheduled())
        self.assertFalse(Article.objects.live().filter(pk=article.pk).exists())

    def test_restore_page_lists_only_what_restoring_changes(self):
        """A story published after its first revision: the restore page lists the words and tags
        that come back, never the status or times, which a restore keeps."""
        article = self.write_story()
        data = article_post_data(article, _workflow="publish_now", **editor_fields())
        self.assertEqual(csrf_post(self.client, change_url(article), data).status_code, 302)
        article.refresh_from_db()
        self.assertTrue(article.is_live())
        first = self.versions(article)[0]
        response = self.client.get(f"/admin/articles/article/{article.pk}/history/{first.pk}/restore/")
        soup = BeautifulSoup(response.content, "html.parser")
        labels = [th.get_text() for th in soup.select(".revision-diff tbody th")]
        self.assertEqual(labels, ["Headline", "Body", "Tags"])
        self.assertNotIn("No change", response.content.decode())
        self.assertIn("stays published", soup.get_text(" ", strip=True))

    def test_restore_page_says_when_nothing_would_change(self):
        article = self.write_story()
        latest = self.versions(article)[-1]
        response = self.client.get(f"/admin/articles/article/{article.pk}/history/{latest.pk}/restore/")
        self.assertContains(response, "restoring would change nothing")
        self.assertNotContains(response, "revision-diff")

    def test_every_restored_field_is_labelled(self):
        self.assertEqual(list(revisions.RESTORED_LABELS), revisions.RESTORED_FIELDS)

    def test_restore_from_stale_page_is_refused(self):
        article = self.write_story()
        first = self.versions(article)[0]
        response = csrf_post(
            self.client,
            f"/admin/articles/article/{article.pk}/history/{first.pk}/restore/",
            {"version": article.version - 1},
        )
        self.assertEqual(response.status_code, 302)
        article.refresh_from_db()
        self.assertEqual(article.headline, "Cruise jumps at last")

    def test_writer_cannot_restore_an_editors_story(self):
        article = self.write_story()
        first = self.versions(article)[0]
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.writer)
        url = f"/admin/articles/article/{article.pk}/history/{first.pk}/restore/"
        self.assertEqual(client.get(url).status_code, 403)
        self.assertEqual(csrf_post(client, url, {"version": article.version}).status_code, 403)

    def test_revision_link_opens_restore_page(self):
        article = self.write_story()
        first = self.versions(article)[0]
        response = self.client.get(f"/admin/articles/article/{article.pk}/history/{first.pk}/")
        self.assertRedirects(response, f"/admin/articles/article/{article.pk}/history/{first.pk}/restore/")
