"""The admin's "New story from plain text": writers and editors make drafts from pasted or
uploaded copy; a forged POST without the right is refused; bad copy is refused with the typed
text kept in the form."""

from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from articles.models import Article
from tests.factories import csrf_post, make_author, make_user

URL = reverse("admin:articles_article_from_text")
COPY = "Stunt team lands a new record\n\nThe crew jumped from 25,000 feet.\n\nNEXT: Nothing of ours"


class FromTextPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.writer = make_user("Writers")
        cls.editor = make_user("Editors")
        cls.byline = make_author(name="Wren Writer", user=cls.writer)

    def test_links_on_the_story_list_and_the_desk(self):
        self.client.force_login(self.writer)
        for page in (reverse("admin:articles_article_changelist"), reverse("admin:index")):
            with self.subTest(page=page):
                html = BeautifulSoup(self.client.get(page).content, "html.parser")
                self.assertTrue(html.find("a", href=URL, string="New story from plain text"))

    def test_writer_and_editor_make_drafts(self):
        """Either role's copy becomes a draft of theirs (a writer's with their byline), and the
        change form opens with a summary of what was found and what was not."""
        for user in (self.writer, self.editor):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = csrf_post(self.client, URL, {"copy": COPY})
                story = Article.objects.filter(created_by=user).get()
                self.assertRedirects(
                    response,
                    reverse("admin:articles_article_change", args=[story.pk]),
                    fetch_redirect_response=False,
                )
                self.assertEqual((story.headline, story.status), ("Stunt team lands a new record", "draft"))
                page = self.client.get(response.url)
                self.assertContains(page, "made from plain text")
                self.assertContains(page, "Nothing of ours")
        self.assertEqual(
            [b.author for b in Article.objects.get(created_by=self.writer).bylines.all()], [self.byline]
        )

    def test_upload(self):
        self.client.force_login(self.editor)
        upload = SimpleUploadedFile("copy.txt", COPY.encode("utf-8"), content_type="text/plain")
        csrf_post(self.client, URL, {"file": upload})
        self.assertTrue(Article.objects.filter(headline="Stunt team lands a new record").exists())

    def test_forged_post_without_the_right_is_refused(self):
        """Staff who may not add stories get no form and their POST makes nothing."""
        clerk = get_user_model().objects.create_user("clerk", password="pw", is_staff=True)
        self.client.force_login(clerk)
        self.assertEqual(self.client.get(URL).status_code, 403)
        self.assertEqual(csrf_post(self.client, URL, {"copy": COPY}).status_code, 403)
        self.assertFalse(Article.objects.exists())

    def test_refused_copy_keeps_the_typed_text(self):
        """Copy with no words, too long, or a binary or non-UTF-8 file, is refused with a form
        error; what was typed is still in the form, markup and all."""
        self.client.force_login(self.writer)
        typed = ";\n\n  ;  <> &\n\n—"
        response = csrf_post(self.client, URL, {"copy": typed})
        self.assertEqual(response.status_code, 200)
        html = BeautifulSoup(response.content, "html.parser")
        self.assertEqual(html.find("textarea", {"name": "copy"}).string.strip("\n"), typed)
        self.assertTrue(html.select(".errorlist"))
        long_copy = "A <b>long</b> story.\n\n" * 20000
        html = BeautifulSoup(csrf_post(self.client, URL, {"copy": long_copy}).content, "html.parser")
        self.assertIn("too long", html.select_one(".errorlist").get_text())
        self.assertEqual(html.find("textarea", {"name": "copy"}).string.strip("\n"), long_copy.strip("\n"))
        for data in (b"\x00\x01binary", "caf\u00e9".encode("latin-1")):
            upload = SimpleUploadedFile("copy.txt", data, content_type="text/plain")
            response = csrf_post(self.client, URL, {"file": upload})
            self.assertEqual(response.status_code, 200)
            self.assertTrue(BeautifulSoup(response.content, "html.parser").select(".errorlist"))
        self.assertFalse(Article.objects.exists())

    def test_empty_post_is_refused(self):
        self.client.force_login(self.editor)
        response = csrf_post(self.client, URL, {"copy": ""})
        self.assertContains(response, "The copy is empty.")
