"""A story's tag links and the publication time they copy for tag pages."""

from datetime import timedelta
from unittest import mock

from django.test import TestCase
from django.utils import timezone
from taggit.models import Tag

from articles.changes import apply_transition, save_story
from articles.models import Article, TaggedStory, public_tags
from tests.factories import make_article, make_story_per_state, make_user


def link_times(story):
    return set(story.tag_links.values_list("publish_at", flat=True))


class TaggedStoryTests(TestCase):
    def test_a_new_link_copies_its_storys_publication_time(self):
        scheduled = make_article(publish_at=timezone.now() + timedelta(days=2))
        draft = make_article(status=Article.Status.DRAFT, publish_at=None)
        for story in (scheduled, draft):
            story.tags.add("Stunts", "Trailers")
            with self.subTest(story=story.status):
                self.assertEqual(link_times(story), {story.publish_at})

    def test_saving_a_story_with_a_new_time_through_the_write_path_moves_its_links(self):
        story = make_article()
        story.tags.add("Stunts", "Trailers")
        story.publish_at = timezone.now() + timedelta(hours=3)
        save_story(story)
        self.assertEqual(link_times(story), {story.publish_at})
        story.status, story.publish_at = Article.Status.DRAFT, None
        save_story(story)
        self.assertEqual(link_times(story), {None})

    def test_publishing_through_the_workflow_moves_the_links(self):
        editor = make_user("Editors")
        story = make_article(status=Article.Status.IN_REVIEW, publish_at=None, created_by=editor)
        story.tags.add("Stunts")
        apply_transition(story, "publish_now", editor)
        story.refresh_from_db()
        self.assertEqual(link_times(story), {story.publish_at})
        when = timezone.now() + timedelta(days=1)
        apply_transition(story, "unpublish", editor)
        apply_transition(story, "schedule", editor, when=when)
        self.assertEqual(link_times(story), {when})

    def test_a_story_is_tagged_once_per_tag_and_its_links_go_with_it(self):
        story = make_article()
        story.tags.add("Stunts")
        story.tags.add("Stunts", "stunts")
        self.assertEqual(story.tag_links.count(), 1)
        tag = Tag.objects.get(name="Stunts")
        story.delete()
        self.assertFalse(TaggedStory.objects.filter(tag=tag).exists())
        self.assertTrue(Tag.objects.filter(pk=tag.pk).exists())

    def test_tags_still_find_their_stories(self):
        story = make_article()
        story.tags.add("Stunts")
        self.assertEqual(list(Article.objects.filter(tags__name="Stunts")), [story])
        self.assertEqual(list(Tag.objects.filter(article=story).values_list("name", flat=True)), ["Stunts"])


class PublicTagTests(TestCase):
    """A tag is public only while a live story carries it: its name may be news that a hidden
    story holds back."""

    @classmethod
    def setUpTestData(cls):
        cls.stories = make_story_per_state()
        for state, story in cls.stories.items():
            story.tags.add(f"Only {state}")

    def test_public_tags_are_those_of_live_stories(self):
        self.assertEqual(list(public_tags().values_list("name", flat=True)), ["Only live"])

    def test_a_tag_only_hidden_stories_carry_has_no_page_feed_or_sitemap_entry(self):
        sitemap = self.client.get("/sitemap-tags.xml").content.decode()
        for state in self.stories:
            slug = f"only-{state.replace('_', '-')}"
            public = state == "live"
            for url in (f"/tags/{slug}/", f"/tags/{slug}/feed/", f"/tags/{slug}/feed/atom/"):
                with self.subTest(state=state, url=url):
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, 200 if public else 404)
                    self.assertEqual(f"Only {state}" in response.content.decode(), public)
            with self.subTest(state=state, url="/sitemap-tags.xml"):
                self.assertEqual(f"/tags/{slug}/" in sitemap, public)

    def test_a_tag_becomes_public_with_its_first_live_story_and_private_after_its_last(self):
        scheduled = self.stories["scheduled"]
        with mock.patch("django.utils.timezone.now", return_value=scheduled.publish_at):
            self.assertEqual(self.client.get("/tags/only-scheduled/").status_code, 200)
        live = self.stories["live"]
        live.status = Article.Status.ARCHIVED
        live.save()
        self.assertEqual(self.client.get("/tags/only-live/").status_code, 404)


class TagsWithoutSlugsMigrationTests(TestCase):
    def test_a_tag_without_an_address_is_given_one(self):
        """Migration 0017: a tag whose name made an empty slug gets tag-<id>; others stay."""
        import importlib

        from django.apps import apps

        migration = importlib.import_module("articles.migrations.0017_tags_without_slugs")
        bare, named = Tag.objects.create(name="!!!"), Tag.objects.create(name="Stunts")
        self.assertEqual(bare.slug, "")
        migration.give_slugs(apps, None)
        bare.refresh_from_db(), named.refresh_from_db()
        self.assertEqual((bare.slug, named.slug), (f"tag-{bare.pk}", "stunts"))
