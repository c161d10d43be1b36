"""export_newsroom then import_newsroom into an emptied database: every public page, feed,
sitemap and API answer is the same, byte for byte."""

import re

import reversion
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone
from reversion.models import Revision
from taggit.models import Tag

from articles import changes
from articles.models import (
    Article,
    Author,
    Correction,
    Film,
    Franchise,
    Image,
    Person,
    SlugRedirect,
    Source,
    public_subjects,
)
from articles.sitemaps import SITEMAPS
from importers.models import PathRedirect
from tests.factories import make_full_story, make_review

from .helpers import empty_newsroom, export, quietly, restore

NONCE = re.compile(rb'nonce="[^"]*"')
SUBJECTS = {Tag: "tag", Film: "film", Person: "person", Source: "source", Author: "author"}
API_PLURALS = {"tag": "tags", "film": "films", "person": "people", "source": "sources", "author": "authors"}


def public_addresses():
    """Every public page, feed, sitemap and the API's answers about stories, films and subjects."""
    addresses = [
        reverse(f"articles:{name}")
        for name in (
            "home",
            "feed",
            "feed_atom",
            "reviews",
            "reviews_rss",
            "reviews_atom",
            "releases",
            "releases_ics",
            "films",
            "people",
            "sources",
            "robots",
            "sitemap",
            "sitemap_news",
        )
    ]
    addresses += [reverse("articles:sitemap_section", kwargs={"section": section}) for section in SITEMAPS]
    addresses += ["/search/?q=mission", "/search/?q=stunts"]
    # Every story's page and API answer; the API by slug and subjects' Atom feeds and API
    # lists for one of each (they are built as their siblings are), to keep the test quick.
    for story in Article.objects.all():
        addresses += [story.get_absolute_url(), f"/api/v1/stories/{story.pk}"]
    addresses += [f"/api/v1/stories/by-slug/{r.old_slug}" for r in SlugRedirect.objects.all()]
    addresses += [
        reverse("articles:article", kwargs={"slug": r.old_slug}) for r in SlugRedirect.objects.all()
    ]
    for model, kind in SUBJECTS.items():
        plural = API_PLURALS[kind]
        addresses.append(f"/api/v1/{plural}")
        for number, subject in enumerate(model.objects.exclude(slug="").order_by("pk")):
            slug = {"slug": subject.slug}
            addresses += [
                reverse(f"articles:{kind}", kwargs=slug),
                reverse(f"articles:{kind}_rss", kwargs=slug),
            ]
            if number == 0:
                addresses.append(reverse(f"articles:{kind}_atom", kwargs=slug))
                addresses += [f"/api/v1/{plural}/{subject.slug}", f"/api/v1/{plural}/{subject.slug}/stories"]
    for film in Film.objects.all():
        addresses.append(reverse("articles:film_releases_ics", kwargs={"slug": film.slug}))
    for franchise in Franchise.objects.all():
        addresses.append(reverse("articles:franchise_releases_ics", kwargs={"slug": franchise.slug}))
    addresses += ["/api/v1/stories", "/api/v1/stories?limit=100", "/api/v1/release-dates"]
    return sorted(set(addresses))


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class RoundTripTests(TestCase):
    def render(self, addresses):
        pages = {}
        for address in addresses:
            response = self.client.get(address)
            pages[address] = (
                response.status_code,
                response.get("Location"),
                NONCE.sub(b"", response.content),
            )
        return pages

    def test_restored_site_serves_identical_pages(self):
        """The demo plus a story with every part, a review, an old slug, a correction and
        revisions: after export, emptying and restore, every public address answers the same."""
        quietly("load_demo")
        full = make_full_story()
        review = make_review(full.film, rating="4.5", verdict="Soars.")
        old_slug = full.story.slug
        full.story.slug = "a-new-address"
        changes.save_story(full.story)
        changes.record_slug_change(full.story, old_slug)
        PathRedirect.objects.create(old_path="/2018/05/24/the-jump/", article=full.story)
        PathRedirect.objects.create(old_path="/?p=12", article=full.story)
        with reversion.create_revision():
            review.headline = "Review: it soars"
            changes.save_story(review)
        changes.add_correction(Correction(article=review, note="The rating was misprinted."), None)
        scheduled = Article.objects.filter(status="published", publish_at__gt=timezone.now()).count()
        for image in Image.objects.filter(renditions=[]):
            changes.make_renditions(image)
        images = list(Image.objects.order_by("pk").values_list("file", "renditions"))
        addresses = public_addresses()
        before = self.render(addresses)
        stories = Article.objects.count()
        self.assertGreater(len([p for p in before.values() if p[0] == 200]), 60)
        self.assertTrue(public_subjects(Tag).exists())

        data = export(with_history=True)
        empty_newsroom()
        self.assertFalse(Article.objects.exists())
        restore(data)

        after = self.render(addresses)
        differing = [address for address in addresses if before[address] != after[address]]
        self.assertEqual(differing, [], f"{len(differing)} of {len(addresses)} addresses differ")
        self.assertEqual(Article.objects.count(), stories)
        self.assertEqual(
            Article.objects.filter(status="published", publish_at__gt=timezone.now()).count(), scheduled
        )
        self.assertTrue(Revision.objects.filter(comment="Loaded with the demo newsroom.").exists())
        story = Article.objects.get(pk=full.story.pk)
        self.assertEqual(story.slug_redirects.get().old_slug, old_slug)
        self.assertEqual(list(Image.objects.order_by("pk").values_list("file", "renditions")), images)
        # New rows after a restore take new ids: the sequences moved past the restored ones.
        self.assertGreater(
            Tag.objects.create(name="After the restore", slug="after").pk,
            max(Tag.objects.exclude(slug="after").values_list("pk", flat=True)),
        )
        self.assertGreater(Article.objects.create(headline="New", slug="new", body="<p>x</p>").pk, story.pk)
