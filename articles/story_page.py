"""A story page: the story with everything it shows, and that data arranged for its template.

`with_page_data()` fetches a story and what surrounds it in a fixed number of queries, however
many tags, films, links or corrections it has: the story with its lead image, then one query
each for its bylines, tags, people, films, the films' release dates, citations, related links
and corrections. `StoryPage` arranges them as the page shows them; the view hands it to the
template (articles/article_detail.html) as `page`.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from . import structured_data
from .body import interleave
from .clips import parse_clip
from .listings import bylines
from .models import ArticleFilm, Citation, Person, RelatedLink, TaggedStory

# Large columns a story page does not show.
UNSHOWN = ("search_vector", "body_text")


def with_page_data(stories, at=None):
    """`stories` with what their pages show fetched alongside, each part reading only the
    columns the page shows; related links are those visible at `at` (by default now)."""
    film_links = ArticleFilm.objects.select_related("film").only(
        "article", "order", "show_release_dates", "film__title", "film__slug", "film__year"
    )
    citations = Citation.objects.select_related("source").only(
        "article", "role", "url", "order", "source__name", "source__slug"
    )
    links = (
        RelatedLink.objects.visible(at)
        .select_related("target_article", "source")
        .only(
            "article",
            "placement",
            "after_paragraph",
            "url",
            "title",
            "order",
            "target_article__headline",
            "target_article__slug",
            "source__name",
            "source__slug",
        )
    )
    return (
        stories.defer(*UNSHOWN)
        .select_related("lead_image")
        .prefetch_related(
            bylines(),
            Prefetch("tag_links", queryset=TaggedStory.objects.select_related("tag").order_by("tag__name")),
            Prefetch("people", queryset=Person.objects.only("name", "slug").order_by("name")),
            Prefetch("film_links", queryset=film_links),
            "film_links__film__release_dates",
            Prefetch("citations", queryset=citations),
            Prefetch("related_links", queryset=links),
            "corrections",
        )
    )


@dataclass
class StoryPage:
    """What a story page shows, in the order and groups it shows them."""

    story: object
    url: str
    tags: list
    people: list
    films: list
    corrections: list
    blocks: list
    lead_clip: object
    next_links: list
    read_more: list
    citation_lines: list
    release_boxes: list
    social_image: str = ""
    structured_data: list = field(default_factory=list)

    @classmethod
    def build(cls, story, request):
        """The page of `story` (fetched through with_page_data()) as `request` asked for it."""
        links = story.related_links.all()
        tags = [link.tag for link in story.tag_links.all()]
        today = timezone.localdate()
        page = cls(
            story=story,
            url=request.build_absolute_uri(story.get_absolute_url()),
            tags=tags,
            people=list(story.people.all()),
            films=[film_link.film for film_link in story.film_links.all()],
            corrections=list(story.corrections.all()),
            blocks=interleave(story.body, [link for link in links if link.placement == "inline"]),
            lead_clip=parse_clip(story.video_url),
            next_links=[link for link in links if link.placement == "next"],
            read_more=group_by([link for link in links if link.placement == "read_more"], "source"),
            citation_lines=group_by(story.citations.all(), "get_role_display"),
            release_boxes=[
                {"film": film_link.film, "schedule": film_link.film.release_schedule(today)}
                for film_link in story.film_links.all()
                if film_link.show_release_dates and film_link.film.release_dates.all()
            ],
        )
        if story.lead_image:
            page.social_image = request.build_absolute_uri(story.lead_image.social_url)
        page.structured_data = [
            structured_data.news_article(request, story, tags),
            structured_data.breadcrumbs(request, page.trail()),
        ]
        return page

    def trail(self):
        """The breadcrumbs: home, the story's first tag, the story."""
        trail = [(settings.NEWSROOM_NAME, reverse("articles:home"))]
        if self.tags:
            first = self.tags[0]
            trail.append((first.name, reverse("articles:tag", kwargs={"slug": first.slug})))
        trail.append((self.story.headline, self.story.get_absolute_url()))
        return trail


def group_by(items, attribute):
    """Items grouped by an attribute (or method) in order of first appearance, keeping the
    editors' order within each group: [{"key": …, "items": […]}]. Unlike itertools.groupby,
    items sharing a key need not be adjacent."""
    groups = {}
    for item in items:
        key = getattr(item, attribute)
        groups.setdefault(key() if callable(key) else key, []).append(item)
    return [{"key": key, "items": members} for key, members in groups.items()]
