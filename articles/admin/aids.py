"""Writing aids on the story form: checks before publishing, the writer's own byline, tag hints.

The checks are warnings an editor reads before pressing Publish now or Schedule, never a refusal:
what would break the page is refused by the form and the model already. static/js/story-aids.js
runs the same checks on the form as it is typed; these are the saved story's.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist
from django.http import JsonResponse
from django.views import View
from taggit.models import Tag

from articles.models.links import PLACEHOLDER_URL

HEADLINE_LIMIT = 110
SEO_TITLE_LIMIT = 60
SEO_DESCRIPTION_LIMIT = 155
SUGGESTED_TAGS = 10
# Fields with a character counter on the story form, and the length each should keep within.
COUNTED_FIELDS = {
    "headline": HEADLINE_LIMIT,
    "seo_title": SEO_TITLE_LIMIT,
    "seo_description": SEO_DESCRIPTION_LIMIT,
}


@dataclass(frozen=True)
class PrepublishWarning:
    code: str
    message: str

    @property
    def label(self):
        """The warning in a few words, for the list's summary line."""
        return LABELS[self.code]


LABELS = {
    "no_lead_image": "no lead image",
    "lead_image_alt": "lead image alt text",
    "no_byline": "no byline",
    "long_headline": "long headline",
    "empty_dek": "empty dek",
    "link_not_live": "link to a story not live",
    "link_without_address": "link without an address",
}


def prepublish_warnings(story, now=None):
    """What an editor should know before this (saved) story goes out; empty when nothing.

    Reads the story's bylines and related links (two queries, or none when prefetched).
    """
    warnings = []
    image = story.lead_image
    if image is None:
        warnings.append(
            PrepublishWarning(
                "no_lead_image", "No lead image: the story shows no picture and its link previews none."
            )
        )
    elif not image.alt_text.strip() or image.alt_text.strip().lower() == image.title.strip().lower():
        warnings.append(
            PrepublishWarning(
                "lead_image_alt",
                f"The lead image “{image.title}” has no real alt text "
                "(it only repeats the title): describe what it shows.",
            )
        )
    if not story.bylines.all():
        warnings.append(PrepublishWarning("no_byline", "No byline: add the author."))
    if len(story.headline) > HEADLINE_LIMIT:
        warnings.append(
            PrepublishWarning(
                "long_headline",
                f"The headline is {len(story.headline)} characters, over "
                f"{HEADLINE_LIMIT}: it will wrap badly in lists and be cut in search results.",
            )
        )
    if not story.dek.strip():
        warnings.append(
            PrepublishWarning(
                "empty_dek", "The dek is empty: lists, search results and link previews have no summary."
            )
        )
    links = list(story.related_links.select_related("target_article"))
    targets = [link.target_article for link in links if link.target_article_id]
    for target in targets:
        if not target.is_live(at=now):
            warnings.append(
                PrepublishWarning(
                    "link_not_live",
                    f"The related link to “{target.headline}” leads to a "
                    "story that is not live: it will not show until that story is.",
                )
            )
    for link in links:
        if link.url == PLACEHOLDER_URL:
            warnings.append(
                PrepublishWarning(
                    "link_without_address",
                    f"The related link “{link.title}” has no address yet: readers will not see it "
                    "until it has one (or links one of our stories).",
                )
            )
    return warnings


def own_author(user):
    """The author record linked to this user's account, or None (freelancers' desks, superusers
    who do not write)."""
    if user is None or isinstance(user, AnonymousUser):
        return None
    try:
        return user.author
    except ObjectDoesNotExist:
        return None


class TagSuggestionsView(View):
    """Existing tags whose names start with what is typed, then those containing it, A to Z: the
    tag field's suggestions. Staff only (the admin wraps it); tags used only by drafts are
    included, as editors may reuse them."""

    model_admin = None

    def get(self, request):
        if not self.model_admin.has_view_or_change_permission(request):
            return JsonResponse({"error": "forbidden"}, status=403)
        term = request.GET.get("q", "").strip()[:100]
        if not term:
            return JsonResponse({"tags": []})
        tags = Tag.objects.all()
        starting = list(
            tags.filter(name__istartswith=term)
            .order_by("name")
            .values_list("name", flat=True)[:SUGGESTED_TAGS]
        )
        if len(starting) < SUGGESTED_TAGS:
            containing = tags.filter(name__icontains=term).exclude(name__istartswith=term)
            starting += list(
                containing.order_by("name").values_list("name", flat=True)[: SUGGESTED_TAGS - len(starting)]
            )
        return JsonResponse({"tags": starting})
