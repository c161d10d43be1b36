"""Upload hardening: attack files made here with Pillow are refused with a clear message,
and accepted images come back upright, re-encoded and free of metadata."""

import io
import struct

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, TiffImagePlugin

from articles.images.uploads import clean_image


def image_bytes(fmt="JPEG", size=(64, 48), color=(200, 30, 30), **save):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=fmt, **save)
    return buffer.getvalue()


def upload(data, name="photo.jpg"):
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def refused(data, name="photo.jpg"):
    with pytest.raises(ValidationError) as caught:
        clean_image(upload(data, name))
    return caught.value


def gps_exif(orientation=6):
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "SpyCam"
    gps = {1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 3.0)}
    exif[0x8825] = gps
    return exif


def test_good_jpeg_is_accepted_and_renamed():
    cleaned = clean_image(upload(image_bytes(), "../../etc/Passwd Photo!!.JPG"), title="Cruise at CinemaCon")
    assert cleaned.name.startswith("cruise-at-cinemacon-") and cleaned.name.endswith(".jpg")
    assert "/" not in cleaned.name
    assert Image.open(io.BytesIO(cleaned.read())).format == "JPEG"


@pytest.mark.parametrize("fmt", ["PNG", "WEBP", "GIF"])
def test_other_accepted_formats_keep_their_format(fmt):
    cleaned = clean_image(upload(image_bytes(fmt), f"x.{fmt.lower()}"))
    assert Image.open(io.BytesIO(cleaned.read())).format == fmt


def test_exif_gps_and_comments_are_stripped_and_orientation_applied():
    data = image_bytes(size=(80, 40), exif=gps_exif(orientation=6), comment=b"secret newsroom note")
    assert Image.open(io.BytesIO(data)).getexif().get(0x8825)
    cleaned = Image.open(io.BytesIO(clean_image(upload(data)).read()))
    assert cleaned.size == (40, 80), "orientation 6 means rotated: the served image is upright"
    assert dict(cleaned.getexif()) == {}
    assert "exif" not in cleaned.info and "comment" not in cleaned.info
    assert b"SpyCam" not in clean_image(upload(data)).read()


def test_png_text_chunks_are_stripped():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "leaky metadata")
    info.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta>location</x:xmpmeta>")
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, format="PNG", pnginfo=info)
    cleaned = clean_image(upload(buffer.getvalue(), "x.png")).read()
    assert b"leaky metadata" not in cleaned and b"xmpmeta" not in cleaned


def test_polyglot_png_with_appended_script_is_re_encoded_clean():
    data = image_bytes("PNG") + b"<script>alert('polyglot')</script><?php system($_GET['c']); ?>"
    cleaned = clean_image(upload(data, "innocent.png")).read()
    assert b"<script>" not in cleaned and b"<?php" not in cleaned
    assert Image.open(io.BytesIO(cleaned)).format == "PNG"


@pytest.mark.parametrize(
    "data, name",
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>', "logo.jpg"),
        (b"<!DOCTYPE html><html><script>alert(1)</script></html>", "page.jpg"),
        (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer <<>>\n%%EOF", "doc.jpg"),
        (b"GIF89a" + b"\x00" * 3, "broken.gif"),
    ],
)
def test_non_images_renamed_as_images_are_refused(data, name):
    error = refused(data, name)
    assert error.code in {"not_an_image", "damaged"}


def test_photoshop_file_is_refused_by_its_content():
    buffer = io.BytesIO()
    # A minimal valid PSD header: Pillow recognises it, we do not accept it.
    buffer.write(b"8BPS" + struct.pack(">H6xHIIHH", 1, 3, 8, 8, 8, 3))
    buffer.write(struct.pack(">I", 0) * 3 + struct.pack(">H", 0) + b"\x00" * (8 * 8 * 3))
    error = refused(buffer.getvalue(), "still.jpg")
    assert error.code in {"wrong_format", "not_an_image"}


def test_tiff_is_refused_with_the_accepted_formats_named():
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, format="TIFF")
    error = refused(buffer.getvalue(), "still.jpg")
    assert error.code == "wrong_format"
    assert "JPEG, PNG, WebP or GIF" in error.message


def test_empty_file_is_refused():
    assert refused(b"").code == "empty"


def test_truncated_file_is_refused():
    data = image_bytes(size=(400, 300), color=(10, 200, 90))
    assert refused(data[: len(data) // 2]).code == "damaged"


def test_too_many_bytes_is_refused(settings):
    settings.NEWSROOM_IMAGE_MAX_BYTES = 1000
    error = refused(image_bytes(size=(400, 400), quality=100))
    assert error.code == "too_large"


def test_pixel_bomb_is_refused_before_decoding(settings):
    """A small file declaring a huge canvas: refused from its header."""
    settings.NEWSROOM_IMAGE_MAX_PIXELS = 10_000_000
    buffer = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(buffer, format="PNG", optimize=True)
    assert len(buffer.getvalue()) < 200_000
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Image.Image, "load", lambda self: pytest.fail("decoded a bomb"))
        assert refused(buffer.getvalue(), "bomb.png").code == "too_many_pixels"


def test_many_frame_gif_is_refused(settings):
    settings.NEWSROOM_IMAGE_MAX_PIXELS = 1_000_000
    frames = [Image.new("RGB", (400, 400), (n * 12, 0, 255 - n * 12)) for n in range(20)]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:])
    error = refused(buffer.getvalue(), "loop.gif")
    assert error.code == "too_many_pixels"
    assert "20 frames" in error.message


def test_gif_keeps_its_first_frame_only():
    frames = [Image.new("RGB", (30, 30), (n * 80, 0, 0)) for n in range(3)]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:], comment=b"hidden")
    cleaned = clean_image(upload(buffer.getvalue(), "a.gif")).read()
    assert getattr(Image.open(io.BytesIO(cleaned)), "n_frames", 1) == 1
    assert b"hidden" not in cleaned


def test_cmyk_jpeg_is_converted_for_the_web():
    buffer = io.BytesIO()
    Image.new("CMYK", (20, 20), (0, 100, 100, 0)).save(buffer, format="JPEG")
    cleaned = Image.open(io.BytesIO(clean_image(upload(buffer.getvalue())).read()))
    assert cleaned.mode == "RGB"


assert TiffImagePlugin  # registered so Pillow recognises TIFF input
