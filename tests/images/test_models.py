"""The image library's model: alt text and a focal point inside the image, enforced by the
database; the addresses of its renditions, as pages and feeds ask for them."""

from django.db import IntegrityError, transaction
from django.test import TestCase

from articles.changes import make_renditions
from articles.models import Image
from tests.factories import library_image


def rendition(kind, width, fmt, height=None):
    return {
        "kind": kind,
        "width": width,
        "height": height or width // 2,
        "format": fmt,
        "name": f"r/{width}.{fmt}",
    }


def image_with(*renditions):
    """An image whose file is not read: its size is given, as a saved image's is."""
    return Image(
        title="Still",
        alt_text="A still",
        file="images/still.jpg",
        width=2400,
        height=1600,
        renditions=list(renditions),
    )


class ConstraintTests(TestCase):
    def assertRefused(self, **fields):
        with self.assertRaises(IntegrityError), transaction.atomic():
            Image.objects.create(
                **{
                    "title": "Still",
                    "alt_text": "A still",
                    "file": "images/still.jpg",
                    "width": 2400,
                    "height": 1600,
                    **fields,
                }
            )

    def test_alt_text_is_required(self):
        self.assertRefused(alt_text="")

    def test_the_focal_point_is_inside_the_image(self):
        for focal in ({"focal_x": -0.1}, {"focal_x": 1.1}, {"focal_y": -0.1}, {"focal_y": 1.5}):
            with self.subTest(**focal):
                self.assertRefused(**focal)
        Image.objects.create(
            title="Corner",
            alt_text="A still",
            file="images/still.jpg",
            width=2400,
            height=1600,
            focal_x=1,
            focal_y=0,
        )


class RenditionAddressTests(TestCase):
    def test_sources_and_srcset_list_a_formats_widths_smallest_first(self):
        image = image_with(
            rendition("width", 640, "webp"),
            rendition("width", 320, "webp"),
            rendition("width", 320, "jpeg"),
            rendition("social", 1200, "jpeg", height=630),
        )
        self.assertEqual(image.sources("webp"), [("/media/r/320.webp", 320), ("/media/r/640.webp", 640)])
        self.assertEqual(image.srcset("webp"), "/media/r/320.webp 320w, /media/r/640.webp 640w")
        self.assertEqual(image.srcset("png"), "")

    def test_the_fallback_is_png_where_the_image_has_png_renditions_and_jpeg_otherwise(self):
        self.assertEqual(
            image_with(rendition("width", 320, "webp"), rendition("width", 320, "png")).fallback_format, "png"
        )
        self.assertEqual(image_with(rendition("width", 320, "jpeg")).fallback_format, "jpeg")
        self.assertEqual(image_with().fallback_format, "jpeg")

    def test_feeds_get_the_largest_fallback_rendition(self):
        image = image_with(
            rendition("width", 1920, "webp"),
            rendition("width", 640, "jpeg"),
            rendition("width", 1280, "jpeg"),
        )
        self.assertEqual(image.feed_rendition["name"], "r/1280.jpeg")
        self.assertIsNone(image_with().feed_rendition)

    def test_link_previews_get_the_social_crop_or_else_the_original(self):
        self.assertEqual(
            image_with(rendition("social", 1200, "jpeg", height=630)).social_url, "/media/r/1200.jpeg"
        )
        self.assertEqual(image_with(rendition("width", 320, "jpeg")).social_url, "/media/images/still.jpg")

    def test_addresses_follow_the_media_settings(self):
        image = library_image()
        make_renditions(image)
        local = image.sources("webp")[0][0]
        with self.settings(MEDIA_URL="https://media.example.com/"):
            self.assertTrue(image.sources("webp")[0][0].startswith("https://media.example.com/"))
        self.assertEqual(image.sources("webp")[0][0], local)
