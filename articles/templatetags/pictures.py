"""`{% picture %}`: a library image as <picture> with WebP and fallback srcsets, no layout shift."""

from django import template
from django.template.loader import render_to_string

register = template.Library()


@register.simple_tag
def picture(image, sizes="100vw", loading="lazy", css_class=""):
    """Render `image` from its stored renditions; no query, no file access, no image work."""
    if image is None:
        return ""
    fallback = image.sources(image.fallback_format)
    context = {
        "image": image,
        "sizes": sizes,
        "loading": loading,
        "css_class": css_class,
        "webp": ", ".join(f"{url} {width}w" for url, width in image.sources("webp")),
        "fallback": ", ".join(f"{url} {width}w" for url, width in fallback),
        "src": fallback[-1][0] if fallback else image.file.url,
    }
    return render_to_string("articles/includes/picture.html", context)
