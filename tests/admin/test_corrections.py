"""Corrections and updates: appended by editors, dated, shown at the end of the story, kept through edits."""

from datetime import timedelta

from bs4 import BeautifulSoup
from django.test import Client, TestCase
from django.utils import timezone

from articles.models import Article, Correction
from tests.admin.helpers import article_post_data, change_url, editor_fields
from tests.factories import csrf_post, make_article, make_user


class CorrectionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user("Editors")
        cls.writer = make_user("Writers")

    def setUp(self):
        long_ago = timezone.now() - timedelta(days=3)
        self.article = make_article(publish_at=long_ago, created_by=self.writer)
        Article.objects.filter(pk=self.article.pk).update(updated_at=long_ago)
        self.article.refresh_from_db()
        self.client = Client(enforce_csrf_checks=True)
        self.client.force_login(self.editor)

    def save(self, **fields):
        data = article_post_data(self.article, **editor_fields(status="published", **fields))
        local = timezone.localtime(self.article.publish_at)
        data["publish_at_0"], data["publish_at_1"] = local.strftime("%Y-%m-%d"), local.strftime("%H:%M:%S")
        response = csrf_post(self.client, change_url(self.article), data)
        self.article.refresh_from_db()
        return response

    def add_correction(self, note, kind="correction"):
        return self.save(
            **{"corrections-2-TOTAL_FORMS": "1", "corrections-2-0-kind": kind, "corrections-2-0-note": note}
        )

    def test_correction_is_shown_dated_at_the_end_and_bumps_updated_time(self):
        self.assertEqual(
            self.add_correction("An earlier version misnamed the stunt coordinator.").status_code, 302
        )
        correction = Correction.objects.get()
        self.assertEqual(correction.created_by, self.editor)
        self.assertGreater(self.article.updated_at, timezone.now() - timedelta(minutes=1))
        soup = BeautifulSoup(Client().get(self.article.get_absolute_url()).content, "html.parser")
        section = soup.select_one(".corrections")
        self.assertIn("An earlier version misnamed the stunt coordinator.", section.get_text())
        self.assertEqual(section.find("time")["datetime"][:10], timezone.localdate().isoformat())
        self.assertIn("Updated", soup.select_one(".dateline").get_text())
        self.assertIs(
            soup.select(".story > *")[-2], section, "corrections come after the story, before its footer"
        )

    def test_corrections_survive_body_edits_and_cannot_be_changed(self):
        self.add_correction("First note.")
        self.add_correction("Second note.", kind="update")
        self.assertEqual(self.save(body="<p>Rewritten.</p>").status_code, 302)
        self.assertEqual(
            list(Correction.objects.values_list("note", flat=True)), ["First note.", "Second note."]
        )
        form = self.client.get(change_url(self.article))
        self.assertNotContains(form, 'name="corrections-0-note"')

    def test_writer_cannot_add_corrections(self):
        draft = make_article(status="draft", publish_at=None, created_by=self.writer)
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.writer)
        data = article_post_data(
            draft,
            **{
                "corrections-2-TOTAL_FORMS": "1",
                "corrections-2-0-kind": "update",
                "corrections-2-0-note": "x",
            },
        )
        csrf_post(client, change_url(draft), data)
        self.assertFalse(Correction.objects.exists())

    def test_notes_are_escaped(self):
        self.add_correction("<script>alert(1)</script>")
        page = Client().get(self.article.get_absolute_url())
        self.assertNotContains(page, "<script>alert(1)</script>")
        self.assertContains(page, "&lt;script&gt;")
