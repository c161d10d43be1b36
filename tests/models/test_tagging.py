"""A story's tag links and the publication time they copy for tag pages."""

from datetime import timedelta

from django.test import TestCase
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, TaggedStory
from articles.workflow import apply_transition
from tests.factories import make_article, make_user


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

    def test_saving_a_story_with_a_new_time_moves_its_links(self):
        story = make_article()
        story.tags.add("Stunts", "Trailers")
        story.publish_at = timezone.now() + timedelta(hours=3)
        story.save()
        self.assertEqual(link_times(story), {story.publish_at})
        story.status, story.publish_at = Article.Status.DRAFT, None
        story.save()
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
