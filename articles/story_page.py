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

from newsroom.dependencies import depends_on, depends_on_today, story_key, subject_key
from newsroom.site import absolute_url

from . import structured_data
from .body import interleave
from .clips import parse_clip
from .models import Credit, Image, Person, has_live_story, visible_links
from .models.reviews import rated
from .story_parts import parts_keys, parts_of

# Large columns a story page does not show.
UNSHOWN = ("search_vector", "body_text")


def with_page_data(stories):
    """`stories` read for their pages: with their lead images (and a review's film with its
    poster), without what pages do not show."""
    return stories.defer(*UNSHOWN).select_related("lead_image", "reviewed_film__poster")


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
    review: object = None
    social_image: str = ""
    # The story's parts (articles.story_parts) and the related links a reader may see, all
    # placements: for what shows them as data (the API).
    parts: object = None
    links: list = field(default_factory=list)
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
        review = Review.of(story, parts, today)
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
                if film_link.show_release_dates
                and film_link.film.release_dates.all()
                and not (review and film_link.film_id == review.film.pk)
            ],
            review=review,
            parts=parts,
            links=links,
        )
        page.place_body_images()
        if page.release_boxes or review:
            # Release dates are marked upcoming or released by the day.
            depends_on_today()
        if story.lead_image:
            page.social_image = absolute_url(request, story.lead_image.social_url)
        page.structured_data = [
            structured_data.news_article(request, story, parts),
            structured_data.breadcrumbs(request, page.trail()),
        ]
        if review:
            page.structured_data.insert(1, structured_data.review(request, story, parts, review))
        return page

    def place_body_images(self):
        """Give each body figure its library image (one query, and only for a body that has
        some); a figure whose image has been deleted is left out of the page."""
        ids = {block.image_id for block in self.blocks if block.image_id}
        if not ids:
            return
        depends_on(*(subject_key("image", pk) for pk in ids))
        images = Image.objects.in_bulk(ids)
        for block in self.blocks:
            if block.image_id:
                block.image = images.get(block.image_id)

    def trail(self):
        """The breadcrumbs: home, the reviews for a review, else the story's first tag; the story."""
        trail = [(settings.NEWSROOM_NAME, reverse("articles:home"))]
        first = next((tag for tag in self.tags if tag.slug), None)
        if self.review:
            trail.append(("Reviews", reverse("articles:reviews")))
        elif first:
            trail.append((first.name, reverse("articles:tag", kwargs={"slug": first.slug})))
        trail.append((self.story.headline, self.story.get_absolute_url()))
        return trail


@dataclass
class Review:
    """What a review's page shows of its verdict: the film (with its poster and directors), the
    rating on the newsroom's scale, the verdict, pros and cons, and the film's release dates
    ("where to watch")."""

    film: object
    directors: list
    rating: object
    verdict: str
    pros: list
    cons: list
    schedule: list

    @classmethod
    def of(cls, story, parts, today):
        """The review of `story`, or None if it is not a review of a film. One query, for the
        film's directors; the film and its poster came with the story, its dates with its parts."""
        if story.kind != story.Kind.REVIEW or story.reviewed_film_id is None:
            return None
        film = story.reviewed_film
        directors = list(
            Credit.objects.filter(film=film, role=Credit.Role.DIRECTOR)
            .select_related("person")
            .annotate(linked=has_live_story(Person, subject="person"))
        )
        depends_on(
            subject_key("film", film.pk), *(subject_key("person", credit.person_id) for credit in directors)
        )
        if film.poster_id:
            depends_on(subject_key("image", film.poster_id))
        dates = next((link.film for link in parts.film_links if link.film_id == film.pk), None)
        return cls(
            film=film,
            directors=directors,
            rating=rated(story.rating),
            verdict=story.verdict,
            pros=lines(story.pros),
            cons=lines(story.cons),
            schedule=dates.release_schedule(today) if dates else [],
        )


def lines(text):
    """The non-empty lines of `text`, stripped: a review's pros or cons, one point per line."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def group_by(items, attribute):
    """Items grouped by an attribute (or method) in order of first appearance, keeping the
    editors' order within each group: [{"key": …, "items": […]}]. Unlike itertools.groupby,
    items sharing a key need not be adjacent."""
    groups = {}
    for item in items:
        key = getattr(item, attribute)
        groups.setdefault(key() if callable(key) else key, []).append(item)
    return [{"key": key, "items": members} for key, members in groups.items()]
