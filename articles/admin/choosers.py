"""Choosing images and stories by sight: what the admin's autocomplete fields show of each.

Django's autocomplete answers with an id and a label; the image and story choosers answer with
what an editor picks them by as well. An image brings its thumbnail (its smallest stored
rendition, made at upload: nothing is resized on request), title, credit and size; a story its
status, publish time and whether readers can see it now, since a link to a story that is not
live does not show until it is. static/js/chooser.js draws them in the select2 lists.
"""

from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.utils import timezone

from articles.models import Article, Image

NOT_LIVE_WARNING = "Not live: it will not show until it is."


def thumbnail_url(image):
    """The smallest stored rendition of an image (WebP first), or its original if none was made."""
    small = image.sources("webp") or image.sources(image.fallback_format)
    if small:
        return small[0][0]
    return image.file.url if image.file else ""


def describe_image(image):
    """What an image chooser shows of a library image."""
    return {
        "thumb": thumbnail_url(image),
        "title": image.title,
        "credit": image.credit,
        "caption": image.caption,
        "alt": image.alt_text,
        "size": f"{image.width} × {image.height}" if image.width else "",
        "social": image.social_url if image.file else "",
    }


def publish_time(story):
    if story.publish_at is None:
        return ""
    return timezone.localtime(story.publish_at).strftime("%a %d %b %Y, %H:%M %Z")


def describe_story(story, now=None):
    """What a story chooser shows of a story: its state for readers and when it goes out."""
    now = timezone.now() if now is None else now
    visibility = story.visibility(at=now)
    live = visibility == "live"
    return {
        "status": (visibility or story.status).replace("_", " "),
        "state": visibility or story.status,
        "published": publish_time(story),
        "live": live,
        "warning": "" if live else NOT_LIVE_WARNING,
    }


DESCRIBERS = {Image: describe_image, Article: describe_story}


def describe(obj):
    describer = DESCRIBERS.get(type(obj))
    return describer(obj) if describer else {}


class ChooserJsonView(AutocompleteJsonView):
    """The admin's autocomplete answer, each result with what its chooser shows (describe()).

    Permissions and the search are Django's: the chosen model's admin must allow viewing, and
    its get_search_results() does the finding.
    """

    def get_queryset(self):
        found = super().get_queryset()
        if self.model_admin.model is Article:
            found = found.defer("body", "body_text", "search_vector")
        return found

    def serialize_result(self, obj, to_field_name):
        return {**super().serialize_result(obj, to_field_name), **describe(obj)}
