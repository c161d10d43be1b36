"""The story page's data: one query, unfolded into the instances the page and its JSON-LD read."""

from datetime import date

from django.forms.models import model_to_dict
from django.test import TestCase

from articles.models import Article, Correction, RelatedLink
from articles.story_page import live_story, release_dates, unfolded, with_story_page_data
from tests.factories import (
    add_byline,
    add_citation,
    add_film,
    add_link,
    make_article,
    make_author,
    make_film,
    make_person,
    make_release_date,
    make_source,
    make_story_per_state,
)
from tests.test_renditions import library_image


class StoryPageDataTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.story = make_article(lead_image=library_image(caption="On set"))
        cls.ann, cls.bo = make_author(name="Ann"), make_author(name="Bo")
        add_byline(cls.story, cls.bo, order=2)
        add_byline(cls.story, cls.ann, order=1)
        cls.film = make_film(title="Fallout")
        make_release_date(cls.film, date=date(2018, 7, 27))
        add_film(cls.story, cls.film)
        cls.source = make_source(name="Empire")
        add_citation(cls.story, cls.source, url="https://example.com/cited")
        cls.target = make_article(headline="The jump, explained")
        add_link(cls.story, placement="next", target_article=cls.target)
        add_link(cls.story, placement="read_more", url="https://example.com/", title="Elsewhere", order=1)
        cls.hidden = [story for state, story in make_story_per_state().items() if state != "live"]
        for hidden in cls.hidden:
            add_link(cls.story, placement="next", target_article=hidden, order=5)
        cls.story.tags.add("Stunts")
        cls.story.people.add(make_person(name="Tom Cruise"))
        Correction.objects.create(article=cls.story, note="Fixed.")

    def test_relations_come_back_as_instances_without_queries(self):
        story = live_story(self.story.slug)
        with self.assertNumQueries(0):
            story = unfolded(story)
            self.assertEqual(story.lead_image.caption, "On set")
            self.assertEqual(story.lead_image.renditions, self.story.lead_image.renditions)
            self.assertEqual([b.author.name for b in story.bylines.all()], ["Ann", "Bo"])
            [link] = story.film_links.all()
            self.assertEqual((link.film.title, link.film.slug), ("Fallout", self.film.slug))
            self.assertEqual([d.date for d in release_dates(link)], [date(2018, 7, 27)])
            [citation] = story.citations.all()
            self.assertEqual((citation.source.name, citation.url), ("Empire", "https://example.com/cited"))
            self.assertEqual([t.name for t in story.tag_list], ["Stunts"])
            self.assertEqual([p.name for p in story.person_list], ["Tom Cruise"])
            self.assertEqual([c.note for c in story.correction_list], ["Fixed."])

    def test_related_links_are_the_visible_ones_with_their_targets(self):
        story = unfolded(live_story(self.story.slug))
        links = story.related_links.all()
        self.assertEqual(
            [(link.display_title, link.href) for link in links],
            [
                ("The jump, explained", self.target.get_absolute_url()),
                ("Elsewhere", "https://example.com/"),
            ],
        )
        self.assertIsNone(links[1].target_article)
        self.assertIsNone(links[0].source)
        # The links to stories that are not live are there, and left out.
        self.assertEqual(RelatedLink.objects.filter(article=self.story).count(), 2 + len(self.hidden))

    def test_only_live_stories_are_found(self):
        for state, story in make_story_per_state().items():
            with self.subTest(state):
                found = live_story(story.slug)
                self.assertEqual(found is not None, state == "live")

    def test_previews_fold_the_same_data_through_the_orm(self):
        prepared = unfolded(live_story(self.story.slug))
        built = unfolded(with_story_page_data(Article.objects.all()).get(pk=self.story.pk))
        for name in ("byline_rows", "film_rows", "citation_rows", "link_rows", "tag_rows"):
            self.assertEqual(getattr(prepared, name), getattr(built, name), name)
        self.assertEqual(model_to_dict(prepared.lead_image), model_to_dict(built.lead_image))
