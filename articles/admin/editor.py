"""The story body's editor: django-prose-editor, limited to what the sanitizer keeps.

Its assets ship with the package (no CDN) and load through nonce-carrying
media, so it runs under the site's strict Content-Security-Policy. The server
still cleans whatever it sends (articles.sanitize).
"""

import json

from django.templatetags.static import static
from django.urls import reverse
from django_prose_editor.widgets import AdminProseEditorWidget

from articles.body import BODY_IMAGE_REFERENCE
from articles.models import Image

from .choosers import describe_image

BODY_EXTENSIONS = {
    "Heading": {"levels": [2, 3]},
    "Bold": True,
    "Italic": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "HTML": True,
    "NodeClass": {"cssClasses": {"blockquote": [{"className": "pull-quote", "title": "Pull quote"}]}},
    # The package turns the browser's spellcheck off by default; writers want it on.
    "NoSpellCheck": False,
    # Ours (static/js/body-editor.js): library images as figures, and clip cards.
    "StoryImage": True,
    "ClipCards": True,
}


class StoryBodyWidget(AdminProseEditorWidget):
    """The prose editor with our extensions: "Insert image" picks from the image library through
    the image chooser (articles.admin.choosers), and the images the body already holds come with
    their thumbnails and credits so the editor can show them without asking."""

    def get_config(self):
        config = super().get_config()
        return {**config, "js_modules": [*config.get("js_modules", []), static("js/body-editor.js")]}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        ids = {int(pk) for pk in BODY_IMAGE_REFERENCE.findall(value or "")}
        images = Image.objects.filter(pk__in=ids) if ids else []
        context["widget"]["attrs"].update(
            {
                "data-story-images": json.dumps({str(image.pk): describe_image(image) for image in images}),
                "data-image-chooser-url": reverse("admin:articles_article_choose"),
                "data-image-add-url": reverse("admin:articles_image_add"),
            }
        )
        return context


def body_widget():
    return StoryBodyWidget(config={"extensions": BODY_EXTENSIONS}, preset="configurable")
