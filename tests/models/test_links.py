from datetime import timedelta

from django.db import IntegrityError, transaction
from django.test import TestCase
from django.utils import timezone

from articles.models import RelatedLink, visible_links
from tests.factories import add_link, make_article, make_story_per_state


class RelatedLinkConstraintTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article()
        cls.other = make_article()

    def assertRefused(self, **fields):
        with self.assertRaises(IntegrityError), transaction.atomic():
            add_link(self.article, **fields)

    def test_exactly_one_target(self):
        """A link targets one of our stories or an external URL with a title, never both or neither."""
        self.assertRefused()
        self.assertRefused(target_article=self.other, url="https://example.com/", title="Both")
        self.assertRefused(url="https://example.com/")
        add_link(self.article, target_article=self.other)
        add_link(self.article, url="https://example.com/", title="Elsewhere")

    def test_inline_needs_paragraph_and_others_take_none(self):
        self.assertRefused(placement="inline", target_article=self.other)
        self.assertRefused(placement="next", after_paragraph=2, target_article=self.other)
        add_link(self.article, placement="inline", after_paragraph=2, target_article=self.other)

    def test_no_link_to_itself(self):
        self.assertRefused(target_article=self.article)

    def test_display_title_defaults_to_headline(self):
        link = add_link(self.article, target_article=self.other)
        self.assertEqual(link.display_title, self.other.headline)
        self.assertEqual(link.href, self.other.get_absolute_url())


class VisibleLinksTests(TestCase):
    def test_only_links_to_live_stories_and_external_pages_are_visible(self):
        article = make_article()
        for state, target in make_story_per_state().items():
            add_link(article, target_article=target, title=state)
        add_link(article, url="https://example.com/", title="external")
        links = list(RelatedLink.objects.filter(article=article).order_by("pk"))
        with self.assertNumQueries(1):
            shown = visible_links(links)
        self.assertEqual([link.title for link in shown], ["live", "external"])
        self.assertEqual(shown[0].target_article.headline, "The live story")
        with self.assertNumQueries(0):
            self.assertEqual(visible_links(links[-1:]), shown[1:])

    def test_a_link_shows_from_its_targets_publication_time(self):
        article, target = make_article(), make_article(publish_at=timezone.now() + timedelta(hours=1))
        link = add_link(article, target_article=target)
        self.assertEqual(visible_links([link]), [])
        self.assertEqual(visible_links([link], at=target.publish_at), [link])
