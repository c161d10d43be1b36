"""The image library in the admin: validated uploads, renditions on save, focal point, usage."""

import io
from datetime import timedelta
from pathlib import Path

from bs4 import BeautifulSoup
from django.conf import settings
from django.core import signing
from django.core.files.storage import default_storage
from django.test import Client, TestCase
from django.utils import timezone
from PIL import Image as PILImage

from articles.images import kept
from articles.models import Image
from tests.factories import csrf_post, make_article, make_film, make_user

ADD_URL = "/admin/articles/image/add/"


def jpeg(size=(1600, 900)):
    buffer = io.BytesIO()
    exif = PILImage.Exif()
    exif[0x8825] = {1: "N", 2: (48.0, 51.0, 24.0)}
    picture = PILImage.new("RGB", size, (40, 80, 120))
    picture.paste((230, 30, 30), (size[0] - 200, 0, size[0], 200))
    picture.save(buffer, format="JPEG", exif=exif)
    buffer.seek(0)
    buffer.name = "IMG_0042.JPG"
    return buffer


def stored_files():
    root = Path(settings.MEDIA_ROOT)
    return [str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()]


class ImageAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user("Editors")

    def setUp(self):
        self.client = Client(enforce_csrf_checks=True)
        self.client.force_login(self.editor)

    def post(self, url, **fields):
        data = {
            "title": "HALO jump still",
            "alt_text": "Tom Cruise in free fall",
            "caption": "",
            "credit": "Courtesy of Paramount",
            "focal_x": "0.5",
            "focal_y": "0.5",
        }
        data.update(fields)
        return csrf_post(self.client, url, data)

    def test_upload_stores_a_clean_image_with_renditions(self):
        response = self.post(ADD_URL, file=jpeg())
        self.assertEqual(response.status_code, 302)
        image = Image.objects.get()
        self.assertEqual((image.width, image.height), (1600, 900))
        self.assertTrue(image.file.name.startswith("images/") and "halo-jump-still-" in image.file.name)
        self.assertNotIn(0x8825, PILImage.open(image.file.path).getexif())
        self.assertEqual({r["format"] for r in image.renditions}, {"webp", "jpeg"})
        self.assertEqual(sum(r["kind"] == "social" for r in image.renditions), 1)

    def test_refused_upload_keeps_the_typed_text_and_stores_nothing(self):
        fake = io.BytesIO(b"<svg onload=alert(1)></svg>")
        fake.name = "still.jpg"
        response = self.post(ADD_URL, file=fake, alt_text="Typed alt text survives")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "not an image we accept")
        self.assertContains(response, "Typed alt text survives")
        self.assertFalse(Image.objects.exists())

    def test_an_image_taller_than_webp_allows_is_refused_and_nothing_is_stored(self):
        """1000 × 20000 is 20 megapixels, within the pixel limit, but WebP holds at most 16,383 a side."""
        tall = jpeg(size=(1000, 20000))
        response = self.post(ADD_URL, file=tall, alt_text="Typed alt text survives")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "each side may be at most 16,383 pixels")
        self.assertContains(response, "Typed alt text survives")
        self.assertFalse(Image.objects.exists())
        self.assertEqual(stored_files(), [])

    def test_replacing_the_file_removes_the_old_one_and_its_renditions(self):
        self.post(ADD_URL, file=jpeg())
        image = Image.objects.get()
        before = stored_files()
        with self.captureOnCommitCallbacks(execute=True):
            self.post(f"/admin/articles/image/{image.pk}/change/", file=jpeg(size=(1200, 800)))
        image.refresh_from_db()
        after = stored_files()
        self.assertEqual((image.width, image.height), (1200, 800))
        self.assertFalse(set(before) & set(after), "every file of the old version is gone")
        self.assertEqual(sorted(after), sorted([image.file.name] + [r["name"] for r in image.renditions]))

    def test_deleting_images_removes_their_files_once_it_commits(self):
        for _ in range(3):
            self.post(ADD_URL, file=jpeg())
        first, *others = Image.objects.order_by("pk")
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            response = csrf_post(self.client, f"/admin/articles/image/{first.pk}/delete/", {"post": "yes"})
            self.assertEqual(response.status_code, 302)
            self.assertEqual(
                len(stored_files()), 3 * (1 + len(first.renditions)), "nothing goes before the commit"
            )
        for callback in callbacks:
            callback()
        self.assertEqual(len(stored_files()), 2 * (1 + len(first.renditions)))
        chosen = {
            "action": "delete_selected",
            "_selected_action": [image.pk for image in others],
            "post": "yes",
        }
        with self.captureOnCommitCallbacks(execute=True):
            response = csrf_post(self.client, "/admin/articles/image/", chosen)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(stored_files(), [])

    def test_alt_text_is_required(self):
        response = self.post(ADD_URL, file=jpeg(), alt_text="")
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Image.objects.exists())

    def test_focal_point_change_regenerates_the_social_crop(self):
        self.post(ADD_URL, file=jpeg())
        image = Image.objects.get()
        social = next(r["name"] for r in image.renditions if r["kind"] == "social")
        before = image.file.storage.open(social).read()
        page = self.client.get(f"/admin/articles/image/{image.pk}/change/")
        self.assertEqual(len(BeautifulSoup(page.content, "html.parser").select(".focal-picker img")), 1)
        self.post(f"/admin/articles/image/{image.pk}/change/", focal_x="0.9", focal_y="0.2")
        image.refresh_from_db()
        self.assertEqual((image.focal_x, image.focal_y), (0.9, 0.2))
        social = next(r["name"] for r in image.renditions if r["kind"] == "social")
        self.assertNotEqual(image.file.storage.open(social).read(), before)

    def test_focal_point_outside_the_image_is_refused(self):
        self.post(ADD_URL, file=jpeg())
        image = Image.objects.get()
        response = self.post(f"/admin/articles/image/{image.pk}/change/", focal_x="1.5")
        self.assertEqual(response.status_code, 200)
        image.refresh_from_db()
        self.assertEqual(image.focal_x, 0.5)

    def test_list_shows_thumbnails_search_and_usage(self):
        self.post(ADD_URL, file=jpeg())
        image = Image.objects.get()
        make_article(lead_image=image, headline="Story with the still")
        make_film(poster=image)
        page = self.client.get("/admin/articles/image/", {"q": "Paramount"})
        soup = BeautifulSoup(page.content, "html.parser")
        self.assertEqual(len(soup.select("#result_list img.thumb")), 1)
        self.assertIn("1 story, 1 film(s)", soup.select_one(".field-used_by").get_text())
        change = self.client.get(f"/admin/articles/image/{image.pk}/change/")
        self.assertContains(change, "Story: Story with the still")


