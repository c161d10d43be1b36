"""The WordPress import on the web: old addresses redirecting, pictures fetched over http, and
the admin's import page run by the task worker."""

import http.server
import tempfile
import threading
from datetime import timedelta
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Image
from importers.models import ImportRun, PathRedirect
from tests.factories import csrf_post, make_article, make_user

from .helpers import FIXTURES, fixture, png, run


class OldAddressTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.live = make_article(slug="now-here")
        cls.draft = make_article(slug="not-yet", status=Article.Status.DRAFT)
        PathRedirect.objects.create(old_path="/2018/05/24/halo-jump/", article=cls.live)
        PathRedirect.objects.create(old_path="/?p=11", article=cls.live)
        PathRedirect.objects.create(old_path="/2018/06/02/secret/", article=cls.draft)
        PathRedirect.objects.create(old_path="/?p=18", article=cls.draft)

    def test_permalink_redirects_permanently(self):
        for path in ("/2018/05/24/halo-jump/", "/2018/05/24/halo-jump"):
            response = self.client.get(path)
            self.assertEqual(response.status_code, 301)
            self.assertEqual(response["Location"], "/articles/now-here/")

    def test_plain_link_redirects_before_the_home_page(self):
        response = self.client.get("/?p=11")
        self.assertEqual(response.status_code, 301)
        self.assertEqual(response["Location"], "/articles/now-here/")

    def test_follows_the_story_slug(self):
        Article.objects.filter(pk=self.live.pk).update(slug="moved-again")
        self.assertEqual(self.client.get("/?p=11")["Location"], "/articles/moved-again/")

    def test_not_for_a_story_that_is_not_live(self):
        self.assertEqual(self.client.get("/2018/06/02/secret/").status_code, 404)
        self.assertEqual(self.client.get("/?p=18").status_code, 200)  # the home page, as without
        self.assertEqual(self.client.get("/?p=999").status_code, 200)

    def test_imported_post_redirects(self):
        run(fixture("site.xml"))
        response = self.client.get("/2018/05/24/halo-jump/")
        self.assertEqual(response.status_code, 301)
        self.assertEqual(
            response["Location"], Article.objects.get(slug__startswith="halo-jump").get_absolute_url()
        )
        self.assertEqual(self.client.get("/2018/06/02/members-only/").status_code, 404)


class PictureServer:
    """A web server on loopback serving the pictures of site.xml."""

    def __enter__(self):
        pictures = {
            "/wp-content/uploads/2018/05/poster.png": png("red"),
            "/wp-content/uploads/2018/05/still.png": png(),
        }

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                body = pictures.get(self.path)
                self.send_response(200 if body else 404)
                self.send_header("Content-Length", str(len(body or b"")))
                self.end_headers()
                self.wfile.write(body or b"")

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.folder = tempfile.TemporaryDirectory()
        text = (FIXTURES / "site.xml").read_text()
        text = text.replace(
            "https://reeltalk.example/wp-content", f"http://127.0.0.1:{self.server.server_port}/wp-content"
        )
        self.path = Path(self.folder.name) / "site.xml"
        self.path.write_text(text)
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.folder.cleanup()


class FetchMediaTests(TestCase):
    @override_settings(NEWSROOM_IMPORT_ALLOW_PRIVATE=True)
    def test_fetched_from_loopback_when_allowed(self):
        with PictureServer() as server:
            output = run(str(server.path), "--fetch-media")
        self.assertEqual(Image.objects.count(), 2)
        self.assertIn("Images imported: 2", output)
        self.assertIn("the server answered 404", output)
        self.assertIsNotNone(Article.objects.get(slug="halo-jump").lead_image)

    def test_loopback_refused_by_default(self):
        with PictureServer() as server:
            output = run(str(server.path), "--fetch-media")
        self.assertFalse(Image.objects.exists())
        self.assertIn(
            "127.0.0.1 is a loopback address: pictures are only fetched from public addresses", output
        )
        self.assertIsNone(Article.objects.get(slug="halo-jump").lead_image)


class AdminImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user("Editors")
        cls.writer = make_user("Writers")

    def upload(self):
        return SimpleUploadedFile("site.xml", (FIXTURES / "site.xml").read_bytes(), content_type="text/xml")

    def test_editor_imports_in_the_background(self):
        """The upload becomes a run, the task imports it once the request commits, and the run's
        page shows the report."""
        self.client.force_login(self.editor)
        url = reverse("admin:importers_importrun_add")
        self.assertContains(self.client.get(url), "Import from WordPress")
        with tempfile.TemporaryDirectory() as folder, self.settings(NEWSROOM_IMPORT_DIR=folder):
            with self.captureOnCommitCallbacks(execute=True):
                response = self.client.post(
                    url, {"export": self.upload(), "categories_as_kinds": "reviews=feature"}
                )
            run = ImportRun.objects.get()
            self.assertRedirects(response, reverse("admin:importers_importrun_change", args=[run.pk]))
            self.assertEqual(list(Path(folder).iterdir()), [])
        run.refresh_from_db()
        self.assertEqual(run.status, ImportRun.Status.DONE)
        self.assertEqual((run.done, run.total), (13, 13))
        self.assertEqual(run.report["counts"]["created"], 6)
        self.assertEqual(Article.objects.get(slug="halo-jump").kind, "feature")
        self.assertEqual(Article.objects.get(slug="halo-jump").created_by, self.editor)
        page = self.client.get(reverse("admin:importers_importrun_change", args=[run.pk]))
        self.assertContains(page, "stories created")
        self.assertContains(page, "Posts in the trash, skipped")
        self.assertNotContains(page, 'http-equiv="refresh"')

    def test_a_dry_run_from_the_admin_reports_and_writes_nothing(self):
        self.client.force_login(self.editor)
        with tempfile.TemporaryDirectory() as folder, self.settings(NEWSROOM_IMPORT_DIR=folder):
            with self.captureOnCommitCallbacks(execute=True):
                self.client.post(
                    reverse("admin:importers_importrun_add"), {"export": self.upload(), "dry_run": "on"}
                )
        run = ImportRun.objects.get()
        self.assertEqual(run.status, ImportRun.Status.DONE)
        self.assertEqual(run.report["counts"]["created"], 6)
        self.assertFalse(Article.objects.exists())
        page = self.client.get(reverse("admin:importers_importrun_change", args=[run.pk]))
        self.assertContains(page, "nothing was written")

    def test_running_page_refreshes(self):
        run = ImportRun.objects.create(file_name="x.xml", status=ImportRun.Status.IMPORTING, total=10, done=4)
        self.client.force_login(self.editor)
        page = self.client.get(reverse("admin:importers_importrun_change", args=[run.pk]))
        self.assertContains(page, 'http-equiv="refresh"')
        self.assertContains(page, "4 of 10 items read")

    def test_bad_file_fails_the_run(self):
        self.client.force_login(self.editor)
        bad = SimpleUploadedFile("bad.xml", (FIXTURES / "malformed.xml").read_bytes())
        with tempfile.TemporaryDirectory() as folder, self.settings(NEWSROOM_IMPORT_DIR=folder):
            with self.captureOnCommitCallbacks(execute=True):
                self.client.post(reverse("admin:importers_importrun_add"), {"export": bad})
        run = ImportRun.objects.get()
        self.assertEqual(run.status, ImportRun.Status.FAILED)
        self.assertIn("line 12", run.error)
        self.assertFalse(Article.objects.exists())

    def test_writer_cannot(self):
        """A writer has no import page, and a hand-made POST is refused like the page."""
        self.client.force_login(self.writer)
        url = reverse("admin:importers_importrun_add")
        self.assertEqual(self.client.get(url).status_code, 403)
        self.client.handler.enforce_csrf_checks = True
        response = csrf_post(self.client, url, {"export": self.upload()})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(ImportRun.objects.exists())
        self.assertFalse(Article.objects.exists())

    def test_old_runs_listed(self):
        ImportRun.objects.create(
            file_name="old.xml", status=ImportRun.Status.DONE, finished_at=timezone.now() - timedelta(days=1)
        )
        self.client.force_login(self.editor)
        self.assertContains(self.client.get(reverse("admin:importers_importrun_changelist")), "old.xml")
