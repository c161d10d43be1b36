"""Renditions: widths and formats, the social crop around the focal point, stored for pages to use."""

import io
from pathlib import Path
from unittest import mock

from bs4 import BeautifulSoup
from django.conf import settings
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from PIL import Image as PILImage

from articles.changes import make_renditions, save_image
from articles.images import renditions
from articles.images.renditions import WIDTHS, build_renditions, social_crop
from articles.models import Image
from tests.factories import library_image, make_article, photo


class BuildRenditionsTests(TestCase):
    def test_widths_and_formats(self):
        """Every width up to the original's, each in WebP and JPEG, keeping the original's proportions."""
        made = list(build_renditions(io.BytesIO(photo())))
        widths = sorted({w for kind, w, h, fmt, data in made if kind == "width"})
        self.assertEqual(widths, [w for w in WIDTHS if w < 2400])
        formats = {(w, fmt) for kind, w, h, fmt, data in made if kind == "width"}
        self.assertEqual(formats, {(w, f) for w in widths for f in ("webp", "jpeg")})
        for kind, width, height, fmt, data in made:
            decoded = PILImage.open(io.BytesIO(data))
            self.assertEqual(decoded.size, (width, height))
            self.assertEqual(decoded.format, {"webp": "WEBP", "jpeg": "JPEG", "png": "PNG"}[fmt])
            if kind == "width":
                self.assertAlmostEqual(height / width, 1600 / 2400, places=2)

    def test_transparent_png_falls_back_to_png(self):
        made = list(build_renditions(io.BytesIO(photo(fmt="PNG", mode="RGBA"))))
        self.assertEqual({fmt for kind, w, h, fmt, data in made if kind == "width"}, {"webp", "png"})

    def test_small_image_is_not_enlarged(self):
        made = list(build_renditions(io.BytesIO(photo(size=(200, 100)))))
        self.assertEqual({w for kind, w, h, fmt, data in made if kind == "width"}, {200})

    def test_social_crop_keeps_the_focal_point_in_view(self):
        source = PILImage.open(io.BytesIO(photo(size=(2400, 2400))))
        kept = social_crop(source.convert("RGB"), focal_x=0.9, focal_y=0.12)
        self.assertEqual(kept.size, (1200, 630))
        red = kept.resize((120, 63)).getcolors(120 * 63)
        self.assertTrue(
            any(rgb[0] > 180 and rgb[1] < 60 for count, rgb in red), "the red mark is in the crop"
        )
        centred = social_crop(source.convert("RGB"), 0.5, 0.5).resize((120, 63)).getcolors(120 * 63)
        self.assertFalse(any(rgb[0] > 180 and rgb[1] < 60 for count, rgb in centred))


class StoredRenditionsTests(TestCase):
    def test_generate_stores_files_and_list(self):
        """Making renditions stores each file and lists them on the image."""
        image = library_image()
        made = make_renditions(image)
        image.refresh_from_db()
        self.assertEqual(image.renditions, made)
        for rendition in made:
            self.assertTrue(image.file.storage.exists(rendition["name"]))
        self.assertEqual(len(made), 1 + 2 * len([w for w in WIDTHS if w < 2400]))
        self.assertTrue(image.social_url.endswith("-social.jpeg"))

    def test_regenerating_replaces_old_files(self):
        image = library_image()
        first = make_renditions(image)
        image.focal_x = 0.9
        with self.captureOnCommitCallbacks(execute=True):
            second = make_renditions(image)
        self.assertTrue(first)
        for rendition in first:
            if rendition["name"] not in {r["name"] for r in second}:
                self.assertFalse(image.file.storage.exists(rendition["name"]))

    def test_old_renditions_stay_until_the_new_ones_commit(self):
        image = library_image()
        first = make_renditions(image)
        with self.captureOnCommitCallbacks(execute=False):
            make_renditions(image)
            self.assertTrue(all(image.file.storage.exists(r["name"]) for r in first))

    def test_a_failed_rendition_leaves_no_file_behind(self):
        """Whatever fails part-way (here the fourth file's encoding), the files written before it go."""
        image = library_image()
        encoded = []

        def failing(picture, options):
            if len(encoded) == 3:
                raise OSError("encoder failed")
            encoded.append(options["format"])
            return renditions.encode(picture, options)

        with mock.patch.object(renditions, "encode", failing), self.assertRaises(OSError):
            save_image(image, remake_renditions=True)
        self.assertEqual(len(encoded), 3)
        root = Path(image.file.storage.location)
        self.assertEqual(
            [path.name for path in root.rglob("*") if path.is_file()], [Path(image.file.name).name]
        )

    def test_a_failed_save_removes_the_original_it_stored(self):
        from django.core.files.base import ContentFile

        with mock.patch.object(renditions, "build_renditions", side_effect=OSError("no")):
            with self.assertRaises(OSError):
                save_image(Image(title="t", alt_text="a", file=ContentFile(photo(), name="new.jpg")))
        root = Path(settings.MEDIA_ROOT)
        self.assertEqual([path for path in root.rglob("*") if path.is_file()], [])
        self.assertFalse(Image.objects.exists())