class KeptUploadTests(TestCase):
    """A file accepted by a form refused for another reason is kept for the next submission."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user("Editors")

    def setUp(self):
        self.client = Client(enforce_csrf_checks=True)
        self.client.force_login(self.editor)

    def post(self, url=ADD_URL, **fields):
        data = {"title": "HALO jump still", "alt_text": "", "caption": "", "credit": ""}
        data.update(focal_x="0.5", focal_y="0.5", **fields)
        return csrf_post(self.client, url, data)

    def kept_token(self, response):
        return BeautifulSoup(response.content, "html.parser").find("input", {"name": "kept_upload"})["value"]

    def test_a_file_survives_a_missing_alt_text_and_is_saved_next_time(self):
        response = self.post(file=jpeg(size=(3000, 2000)))
        self.assertEqual(response.status_code, 200)
        soup = BeautifulSoup(response.content, "html.parser")
        self.assertEqual(soup.select_one(".kept-upload").get_text(), "Kept: IMG_0042.JPG (3000 × 2000)")
        self.assertFalse(
            soup.find("input", {"name": "file"}).has_attr("required"), "no need to pick it again"
        )
        token = self.kept_token(response)
        self.assertTrue(token)
        self.assertEqual(len([f for f in stored_files() if f.startswith("uploads-pending/")]), 1)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.post(alt_text="Tom Cruise in free fall", kept_upload=token)
        self.assertEqual(response.status_code, 302)
        image = Image.objects.get()
        self.assertEqual((image.width, image.height), (3000, 2000))
        self.assertTrue(image.file.name.startswith("images/") and "halo-jump-still-" in image.file.name)
        self.assertTrue(image.renditions)
        self.assertFalse(
            [f for f in stored_files() if f.startswith("uploads-pending/")], "the kept copy is gone"
        )

    def test_the_kept_file_survives_a_second_refusal(self):
        token = self.kept_token(self.post(file=jpeg()))
        response = self.post(kept_upload=token)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Kept: IMG_0042.JPG (1600 × 900)")
        self.assertEqual(self.kept_token(response), token)

    def test_a_new_file_replaces_the_kept_one(self):
        token = self.kept_token(self.post(file=jpeg()))
        with self.captureOnCommitCallbacks(execute=True):
            self.post(file=jpeg(size=(1200, 800)), alt_text="Free fall", kept_upload=token)
        self.assertEqual((Image.objects.get().width, Image.objects.get().height), (1200, 800))
        self.assertFalse([f for f in stored_files() if f.startswith("uploads-pending/")])

    def test_forged_or_tampered_tokens_are_ignored(self):
        self.post(file=jpeg())
        forged = [
            "nonsense",
            signing.dumps({"path": "images/../../settings.py", "name": "x", "w": 1, "h": 1}, salt=kept.SALT),
            signing.dumps(
                {"path": "uploads-pending/" + "0" * 32 + ".jpg", "name": "x", "w": 1, "h": 1}, salt=kept.SALT
            ),
            signing.dumps({"path": "uploads-pending/a.jpg"}, salt="another-salt"),
        ]
        for token in forged:
            with self.subTest(token=token[:30]):
                response = self.post(alt_text="Free fall", kept_upload=token)
                self.assertEqual(response.status_code, 200)
                self.assertNotContains(response, "Kept:")
                self.assertFalse(Image.objects.exists())

    def test_a_kept_file_that_is_no_longer_an_image_is_ignored(self):
        token = self.kept_token(self.post(file=jpeg()))
        path = next(f for f in stored_files() if f.startswith("uploads-pending/"))
        default_storage.delete(path)
        default_storage.save(path, io.BytesIO(b"<svg onload=alert(1)></svg>"))
        response = self.post(alt_text="Free fall", kept_upload=token)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Image.objects.exists())

    def test_abandoned_kept_files_are_removed_after_a_day(self):
        self.post(file=jpeg())
        kept.forget_stale(now=timezone.now() + timedelta(days=2))
        self.assertFalse([f for f in stored_files() if f.startswith("uploads-pending/")])
