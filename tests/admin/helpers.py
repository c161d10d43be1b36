"""Building admin form submissions for a story, the way the change form would send them."""

from django.urls import reverse

INLINE_PREFIXES = ["bylines", "film_links", "citations", "related_links", "corrections", "corrections-2"]


def article_post_data(article=None, **fields):
    """A complete add/change form submission with empty inlines; `article` supplies current values."""
    data = {
        "headline": article.headline if article else "A headline",
        "slug": article.slug if article else "a-headline",
        "dek": article.dek if article else "",
        "body": article.body if article else "<p>Typed by the editor.</p>",
        "kind": "news",
        "tags": "",
    }
    if article is not None:
        data["edit_version"] = str(article.version)
    for prefix in INLINE_PREFIXES:
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    data.update(fields)
    return data


def editor_fields(**fields):
    """The publishing fields only an editor's form offers, empty unless given."""
    data = {
        "status": "draft",
        "publish_at_0": "",
        "publish_at_1": "",
        "expire_at_0": "",
        "expire_at_1": "",
        "embargo_until_0": "",
        "embargo_until_1": "",
        "planned_for": "",
    }
    data.update(fields)
    return data


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


ADD_URL = "/admin/articles/article/add/"
CHANGELIST_URL = "/admin/articles/article/"