class PictureTagTests(TestCase):
    def test_story_page_uses_picture_with_srcset_and_no_query_per_image(self):
        image = library_image()
        make_renditions(image)
        story = make_article(lead_image=image)
        with CaptureQueriesContext(connection) as with_image:
            response = self.client.get(story.get_absolute_url())
        plain = make_article()
        with CaptureQueriesContext(connection) as without_image:
            self.client.get(plain.get_absolute_url())
        self.assertEqual(len(with_image), len(without_image))
        picture = BeautifulSoup(response.content, "html.parser").select_one(".lead-image picture")
        source, img = picture.source, picture.img
        self.assertEqual(source["type"], "image/webp")
        self.assertEqual(len(source["srcset"].split(",")), 5)
        self.assertIn("640w", img["srcset"])
        self.assertEqual((img["width"], img["height"]), ("2400", "1600"))
        self.assertEqual(img["alt"], "A still")
        self.assertEqual(img["loading"], "eager")

    def test_cards_lazy_load(self):
        image = library_image()
        make_renditions(image)
        make_article(lead_image=image)
        card = BeautifulSoup(self.client.get("/").content, "html.parser").select_one(".card picture img")
        self.assertEqual(card["loading"], "lazy")

    def test_page_rendering_does_no_image_work(self):
        image = library_image()
        make_renditions(image)
        story = make_article(lead_image=image)
        with self.settings(DEBUG=False):
            original = PILImage.open
            try:
                PILImage.open = lambda *a, **k: self.fail("a page opened an image")
                self.assertEqual(self.client.get(story.get_absolute_url()).status_code, 200)
                self.assertEqual(self.client.get("/").status_code, 200)
            finally:
                PILImage.open = original

    def test_image_without_renditions_still_renders(self):
        story = make_article(lead_image=library_image())
        img = BeautifulSoup(self.client.get(story.get_absolute_url()).content, "html.parser").select_one(
            ".lead-image img"
        )
        self.assertTrue(Path(img["src"]).name.startswith("still"))


class MakeRenditionsCommandTests(TestCase):
    def test_fills_in_missing_renditions(self):
        from django.core.management import call_command

        image = library_image()
        call_command("make_renditions", stdout=io.StringIO())
        image.refresh_from_db()
        self.assertTrue(image.renditions)

    def test_a_file_that_fails_is_reported_and_the_rest_are_made(self):
        from django.core.management import CommandError, call_command

        damaged = library_image(name="damaged.jpg")
        Path(damaged.file.path).write_bytes(photo()[:400])
        good = library_image()
        errors = io.StringIO()
        with self.assertRaisesMessage(CommandError, "1 image(s) failed"):
            call_command("make_renditions", stdout=io.StringIO(), stderr=errors)
        good.refresh_from_db()
        damaged.refresh_from_db()
        self.assertTrue(good.renditions)
        self.assertEqual(damaged.renditions, [])
        self.assertIn(f"Image {damaged.pk}", errors.getvalue())
        self.assertEqual(list(Path(settings.MEDIA_ROOT, "renditions").glob(f"{damaged.pk}/*")), [])
