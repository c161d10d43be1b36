"""The story page's data: fetched in a fixed number of queries, arranged as the page shows it."""

from django.test import RequestFactory, TestCase, override_settings

from articles.models import Article, Correction, RelatedLink
from articles.story_page import StoryPage, group_by, with_page_data
from tests.factories import (
    add_byline,
    add_citation,
    add_film,
    add_link,
    make_author,
    make_film,
    make_full_story,
    make_person,
    make_release_date,
    make_source,
    make_story_per_state,
)

# The story; its bylines, tags, people, films, the films' release dates, citations, related links
# and corrections (articles.story_parts); and which of the stories it links to are live.
STORY_PAGE_QUERIES = 10
# With its parts kept from an earlier render: the story, and which linked stories are live.
STORY_PAGE_QUERIES_PARTS_KEPT = 2


def build(story):
    return StoryPage.build(story, RequestFactory().get(story.get_absolute_url()))


class StoryPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.full = make_full_story()

    def fetch(self):
        return with_page_data(Article.objects.live()).get(pk=self.full.story.pk)

    def test_everything_the_page_shows_comes_in_a_fixed_number_of_queries(self):
        with self.assertNumQueries(STORY_PAGE_QUERIES):
            page = build(self.fetch())
        self.assertEqual(page.story.lead_image.caption, "On set")
        self.assertEqual([b.author for b in page.bylines], self.full.authors)
        self.assertEqual(page.films, [self.full.film])
        self.assertEqual(page.people, [self.full.person])
        self.assertEqual([tag.name for tag in page.tags], [self.full.story.tags.get().name])
        self.assertEqual([c.note for c in page.corrections], ["An earlier version misspelled a name."])
        [box] = page.release_boxes
        self.assertEqual([group["kind"] for group in box["schedule"]], ["Theatrical", "Digital"])

    def test_the_count_does_not_grow_with_the_storys_parts(self):
        story = self.full.story
        for n in range(5):
            story.tags.add(f"More {n}")
            story.people.add(make_person())
            film = make_film()
            make_release_date(film)
            add_film(story, film, order=n + 1)
            add_citation(story, make_source())
            add_byline(story, make_author(), order=n + 2)
            add_link(story, placement="read_more", url=f"https://example.com/{n}", title=f"Link {n}")
            Correction.objects.create(article=story, note=f"Note {n}")
        with self.assertNumQueries(STORY_PAGE_QUERIES):
            page = build(self.fetch())
        self.assertEqual((len(page.tags), len(page.films), len(page.corrections)), (6, 6, 6))

    def test_related_links_are_those_to_live_stories_and_outside_pages(self):
        page = build(self.fetch())
        self.assertEqual(
            [(link.display_title, link.href) for link in page.next_links],
            [(self.full.linked.headline, self.full.linked.get_absolute_url())],
        )
        [group] = page.read_more
        self.assertEqual(group["key"], self.full.source)
        self.assertEqual([link.href for link in group["items"]], ["https://example.com/more"])
        [first, *_] = page.blocks
        self.assertEqual([link.target_article for link in first.links], [self.full.linked])
        # The links to stories that are not live exist, and are left out.
        hidden = RelatedLink.objects.filter(target_article__in=self.full.hidden_links.values())
        self.assertEqual(hidden.count(), len(self.full.hidden_links))

    def test_the_trail_runs_home_first_tag_story(self):
        page = build(self.fetch())
        names = [name for name, url in page.trail()]
        self.assertEqual(names[1:], [page.tags[0].name, self.full.story.headline])

    @override_settings(NEWSROOM_STORY_PARTS_SECONDS=300)
    def test_with_its_parts_kept_a_page_takes_two_queries(self):
        build(self.fetch())
        with self.assertNumQueries(STORY_PAGE_QUERIES_PARTS_KEPT):
            page = build(self.fetch())
        self.assertEqual([b.author for b in page.bylines], self.full.authors)
        self.assertEqual(len(page.next_links), 1)

    def test_only_live_stories_are_found(self):
        for state, story in make_story_per_state().items():
            with self.subTest(state):
                found = with_page_data(Article.objects.live()).filter(pk=story.pk).exists()
                self.assertEqual(found, state == "live")


class GroupByTests(TestCase):
    def test_groups_keep_first_appearance_order_and_members_order(self):
        items = [{"k": "b", "n": 1}, {"k": "a", "n": 2}, {"k": "b", "n": 3}]

        class Item:
            def __init__(self, data):
                self.k, self.n = data["k"], data["n"]

        grouped = group_by([Item(i) for i in items], "k")
        self.assertEqual(
            [(g["key"], [i.n for i in g["items"]]) for g in grouped], [("b", [1, 3]), ("a", [2])]
        )
