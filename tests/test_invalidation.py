"""A change made outside the admin and the write path (a shell's save(), a script's delete()) is
on every page that shows it at once, though those pages were cached just before."""

from datetime import date, timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.test import TestCase, override_settings
from django.utils import timezone
from taggit.models import Tag

from articles.models import (
    Article,
    Byline,
    Citation,
    Correction,
    Credit,
    Franchise,
    RelatedLink,
    ReleaseDate,
    SlugRedirect,
)
from tests.factories import (
    add_byline,
    add_citation,
    add_film,
    library_image,
    make_article,
    make_author,
    make_film,
    make_person,
    make_source,
)

pytestmark = pytest.mark.page_cache


@override_settings(NEWSROOM_CACHE_SECONDS=300, NEWSROOM_STORY_PARTS_SECONDS=300)
class ChangesOutsideTheWritePathTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.author = make_author(name="Dana Reyes", slug="dana")
        cls.film = make_film(title="Fallout", slug="fallout")
        cls.person = make_person(name="Tom Cruise", slug="tom-cruise")
        cls.source = make_source(name="Paramount", slug="paramount")
        cls.story = make_article(headline="Cached story", slug="cached-story", lead_image=library_image())
        cls.scoop = make_article(
            headline="Scheduled scoop", slug="scheduled-scoop", publish_at=timezone.now() + timedelta(hours=1)
        )
        for story in (cls.story, cls.scoop):
            story.tags.add("Stunts")
            add_byline(story, cls.author)
            add_film(story, cls.film)
            story.people.add(cls.person)
            add_citation(story, cls.source)

    # Every page that shows the live story, or would show the scoop once it is live.
    STORY = "/articles/cached-story/"
    SUBJECT_PAGES = [
        "/tags/stunts/",
        "/films/fallout/",
        "/people/tom-cruise/",
        "/sources/paramount/",
        "/authors/dana/",
    ]
    LISTS = ["/", *SUBJECT_PAGES, "/feed/", "/tags/stunts/feed/", "/films/fallout/feed/"]

    def warm(self, urls):
        for url in urls:
            self.client.get(url)
            cached = self.client.get(url).get("X-Cache") == "hit"
            self.assertEqual(cached, settings.NEWSROOM_CACHE_SECONDS > 0, url)

    def changed(self, change, urls):
        """The pages at `urls`, cached, then fetched again after `change()` commits."""
        self.warm(urls)
        with self.captureOnCommitCallbacks(execute=True):
            change()
        return {url: self.client.get(url) for url in urls}

    def assertEverywhere(self, pages, text, present=True):
        for url, response in pages.items():
            with self.subTest(url=url, text=text):
                self.assertNotEqual(response.get("X-Cache"), "hit")
                found = text in response.content.decode()
                self.assertEqual(
                    found, present, f"{text!r} {'missing from' if present else 'still on'} {url}"
                )

    def test_a_story_published_by_saving_it(self):
        def publish():
            self.scoop.publish_at = timezone.now() - timedelta(seconds=1)
            self.scoop.save()

        urls = ["/articles/scheduled-scoop/", *self.LISTS, "/sitemap-stories.xml"]
        pages = self.changed(publish, urls)
        self.assertEqual(pages["/articles/scheduled-scoop/"].status_code, 200)
        self.assertEverywhere(pages, "scheduled-scoop")

    def test_a_headline_edited_by_saving_it(self):
        def edit():
            self.story.headline = "Edited headline"
            self.story.save()

        self.assertEverywhere(self.changed(edit, [self.STORY, *self.LISTS]), "Edited headline")

    def test_a_story_unpublished_or_deleted(self):
        def unpublish():
            self.story.status = Article.Status.ARCHIVED
            self.story.save()

        pages = self.changed(unpublish, [self.STORY, *self.LISTS, "/sitemap-stories.xml"])
        self.assertEqual(pages[self.STORY].status_code, 404)
        self.assertEverywhere(pages, "cached-story", present=False)

    def test_a_story_deleted(self):
        pages = self.changed(self.story.delete, [self.STORY, *self.LISTS])
        self.assertEqual(pages[self.STORY].status_code, 404)
        self.assertEverywhere(pages, "cached-story", present=False)

    def test_a_byline_added_and_its_authors_name_changed(self):
        other = make_author(name="Sam Ortiz", slug="sam")
        pages = self.changed(
            lambda: Byline.objects.create(article=self.story, author=other, order=1), [self.STORY, "/"]
        )
        self.assertEverywhere(pages, "Sam Ortiz")

        def rename():
            self.author.name = "Dana R. Reyes"
            self.author.save()

        self.assertEverywhere(self.changed(rename, [self.STORY, "/", "/authors/dana/"]), "Dana R. Reyes")

    def test_a_film_added_renamed_and_given_a_franchise_and_dates(self):
        sequel = make_film(title="Dead Reckoning", slug="dead-reckoning")
        pages = self.changed(
            lambda: add_film(self.story, sequel, order=1), [self.STORY, "/films/dead-reckoning/"]
        )
        self.assertEverywhere(pages, "Dead Reckoning")
        self.assertIn("Cached story", pages["/films/dead-reckoning/"].content.decode())

        def rename():
            self.film.title = "Fallout (2018)"
            self.film.save()

        self.assertEverywhere(self.changed(rename, [self.STORY, "/films/fallout/"]), "Fallout (2018)")

        def franchise():
            self.film.franchise = Franchise.objects.create(name="Mission: Impossible", slug="mi")
            self.film.save()

        self.assertEverywhere(self.changed(franchise, ["/films/fallout/"]), "Mission: Impossible")

        def dated():
            ReleaseDate.objects.create(
                film=self.film, kind="theatrical", country="US", date=date(2018, 7, 27)
            )

        self.assertEverywhere(self.changed(dated, [self.STORY, "/films/fallout/"]), "July 27, 2018")

    def test_a_credit_added(self):
        pages = self.changed(
            lambda: Credit.objects.create(
                film=self.film, person=self.person, role="cast", character="Ethan Hunt"
            ),
            ["/films/fallout/", "/people/tom-cruise/"],
        )
        self.assertEverywhere(pages, "Ethan Hunt")

    def test_a_person_added_and_renamed(self):
        other = make_person(name="Henry Cavill", slug="henry-cavill")
        self.assertEverywhere(
            self.changed(lambda: self.story.people.add(other), [self.STORY]), "Henry Cavill"
        )
        self.assertEverywhere(
            self.changed(lambda: self.story.people.remove(other), [self.STORY]), "Henry Cavill", present=False
        )

        def rename():
            self.person.name = "Thomas Cruise"
            self.person.save()

        self.assertEverywhere(self.changed(rename, [self.STORY, "/people/tom-cruise/"]), "Thomas Cruise")

    def test_a_citation_added_and_its_source_renamed(self):
        other = make_source(name="Empire", slug="empire")
        pages = self.changed(lambda: Citation.objects.create(article=self.story, source=other), [self.STORY])
        self.assertEverywhere(pages, "Empire")

        def rename():
            self.source.name = "Paramount Pictures"
            self.source.save()

        self.assertEverywhere(self.changed(rename, [self.STORY, "/sources/paramount/"]), "Paramount Pictures")

    def test_a_related_link_and_a_correction_added(self):
        def link():
            RelatedLink.objects.create(
                article=self.story, placement="next", url="https://example.com/", title="Read this next"
            )

        self.assertEverywhere(self.changed(link, [self.STORY]), "Read this next")
        note = "An earlier version misspelled a name."
        pages = self.changed(lambda: Correction.objects.create(article=self.story, note=note), [self.STORY])
        self.assertEverywhere(pages, note)

    def test_tags_added_removed_and_renamed(self):
        self.assertEverywhere(
            self.changed(lambda: self.story.tags.add("Helicopters"), [self.STORY]), "Helicopters"
        )
        pages = self.changed(lambda: self.story.tags.remove("Helicopters"), [self.STORY])
        self.assertEverywhere(pages, "Helicopters", present=False)

        def rename():
            tag = Tag.objects.get(name="Stunts")
            tag.name = "Stunt work"
            tag.save()

        self.assertEverywhere(self.changed(rename, [self.STORY, "/tags/stunts/"]), "Stunt work")

    def test_a_lead_images_words_changed(self):
        def describe():
            image = self.story.lead_image
            image.alt_text = "Cruise in free fall"
            image.save()

        self.assertEverywhere(self.changed(describe, [self.STORY, "/"]), "Cruise in free fall")

    def test_an_old_address_redirected(self):
        pages = self.changed(
            lambda: SlugRedirect.objects.create(old_slug="old-address", article=self.story),
            ["/articles/old-address/"],
        )
        self.assertEqual(pages["/articles/old-address/"].status_code, 301)


@override_settings(NEWSROOM_CACHE_SECONDS=0, NEWSROOM_STORY_PARTS_SECONDS=300)
class StoryPartsAfterChangesTests(ChangesOutsideTheWritePathTests):
    """The same changes, with pages rendered afresh but stories' parts kept between renders
    (articles.story_parts): no kept part outlives a change to it."""

    def test_parts_are_kept_between_renders(self):
        self.client.get(self.STORY)
        with self.assertNumQueries(1):  # The story: it links no other story to check.
            self.assertEqual(self.client.get(self.STORY).status_code, 200)

    def test_a_part_changed_while_the_page_renders_is_not_kept_stale(self):
        """The parts are kept under the version read before they were fetched, so a change
        committed meanwhile leaves the copy unused."""
        from articles import story_parts

        real = story_parts.StoryParts.fetch

        def renamed_while_fetching(story):
            parts = real(story)
            with self.captureOnCommitCallbacks(execute=True):
                self.author.name = "Renamed meanwhile"
                self.author.save()
            return parts

        with mock.patch.object(story_parts.StoryParts, "fetch", renamed_while_fetching):
            self.client.get(self.STORY)
        self.assertContains(self.client.get(self.STORY), "Renamed meanwhile")
