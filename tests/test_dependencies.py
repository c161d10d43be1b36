"""Dropping cached pages by what they show (newsroom.dependencies): a change cools the pages that
show what it changed, and leaves the others warm; every page says what it shows to proxies."""

from unittest import mock

import pytest
from django.test import TestCase, override_settings

from articles import changes
from articles.models import Article
from newsroom.dependencies import drop
from tests.factories import add_film, add_link, make_article, make_film, make_person

pytestmark = pytest.mark.page_cache


@override_settings(NEWSROOM_CACHE_SECONDS=300, NEWSROOM_STORY_PARTS_SECONDS=300)
class DropByKeyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.jump = make_article(headline="Cruise jumps", slug="jump")
        cls.jump.tags.add("Stunts")
        cls.trailer = make_article(headline="Trailer lands", slug="trailer")
        cls.trailer.tags.add("Trailers")
        cls.linking = make_article(headline="Read this next", slug="linking")
        add_link(cls.linking, target_article=cls.jump, placement="next")

    def warm(self, *urls):
        for url in urls:
            self.client.get(url)
            self.assertEqual(self.client.get(url)["X-Cache"], "hit", url)

    def cached(self, url):
        return self.client.get(url).get("X-Cache") == "hit"

    def test_an_edit_to_one_story_cools_only_the_pages_showing_it(self):
        self.warm(
            "/",
            "/articles/jump/",
            "/articles/trailer/",
            "/articles/linking/",
            "/tags/stunts/",
            "/tags/trailers/",
        )
        with self.captureOnCommitCallbacks(execute=True):
            self.jump.headline = "Cruise jumps again"
            changes.save_story(self.jump)
        for url in ("/", "/articles/jump/", "/tags/stunts/", "/articles/linking/"):
            with self.subTest(url=url, expected="fresh"):
                response = self.client.get(url)
                self.assertNotIn("X-Cache", response)
        self.assertContains(self.client.get("/articles/jump/"), "Cruise jumps again")
        for url in ("/articles/trailer/", "/tags/trailers/"):
            with self.subTest(url=url, expected="warm"):
                self.assertTrue(self.cached(url))

    def test_a_story_going_live_enters_its_lists_and_leaves_the_others_warm(self):
        scoop = make_article(headline="The scoop", slug="scoop", status="draft")
        scoop.tags.add("Stunts")
        self.warm("/", "/tags/stunts/", "/tags/trailers/", "/articles/trailer/", "/articles/scoop/")
        with self.captureOnCommitCallbacks(execute=True):
            scoop.status = "published"
            scoop.save()
        self.assertContains(self.client.get("/"), "The scoop")
        self.assertContains(self.client.get("/tags/stunts/"), "The scoop")
        self.assertEqual(self.client.get("/articles/scoop/").status_code, 200)
        self.assertTrue(self.cached("/tags/trailers/"))
        self.assertTrue(self.cached("/articles/trailer/"))

    def test_a_story_leaving_takes_its_links_and_subject_pages_with_it(self):
        self.warm("/articles/linking/", "/tags/stunts/", "/articles/trailer/")
        self.assertContains(self.client.get("/articles/linking/"), "Cruise jumps")
        with self.captureOnCommitCallbacks(execute=True):
            jump = Article.objects.get(pk=self.jump.pk)
            jump.status = "draft"
            jump.save()
        self.assertNotContains(self.client.get("/articles/linking/"), "Cruise jumps")
        self.assertEqual(self.client.get("/tags/stunts/").status_code, 404)
        self.assertTrue(self.cached("/articles/trailer/"))

    def test_a_subject_gaining_its_first_live_story_gets_its_page(self):
        self.warm("/tags/premieres/", "/articles/trailer/")
        self.assertEqual(self.client.get("/tags/premieres/").status_code, 404)
        with self.captureOnCommitCallbacks(execute=True):
            self.trailer.tags.add("Premieres")
        self.assertContains(self.client.get("/tags/premieres/"), "Trailer lands")

    def test_a_credit_links_a_person_once_a_live_story_is_about_them(self):
        film = make_film(title="Fallout", slug="fallout")
        add_film(self.trailer, film)
        star = make_person(name="Tom Cruise", slug="tom-cruise")
        from articles.models import Credit

        Credit.objects.create(film=film, person=star, role="cast")
        self.warm("/films/fallout/")
        self.assertNotContains(self.client.get("/films/fallout/"), 'href="/people/tom-cruise/"')
        with self.captureOnCommitCallbacks(execute=True):
            self.jump.people.add(star)
        self.assertContains(self.client.get("/films/fallout/"), 'href="/people/tom-cruise/"')

    def test_renaming_a_subject_cools_the_pages_naming_it(self):
        from taggit.models import Tag

        self.warm("/", "/articles/jump/", "/articles/trailer/", "/tags/stunts/", "/feed/")
        with self.captureOnCommitCallbacks(execute=True):
            tag = Tag.objects.get(name="Stunts")
            tag.name = "Stunt work"
            tag.save()
        self.assertContains(self.client.get("/articles/jump/"), "Stunt work")
        self.assertContains(self.client.get("/tags/stunts/"), "Stunt work")
        self.assertContains(self.client.get("/feed/"), "Stunt work")
        self.assertTrue(self.cached("/articles/trailer/"), "a story without the tag stays warm")
        self.assertTrue(self.cached("/"), "cards do not name tags")

    def test_renaming_an_author_cools_the_cards_and_pages_with_their_byline(self):
        from tests.factories import add_byline, make_author

        dana = make_author(name="Dana Reyes", slug="dana")
        add_byline(self.trailer, dana)
        self.warm("/", "/articles/trailer/", "/articles/jump/", "/authors/dana/")
        with self.captureOnCommitCallbacks(execute=True):
            dana.name = "Dana Reyes-Ortiz"
            dana.save()
        for url in ("/", "/articles/trailer/", "/authors/dana/"):
            with self.subTest(url=url):
                self.assertContains(self.client.get(url), "Dana Reyes-Ortiz")
        self.assertTrue(self.cached("/articles/jump/"))

    def test_a_credit_or_release_date_cools_its_film_and_persons_pages(self):
        from articles.models import Credit
        from tests.factories import make_release_date

        film = make_film(title="Fallout", slug="fallout")
        add_film(self.trailer, film)
        star = make_person(name="Tom Cruise", slug="tom-cruise")
        self.trailer.people.add(star)
        self.warm("/films/fallout/", "/people/tom-cruise/", "/articles/trailer/", "/articles/jump/")
        with self.captureOnCommitCallbacks(execute=True):
            Credit.objects.create(film=film, person=star, role="cast", character="Ethan Hunt")
            make_release_date(film)
        self.assertContains(self.client.get("/films/fallout/"), "Ethan Hunt")
        self.assertContains(self.client.get("/people/tom-cruise/"), "Ethan Hunt")
        self.assertContains(self.client.get("/articles/trailer/"), "July 27, 2018")
        self.assertTrue(self.cached("/articles/jump/"))

    def test_a_page_made_while_a_change_came_is_not_kept(self):
        """What it read may predate the change, while the versions read after it cannot."""
        from articles.views import HomeView

        original = HomeView.get_queryset

        def changed_meanwhile(view):
            stories = original(view)
            drop(["story:0"])
            return stories

        with mock.patch.object(HomeView, "get_queryset", changed_meanwhile):
            response = self.client.get("/")
        self.assertIn("s-maxage=0", response["Cache-Control"], "nor may a proxy keep it")
        self.assertFalse(self.cached("/"))
        self.assertTrue(self.cached("/"))

    def test_every_page_says_what_it_shows_to_proxies(self):
        story = self.client.get("/articles/linking/")
        keys = story["Surrogate-Key"].split()
        self.assertEqual(set(keys), {"all", f"story:{self.linking.pk}", f"story:{self.jump.pk}"})
        self.assertEqual(story["Cache-Tag"].split(","), keys)
        home = self.client.get("/")["Surrogate-Key"].split()
        self.assertLessEqual(
            {"all", "list:stories", f"story:{self.jump.pk}", f"story:{self.trailer.pk}"}, set(home)
        )
        tag = self.client.get("/tags/stunts/")["Surrogate-Key"].split()
        self.assertIn(f"story:{self.jump.pk}", tag)
        self.assertNotIn(f"story:{self.trailer.pk}", tag)
        self.assertIn("sitemap", self.client.get("/sitemap-stories.xml")["Surrogate-Key"].split())
        self.assertIn("missing", self.client.get("/articles/nothing-here/")["Surrogate-Key"].split())
        # Replayed copies say the same.
        self.assertEqual(self.client.get("/articles/linking/")["Surrogate-Key"].split(), keys)

    def test_an_old_address_redirects_only_while_its_story_is_live(self):
        from articles.models import SlugRedirect

        SlugRedirect.objects.create(old_slug="old-jump", article=self.jump)
        self.client.get("/articles/old-jump/")
        self.assertEqual(self.client.get("/articles/old-jump/").status_code, 301)
        self.assertIn(
            f"story:{self.jump.pk}", self.client.get("/articles/old-jump/")["Surrogate-Key"].split()
        )
        with self.captureOnCommitCallbacks(execute=True):
            jump = Article.objects.get(pk=self.jump.pk)
            jump.status = "draft"
            jump.save()
        self.assertEqual(self.client.get("/articles/old-jump/").status_code, 404)

    def test_deleting_a_story_drops_the_pages_of_the_people_it_was_about(self):
        """Its people go with it without a signal of their own."""
        from articles.models import Credit

        film = make_film(title="Fallout", slug="fallout")
        add_film(self.trailer, film)
        star = make_person(name="Tom Cruise", slug="tom-cruise")
        Credit.objects.create(film=film, person=star, role="cast")
        only_story = make_article(headline="Cruise talks", slug="cruise-talks")
        only_story.people.add(star)
        self.warm("/films/fallout/", "/people/tom-cruise/")
        with self.captureOnCommitCallbacks(execute=True):
            Article.objects.get(pk=only_story.pk).delete()
        self.assertNotContains(self.client.get("/films/fallout/"), 'href="/people/tom-cruise/"')
        self.assertEqual(self.client.get("/people/tom-cruise/").status_code, 404)

    def test_bylines_and_films_added_through_the_relation_show(self):
        from tests.factories import make_author

        author = make_author(name="Dana Reyes", slug="dana")
        film = make_film(title="Fallout", slug="fallout")
        self.warm("/articles/trailer/", "/authors/dana/", "/films/fallout/")
        with self.captureOnCommitCallbacks(execute=True):
            self.trailer.authors.add(author, through_defaults={"order": 0})
            film.articles.add(self.trailer, through_defaults={"order": 0})
        self.assertContains(self.client.get("/articles/trailer/"), "Dana Reyes")
        self.assertContains(self.client.get("/authors/dana/"), "Trailer lands")
        self.assertContains(self.client.get("/films/fallout/"), "Trailer lands")

    def test_a_new_story_taking_an_old_address_replaces_its_redirect(self):
        from articles.models import SlugRedirect

        SlugRedirect.objects.create(old_slug="old-jump", article=self.jump)
        self.warm("/articles/old-jump/")
        with self.captureOnCommitCallbacks(execute=True):
            make_article(headline="A new story at the old address", slug="old-jump")
        self.assertContains(self.client.get("/articles/old-jump/"), "A new story at the old address")

    def test_dropping_kept_story_parts_moves_the_sequence(self):
        """A page rendered between a change's page drop and its parts drop, with the parts kept
        before, is then not kept under the new tokens."""
        from articles.story_parts import forget_parts
        from newsroom.dependencies import current_sequence

        before = current_sequence()
        with self.captureOnCommitCallbacks(execute=True):
            forget_parts(self.jump.pk)
        self.assertNotEqual(current_sequence(), before)
