"""Building admin form submissions for a story, the way the change form would send them, and the
accounts the role tests act as."""

from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_user

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


def local_parts(moment):
    """A time as the admin's split date and time fields take it, in the newsroom's zone."""
    local = timezone.localtime(moment)
    return local.date().isoformat(), local.strftime("%H:%M:%S")


class RoleTestCase(TestCase):
    """Two writers and an editor, each with a client that enforces CSRF."""

    @classmethod
    def setUpTestData(cls):
        cls.writer = make_user("Writers")
        cls.other_writer = make_user("Writers")
        cls.editor = make_user("Editors")

    def client_for(self, user):
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        return client

    def draft(self, owner, **fields):
        return make_article(status="draft", publish_at=None, created_by=owner, **fields)

    def reload(self, article):
        return Article.objects.get(pk=article.pk)
