"""The shapes the API answers in: its OpenAPI schema is made from these.

Stories' fields other than `id` may be left out of an answer (`fields=`, `include=`), so they
are optional in the schema; everything else is always there, `null` where a value is missing.
"""

from datetime import date as Day
from datetime import datetime
from typing import Any

from ninja import Field, Schema


class Error(Schema):
    status: int = Field(examples=[404])
    code: str = Field(
        description="Stable, for programs: not_found, invalid, unauthorized, …", examples=["not_found"]
    )
    message: str = Field(description="For people.", examples=["No live story has this slug."])
    fields: dict[str, list[str]] = Field(
        default_factory=dict, description="For `invalid`: each parameter's problems."
    )


class ErrorBody(Schema):
    error: Error


class Rendition(Schema):
    url: str
    width: int
    height: int
    format: str = Field(examples=["webp"])


class ImageOut(Schema):
    id: int
    alt: str
    credit: str
    width: int
    height: int
    original: str = Field(description="The uploaded file.")
    social: str = Field(description="The 1200×630 crop for link previews (the original if none).")
    renditions: list[Rendition] = Field(description="Widths in WebP and JPEG (or PNG), smallest first.")


class TagOut(Schema):
    id: int
    name: str
    slug: str
    url: str = Field(description="The tag's page.")
    api_url: str


class AuthorRef(Schema):
    id: int
    name: str
    slug: str
    url: str
    api_url: str


class AuthorOut(AuthorRef):
    bio: str


class PersonRef(Schema):
    id: int
    name: str
    slug: str
    url: str | None = Field(description="The person's page, while a live story is about them.")
    api_url: str | None


class SourceRef(Schema):
    id: int
    name: str
    slug: str
    url: str
    api_url: str


class SourceOut(SourceRef):
    kind: str
    website: str


class FilmRef(Schema):
    id: int
    title: str
    slug: str
    year: int | None
    url: str | None = Field(description="The film's page, while a live story is about it.")
    api_url: str | None


class ReleaseDateOut(Schema):
    id: int
    film: FilmRef
    kind: str = Field(examples=["theatrical"])
    kind_label: str = Field(examples=["Theatrical"])
    country: str = Field(description="ISO 3166-1 alpha-2.", examples=["US"])
    date: Day | None = Field(
        description="The first day of the month or year for those precisions; null when TBA."
    )
    precision: str = Field(examples=["day", "month", "year", "tba"])
    display: str = Field(examples=["July 27, 2018", "July 2018", "2018", "TBA"])
    note: str


class Citation(Schema):
    source: SourceRef
    role: str
    role_label: str
    url: str


class RelatedLink(Schema):
    placement: str = Field(examples=["inline", "next", "read_more"])
    after_paragraph: int | None
    title: str
    url: str
    story_id: int | None = Field(description="For a link to one of our stories (always a live one).")
    source: SourceRef | None


class CorrectionOut(Schema):
    kind: str
    note: str
    created_at: datetime


class StoryFilm(Schema):
    film: FilmRef
    show_release_dates: bool


class ReviewOut(Schema):
    film: FilmRef
    rating: float | None
    best_rating: float
    worst_rating: float
    verdict: str
    pros: list[str]
    cons: list[str]


class StoryOut(Schema):
    id: int
    slug: str | None = None
    headline: str | None = None
    dek: str | None = None
    kind: str | None = None
    is_exclusive: bool | None = None
    url: str | None = Field(None, description="The canonical address of the story's page.")
    api_url: str | None = None
    status: str | None = Field(
        None,
        description="`live`; for a preview, its stage: draft, in_review, archived, or waiting "
        "(published but scheduled, embargoed or expired)",
    )
    publish_at: datetime | None = None
    first_published_at: datetime | None = None
    updated_at: datetime | None = None
    rating: float | None = None
    lead_image: ImageOut | None = None
    bylines: list[AuthorRef] | None = None
    tags: list[TagOut] | None = None
    films: list[StoryFilm] | None = None
    people: list[PersonRef] | None = None
    citations: list[Citation] | None = None
    links: list[RelatedLink] | None = None
    corrections: list[CorrectionOut] | None = None
    body_html: str | None = Field(None, description="Sanitized HTML, figures with their images.")
    video_url: str | None = None
    video_caption: str | None = None
    review: ReviewOut | None = None
    json_ld: list[dict[str, Any]] | None = Field(None, description="The page's schema.org data.")


class StoryList(Schema):
    results: list[StoryOut]
    next: str | None = Field(description="The next page's address; null on the last page.")
    next_cursor: str | None


class CreditOut(Schema):
    person: PersonRef
    role: str
    role_label: str
    character: str
    order: int


class FranchiseOut(Schema):
    id: int
    name: str
    slug: str


class FilmOut(Schema):
    id: int
    title: str
    slug: str
    year: int | None
    synopsis: str
    installment: int | None
    url: str
    api_url: str
    stories_url: str = Field(description="The film's live stories, in this API.")
    franchise: FranchiseOut | None
    poster: ImageOut | None
    credits: list[CreditOut]
    release_dates: list[ReleaseDateOut]


class FilmSummary(Schema):
    id: int
    title: str
    slug: str
    year: int | None
    url: str
    api_url: str


class FilmList(Schema):
    results: list[FilmSummary]
    next: str | None
    next_cursor: str | None


class ReleaseDateList(Schema):
    results: list[ReleaseDateOut]
    next: str | None
    next_cursor: str | None


class PersonCredit(Schema):
    film: FilmRef
    role: str
    role_label: str
    character: str


class PersonOut(Schema):
    id: int
    name: str
    slug: str
    bio: str
    url: str
    api_url: str
    stories_url: str
    credits: list[PersonCredit]


class PersonList(Schema):
    results: list[PersonRef]
    next: str | None
    next_cursor: str | None


class SourceList(Schema):
    results: list[SourceOut]
    next: str | None
    next_cursor: str | None


class AuthorList(Schema):
    results: list[AuthorOut]
    next: str | None
    next_cursor: str | None


class TagList(Schema):
    results: list[TagOut]
    next: str | None
    next_cursor: str | None
