"""A writer's story in review (articles.admin.review): the notice, the body shown as it reads, and
Withdraw, which takes the story back to draft until an editor has opened it."""

from bs4 import BeautifulSoup

from articles.models import Article
from tests.admin.helpers import RoleTestCase, article_post_data, change_url
from tests.factories import csrf_post


def withdraw_url(article):
    return f"/admin/articles/article/{article.pk}/withdraw/"


class ReviewTestCase(RoleTestCase):
    def submitted(self, body="<p>A <strong>bold</strong> claim.</p>"):
        """A writer's draft, submitted for review through the form."""
        article = self.draft(self.writer, body=body)
        client = self.client_for(self.writer)
        response = csrf_post(client, change_url(article), article_post_data(article, _workflow="submit"))
        self.assertEqual(response.status_code, 302)
        return self.reload(article)


class WriterInReviewTests(ReviewTestCase):
    def test_the_writer_is_told_why_the_form_is_read_only_and_how_to_get_it_back(self):
        article = self.submitted()
        page = self.client_for(self.writer).get(change_url(article))
        soup = BeautifulSoup(page.content, "html.parser")
        notice = soup.select_one(".review-notice")
        self.assertIsNotNone(notice)
        self.assertIn("In review", notice.get_text())
        self.assertIn("Withdraw", notice.get_text())
        button = soup.find("button", class_="workflow-withdraw")
        self.assertEqual(button["formaction"], withdraw_url(article))
        self.assertEqual(button["value"], str(article.version))

    def test_the_read_only_body_is_rendered_not_shown_as_markup(self):
        article = self.submitted(
            body='<p>A <strong>bold</strong> claim.</p><p><a href="https://example.com/">link</a></p>'
        )
        page = self.client_for(self.writer).get(change_url(article))
        soup = BeautifulSoup(page.content, "html.parser")
        body = soup.select_one(".readable-body")
        self.assertEqual(body.strong.get_text(), "bold")
        self.assertEqual(body.a["href"], "https://example.com/")
        self.assertNotIn("&lt;strong&gt;", page.content.decode())

    def test_the_read_only_body_is_sanitized_again(self):
        article = self.submitted()
        # Stored behind the write path's back, as a bad import might.
        Article.objects.filter(pk=article.pk).update(body='<p onclick="x()">Hi</p><script>alert(1)</script>')
        page = self.client_for(self.writer).get(change_url(article))
        body = BeautifulSoup(page.content, "html.parser").select_one(".readable-body")
        self.assertIsNone(body.find("script"))
        self.assertIsNone(body.p.get("onclick"))

    def test_withdraw_makes_it_a_draft_the_writer_can_edit_again(self):
        article = self.submitted()
        client = self.client_for(self.writer)
        response = csrf_post(client, withdraw_url(article), {"version": article.version})
        self.assertRedirects(response, change_url(article))
        self.assertEqual(self.reload(article).status, "draft")
        self.assertContains(client.get(change_url(article)), 'value="submit"')

    def test_after_an_editor_opened_it_withdraw_is_gone_and_refused(self):
        article = self.submitted()
        self.client_for(self.editor).get(change_url(article))
        opened = self.reload(article)
        self.assertIsNotNone(opened.review_opened_at)
        self.assertEqual(opened.version, article.version, "opening the form changes no version")
        client = self.client_for(self.writer)
        page = client.get(change_url(article))
        self.assertNotContains(page, "workflow-withdraw")
        self.assertContains(page, "can no longer be withdrawn")
        csrf_post(client, withdraw_url(article), {"version": article.version})
        self.assertEqual(self.reload(article).status, "in_review")

    def test_submitting_again_lets_the_writer_withdraw_again(self):
        article = self.submitted()
        self.client_for(self.editor).get(change_url(article))
        Article.objects.filter(pk=article.pk).update(status="draft")
        article = self.reload(article)
        client = self.client_for(self.writer)
        csrf_post(client, change_url(article), article_post_data(article, _workflow="submit"))
        self.assertIsNone(self.reload(article).review_opened_at)

    def test_only_the_stories_writer_may_withdraw_it(self):
        article = self.submitted()
        for user in (self.other_writer, self.editor):
            with self.subTest(user=user.username):
                response = csrf_post(
                    self.client_for(user), withdraw_url(article), {"version": article.version}
                )
                self.assertEqual(response.status_code, 403)
        self.assertEqual(self.reload(article).status, "in_review")

    def test_a_stale_withdraw_is_refused(self):
        article = self.submitted()
        csrf_post(self.client_for(self.writer), withdraw_url(article), {"version": article.version - 1})
        self.assertEqual(self.reload(article).status, "in_review")

    def test_withdraw_takes_no_get(self):
        article = self.submitted()
        self.assertEqual(self.client_for(self.writer).get(withdraw_url(article)).status_code, 405)
