"""Saving a story safely: the version check that prevents lost updates, and slug redirects."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format

from .caching import bump_content_version
from .models import Article, SlugRedirect


class EditConflict(Exception):
    """Someone else saved the story after this edit began. `current` is the story as saved now."""

    def __init__(self, current):
        self.current = current
        super().__init__(conflict_message(current))


def conflict_message(current):
    if current is None:
        return "This story was deleted after you opened it. Your changes have not been saved."
    who = (
        current.updated_by.get_full_name() or current.updated_by.get_username()
        if current.updated_by
        else "Someone"
    )
    when = date_format(timezone.localtime(current.updated_at), "N j, Y, P T")
    return (
        f"{who} saved this story at {when}, after you opened it. Your changes have not been saved; "
        "they are still in the form. Check their version (open the story in a new tab), then save "
        "again to replace it with yours."
    )


@transaction.atomic
def save_checked(article, expected_version, user):
    """Save `article` only if it is still at `expected_version`; raise EditConflict otherwise.

    The check and the version bump are one conditional UPDATE, so two saves racing
    each other cannot both pass: the second one matches no row.
    """
    if article.pk is not None:
        claimed = Article.objects.filter(pk=article.pk, version=expected_version).update(
            version=F("version") + 1
        )
        if not claimed:
            raise EditConflict(Article.objects.select_related("updated_by").filter(pk=article.pk).first())
        article.version = expected_version + 1
    else:
        article.created_by = article.created_by or user
    article.updated_by = user
    article.save()
    bump_content_version()


def record_slug_change(article, old_slug):
    """Keep a story's old address working after its slug changed, if readers may know it.

    Only stories that have been live get a redirect. Every redirect points at the
    story itself, so chains collapse; taking back an old slug removes its redirect,
    so no loop can form.
    """
    SlugRedirect.objects.filter(old_slug=article.slug).delete()
    if (
        old_slug == article.slug
        or not article.first_published_at
        or article.first_published_at > timezone.now()
    ):
        return
    SlugRedirect.objects.update_or_create(old_slug=old_slug, defaults={"article": article})
