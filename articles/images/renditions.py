"""Image renditions, made when an image is saved so no reader's request ever resizes anything.

Each image gets several widths in WebP plus a JPEG (or PNG, when it has
transparency) fallback, and a 1200×630 social crop around its focal point.
The list of files is stored on the image as JSON, so pages build `srcset`
without a query or a look at the disk.
"""

import io

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

WIDTHS = (320, 640, 960, 1280, 1920)
SOCIAL_SIZE = (1200, 630)
WEBP_OPTIONS = {"format": "WEBP", "quality": 80, "method": 4}
JPEG_OPTIONS = {"format": "JPEG", "quality": 82, "optimize": True, "progressive": True}
PNG_OPTIONS = {"format": "PNG", "optimize": True}


def target_widths(original_width):
    """Rendition widths for an image: the standard ones below its width, or its own width if smaller."""
    widths = [width for width in WIDTHS if width < original_width]
    return widths or [original_width]


def has_alpha(image):
    return image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)


def social_crop(image, focal_x, focal_y, size=SOCIAL_SIZE):
    """The largest crop of the social card's shape, centred on the focal point as far as the edges allow."""
    width, height = image.size
    ratio = size[0] / size[1]
    crop_w, crop_h = (
        (width, round(width / ratio)) if width / height <= ratio else (round(height * ratio), height)
    )
    left = min(max(round(focal_x * width - crop_w / 2), 0), width - crop_w)
    top = min(max(round(focal_y * height - crop_h / 2), 0), height - crop_h)
    return image.crop((left, top, left + crop_w, top + crop_h)).resize(size, Image.Resampling.LANCZOS)


def build_renditions(source, focal_x=0.5, focal_y=0.5):
    """Encode every rendition of the image in `source` (a file object).

    Yields (kind, width, height, format, data). JPEGs are decoded in draft mode
    at the smallest scale still wider than the largest rendition, and each
    width is resized from the one above it, which keeps a 6000×4000 photo to a
    fraction of the time and memory of working at full size.
    """
    with Image.open(source) as opened:
        widths = target_widths(opened.width)
        if opened.format == "JPEG":
            opened.draft("RGB", (max(widths[-1], SOCIAL_SIZE[0]), 1))
        image = ImageOps.exif_transpose(opened)
        alpha = has_alpha(image)
        image = image.convert("RGBA" if alpha else "RGB")
    fallback = PNG_OPTIONS if alpha else JPEG_OPTIONS
    social = social_crop(image.convert("RGB"), focal_x, focal_y)
    yield "social", *social.size, "jpeg", encode(social, JPEG_OPTIONS)
    current = image
    for width in sorted(widths, reverse=True):
        height = max(1, round(image.height * width / image.width))
        if current.size != (width, height):
            current = current.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        yield "width", width, height, "webp", encode(current, WEBP_OPTIONS)
        yield "width", width, height, fallback["format"].lower(), encode(current, fallback)


def encode(image, options):
    buffer = io.BytesIO()
    image.save(buffer, **options)
    return buffer.getvalue()


def generate_renditions(image):
    """Make every rendition of a library Image and store their files; returns the list of them to
    keep on the image (articles.changes.make_renditions keeps it, and removes the old ones).

    If any rendition fails, the files already written are removed before the error goes on:
    a failed save leaves nothing behind.
    """
    storage = image.file.storage
    stem = image.file.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    made = []
    try:
        with image.file.open("rb") as source:
            for kind, width, height, fmt, data in build_renditions(source, image.focal_x, image.focal_y):
                suffix = "social" if kind == "social" else f"{width}w"
                name = storage.save(f"renditions/{image.pk}/{stem}-{suffix}.{fmt}", ContentFile(data))
                made.append(
                    {
                        "kind": kind,
                        "width": width,
                        "height": height,
                        "format": fmt,
                        "name": name,
                        "bytes": len(data),
                    }
                )
    except BaseException:
        delete_files(storage, [rendition["name"] for rendition in made])
        raise
    return made


def delete_files(storage, names):
    for name in names:
        storage.delete(name)
