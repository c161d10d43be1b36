"""`{% picture %}`: a library image as <picture> with WebP and fallback srcsets, no layout shift."""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.simple_tag
def picture(image, sizes="100vw", loading="lazy", css_class=""):
    """Render `image` from its stored renditions; no query, no file access, no image work.

    Built with format_html (escaped like a template) rather than an included template: a
    list page shows twenty of them, and rendering a template each time cost a third of it.
    """
    if image is None:
        return ""
    fallback = image.sources(image.fallback_format)
    webp = srcset(image.sources("webp"))
    attributes = [("src", fallback[-1][0] if fallback else image.file.url)]
    if fallback:
        attributes += [("srcset", srcset(fallback)), ("sizes", sizes)]
    attributes += [("alt", image.alt_text), ("width", image.width), ("height", image.height)]
    if css_class:
        attributes.append(("class", css_class))
    attributes += [("loading", loading), ("decoding", "async")]
    if loading == "eager":
        attributes.append(("fetchpriority", "high"))
    source = format_html('<source type="image/webp" srcset="{}" sizes="{}">', webp, sizes) if webp else ""
    img = format_html("<img{}>", format_html_join("", ' {}="{}"', attributes))
    return format_html("<picture>{}{}</picture>", source, img)


def srcset(sources):
    return ", ".join(f"{url} {width}w" for url, width in sources)
