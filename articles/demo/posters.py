"""Posters for the demo films, drawn with Pillow: the demo ships no pictures of its own, and
fetches none."""

import io

from django.core.files.base import ContentFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from articles import changes
from articles.models import Image

SIZE = WIDTH, HEIGHT = 800, 1200
MARGIN = 60
INK = (246, 240, 228)
# The title's largest size; a longer word is set smaller so that it fits between the margins.
TITLE_SIZE = 150


def draw_poster(title, year, kicker="", colours=((90, 90, 90), (20, 20, 20))):
    """A poster as JPEG bytes: `kicker` small at the top, `title` large, a word a line, and `year`
    under it, on a field shading from the first of `colours` at the top to the second."""
    top, bottom = colours
    shade = PILImage.linear_gradient("L").resize(SIZE)
    poster = PILImage.composite(PILImage.new("RGB", SIZE, bottom), PILImage.new("RGB", SIZE, top), shade)
    draw = ImageDraw.Draw(poster)
    draw.rectangle(
        (MARGIN // 2, MARGIN // 2, WIDTH - MARGIN // 2, HEIGHT - MARGIN // 2), outline=INK, width=3
    )
    if kicker:
        draw.text((WIDTH / 2, 2 * MARGIN), kicker.upper(), font=font(44), fill=INK, anchor="mt")
    words = title.upper().split()
    size = min(TITLE_SIZE, *(fitting_size(word, WIDTH - 3 * MARGIN) for word in words))
    line = round(size * 1.05)
    baseline = HEIGHT - 4 * MARGIN - line * (len(words) - 1)
    for number, word in enumerate(words):
        draw.text((WIDTH / 2, baseline + number * line), word, font=font(size), fill=INK, anchor="ms")
    if year:
        draw.text((WIDTH / 2, HEIGHT - 2 * MARGIN), str(year), font=font(56), fill=INK, anchor="ms")
    buffer = io.BytesIO()
    poster.save(buffer, format="JPEG", quality=88)
    return buffer.getvalue()


def font(size):
    return ImageFont.load_default(size=size)


def fitting_size(text, width):
    """The largest font size at which `text` is at most `width` pixels wide."""
    return int(TITLE_SIZE * width / font(TITLE_SIZE).getlength(text))


def add_poster(film, design):
    """Give `film` a poster drawn from `design` (kicker, title, colours), stored as a library image
    with its renditions; a film that has a poster keeps it."""
    if film.poster_id is not None:
        return False
    image = Image(
        title=f"Poster: {film} (demo)",
        alt_text=f"A drawn poster showing the title {film.title} and the year {film.year} on a shaded "
        "background.",
        credit="Drawn for the demo newsroom",
    )
    data = draw_poster(design["title"], film.year, design["kicker"], design["colours"])
    name = f"poster-{film.slug}.jpg"
    image.file.save(name, ContentFile(data, name=name), save=False)
    changes.save_image(image)
    film.poster = image
    film.save(update_fields=["poster"])
    return True
