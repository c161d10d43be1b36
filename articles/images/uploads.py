"""Accepting image uploads safely: check what the file really is, then re-encode it clean.

Every check runs before anything is written to storage, and each refusal is a
sentence an editor understands. Accepted images are decoded, turned upright
by their EXIF orientation and re-encoded from pixels, so EXIF (GPS included),
XMP, comments and anything appended to the file are gone from what we serve.
"""

import io
import secrets
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.text import slugify
from PIL import Image, ImageOps, UnidentifiedImageError

# AVIF is refused for now: its decoder is the largest attack surface of the lot, and since
# every upload is re-encoded anyway, accepting it would buy editors little.
ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
ACCEPTED_NAMES = "JPEG, PNG, WebP or GIF"
SAVE_OPTIONS = {
    "JPEG": {"quality": 90, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 90, "method": 4},
    "GIF": {"optimize": True},
}
# WebP, the format of every width rendition, holds at most 16,383 pixels a side; a rendition is
# never wider or taller than its original, so an original within this fits every format we write.
MAX_SIDE = 16383


def refuse(message, code):
    raise ValidationError(message, code=code)


def check_size(uploaded):
    if not uploaded.size:
        refuse("The file is empty.", "empty")
    limit = settings.NEWSROOM_IMAGE_MAX_BYTES
    if uploaded.size > limit:
        refuse(
            f"The file is {filesizeformat(uploaded.size)}; images may be at most {filesizeformat(limit)}.",
            "too_large",
        )


def open_checked(uploaded):
    """Open the upload by its content, not its name, checking format and pixel counts before decoding."""
    uploaded.seek(0)
    try:
        image = Image.open(uploaded)
    except Image.DecompressionBombError:
        refuse("The image has far too many pixels to process.", "too_many_pixels")
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        refuse(f"This file is not an image we accept. Upload a {ACCEPTED_NAMES} file.", "not_an_image")
    if image.format not in ACCEPTED_FORMATS:
        refuse(f"This is a {image.format} file. Upload a {ACCEPTED_NAMES} file.", "wrong_format")
    width, height = image.size
    if max(width, height) > MAX_SIDE:
        refuse(
            f"The image is {width} × {height} pixels; each side may be at most {MAX_SIDE:,} pixels.",
            "too_long_a_side",
        )
    max_pixels = settings.NEWSROOM_IMAGE_MAX_PIXELS
    if width * height > max_pixels:
        refuse(
            f"The image is {width} × {height} pixels; "
            f"at most {max_pixels // 1_000_000} megapixels are accepted.",
            "too_many_pixels",
        )
    # Counting frames reads their headers only. Many frames multiply the decoding work.
    frames = getattr(image, "n_frames", 1)
    if frames > 1 and width * height * frames > max_pixels:
        refuse(
            f"The animation has {frames} frames of {width} × {height}: too many pixels in all.",
            "too_many_pixels",
        )
    return image


def clean_image(uploaded, title=""):
    """Validate an uploaded image and return it re-encoded, metadata-free, under a safe name.

    Raises ValidationError with an editor-readable message; writes nothing.
    """
    check_size(uploaded)
    image = open_checked(uploaded)
    source_format = image.format
    try:
        image.seek(0)
        image.load()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        refuse("The image file is damaged or incomplete.", "damaged")
    icc_profile = image.info.get("icc_profile")
    upright = ImageOps.exif_transpose(image)
    if source_format == "JPEG" and upright.mode not in ("RGB", "L"):
        upright = upright.convert("RGB")
    # Only the colour profile survives: EXIF, XMP and comments are left behind.
    upright.info = {}
    options = dict(SAVE_OPTIONS[source_format])
    if icc_profile and source_format in ("JPEG", "PNG", "WEBP"):
        options["icc_profile"] = icc_profile
    buffer = io.BytesIO()
    upright.save(buffer, format=source_format, **options)
    name = safe_name(title, getattr(uploaded, "name", ""), ACCEPTED_FORMATS[source_format])
    return ContentFile(buffer.getvalue(), name=name)


def safe_name(title, original_name, extension):
    """A stored image's file name: from its title (else the uploaded file's name), made safe, with
    a random part so two images never share one."""
    stem = slugify(title or PurePath(original_name or "image").stem)[:60] or "image"
    return f"{stem}-{secrets.token_hex(4)}.{extension}"
