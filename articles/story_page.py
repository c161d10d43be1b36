"""A story page: the story, its parts, and what the page shows arranged for its template.

The story comes with its lead image in one query (`with_page_data()`); its parts come from
articles.story_parts (eight queries, or a kept copy); the stories its related links lead to are
checked for being live in one more query on every render (`visible_links()`). `StoryPage`
arranges it all as the page shows it; the view hands it to the template
(articles/article_detail.html) as `page`.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from newsroom.dependencies import depends_on, story_key, subject_key
from newsroom.site import absolute_url

from . import structured_data
from .body import interleave
from .clips import parse_clip
from .models import visible_links
from .story_parts import parts_keys, parts_of

# Large columns a story page does not show.
UNSHOWN = ("search_vector", "body_text")


def with_page_data(stories):
    """`stories` read for their pages: with their lead images, without what pages do not show."""
    return stories.defer(*UNSHOWN).select_related("lead_image")


@dataclass
class StoryPage:
    """What a story page shows, in the order and groups it shows them."""

    story: object
    url: str
    bylines: list
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
        parts = parts_of(story)
        depends_on(story_key(story.pk), *parts_keys(parts))
        if story.lead_image_id:
            depends_on(subject_key("image", story.lead_image_id))
        links = visible_links(parts.links)
        today = timezone.localdate()
        page = cls(
            story=story,
            url=absolute_url(request, story.get_absolute_url()),
            bylines=parts.bylines,
            tags=parts.tags,
            people=parts.people,
            films=[film_link.film for film_link in parts.film_links],
            corrections=parts.corrections,
            blocks=interleave(story.body, [link for link in links if link.placement == "inline"]),
            lead_clip=parse_clip(story.video_url),
            next_links=[link for link in links if link.placement == "next"],
            read_more=group_by([link for link in links if link.placement == "read_more"], "source"),
            citation_lines=group_by(parts.citations, "get_role_display"),
            release_boxes=[
                {"film": film_link.film, "schedule": film_link.film.release_schedule(today)}
                for film_link in parts.film_links
                if film_link.show_release_dates and film_link.film.release_dates.all()
            ],
        )
        if story.lead_image:
            page.social_image = absolute_url(request, story.lead_image.social_url)
        page.structured_data = [
            structured_data.news_article(request, story, parts),
            structured_data.breadcrumbs(request, page.trail()),
        ]
        return page

    def trail(self):
        """The breadcrumbs: home, the story's first tag, the story."""
        trail = [(settings.NEWSROOM_NAME, reverse("articles:home"))]
        first = next((tag for tag in self.tags if tag.slug), None)
        if first:
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
