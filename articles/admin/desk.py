"""The desk: the admin's home page for writers and editors, the day's work at a glance.

Six sections, each a bounded list of stories with its count and a link to the story list
filtered to the same stories: what waits in review, what goes out in the next 48 hours, the
user's stories an editor sent back, the user's drafts, the embargoes that lift today, and what
is live (last: the longest list, and the one that needs nobody).

Which stories are public comes from the queryset methods of articles.models.articles (live(),
scheduled(), embargo_lifting()); when a story was submitted or returned comes from its
revisions, where articles.changes.apply_transition records every workflow step with the step's
label as the revision's comment.

A page of the desk costs the same few queries however many stories there are: each section is
one query for its rows and one capped count, plus one for the people who submitted and
returned the stories shown.
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import router
from django.db.models import CharField, DateTimeField, F, OuterRef, Q, Subquery
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils import timezone
from reversion.models import Revision, Version

from articles.models import Article
from articles.workflow import TRANSITIONS, can_publish

# Rows shown per section; the heading's count and link cover the rest.
SECTION_ROWS = 8
LIVE_ROWS = 10
# Counts stop here ("1000+"): a count never walks the whole archive.
COUNT_CAP = 1000
SCHEDULE_WINDOW = timedelta(hours=48)
# A story sent back stays on its writer's desk this long, unless they resubmit it first.
RETURNED_WINDOW = timedelta(days=14)


def step_comment(name):
    """The start of the revision comment articles.changes writes for the workflow step `name`
    (the story form adds its change message after it)."""
    return f"{TRANSITIONS[name].label}."


def latest_step(name, value="revision__date_created"):
    """A subquery: `value` of the story's newest revision recording the workflow step `name`."""
    versions = Version.objects.filter(
        content_type=ContentType.objects.get_for_model(Article),
        db=router.db_for_write(Article),
        object_id=Cast(OuterRef("pk"), output_field=CharField()),
        revision__comment__startswith=step_comment(name),
    ).order_by("-revision__date_created", "-revision_id")
    return Subquery(versions.values(value)[:1])


def with_submission(queryset):
    """Stories annotated with when (`submitted_at`) and in which revision (`submitted_in`) they
    were last submitted for review; a story with no such revision counts from its last save."""
    return queryset.annotate(
        submitted_in=latest_step("submit", "revision_id"),
        submitted_at=Coalesce(latest_step("submit"), F("updated_at"), output_field=DateTimeField()),
    )


def returned_since(queryset, since):
    """Drafts an editor returned from review after `since` and their writer has not resubmitted
    since, annotated with when (`returned_at`) and in which revision (`returned_in`)."""
    return (
        queryset.filter(status=Article.Status.DRAFT)
        .annotate(
            returned_at=latest_step("return_to_draft"),
            returned_in=latest_step("return_to_draft", "revision_id"),
            last_submitted_at=latest_step("submit"),
        )
        .filter(returned_at__gte=since)
        .filter(Q(last_submitted_at__isnull=True) | Q(last_submitted_at__lte=F("returned_at")))
    )


def today_in_newsroom(now):
    """The start and end of the newsroom's day around `now` (in its time zone)."""
    zone = timezone.get_current_timezone()
    day = timezone.localtime(now, zone).date()
    return datetime.combine(day, time.min, zone), datetime.combine(day + timedelta(days=1), time.min, zone)


class DeskFilter(admin.SimpleListFilter):
    """The desk's own views of the story list, so each section's heading can link to exactly
    the stories it counts."""

    title = "desk section"
    parameter_name = "desk"

    def lookups(self, request, model_admin):
        return [
            ("next_48_hours", "Scheduled in the next 48 hours"),
            ("embargo_today", "Embargo lifting today"),
            ("returned", "Returned from review"),
        ]

    def queryset(self, request, queryset):
        return desk_filter(queryset, self.value(), timezone.now())


def desk_filter(queryset, value, now):
    """`queryset` narrowed to the desk view `value` (DeskFilter's choices) at `now`."""
    match value:
        case "next_48_hours":
            return queryset.scheduled(at=now).filter(publish_at__lt=now + SCHEDULE_WINDOW)
        case "embargo_today":
            return queryset.embargo_lifting(*today_in_newsroom(now)).exclude(status=Article.Status.ARCHIVED)
        case "returned":
            return returned_since(queryset, now - RETURNED_WINDOW)
    return queryset


@dataclass
class Section:
    """One box of the desk: its stories (at most `rows`), how many there are in all, and the
    story list showing them all."""

    key: str
    title: str
    empty: str
    queryset: object
    filters: dict
    rows: int = SECTION_ROWS
    entries: list = field(default_factory=list)
    count: int = 0

    @property
    def count_label(self):
        return f"{COUNT_CAP}+" if self.count > COUNT_CAP else str(self.count)

    @property
    def list_url(self):
        return f"{reverse('admin:articles_article_changelist')}?{urlencode(self.filters)}"

    def load(self):
        self.entries = list(self.queryset[: self.rows])
        # Counting only what the rows already cover saves a query on a quiet desk.
        if len(self.entries) < self.rows:
            self.count = len(self.entries)
        else:
            self.count = self.queryset.order_by()[: COUNT_CAP + 1].count()
        return self


def desk_sections(user, now=None):
    """The desk of `user` at `now`: its Sections in reading order, loaded."""
    now = timezone.now() if now is None else now
    editor = can_publish(user)
    stories = Article.objects.only(
        "id",
        "headline",
        "status",
        "kind",
        "publish_at",
        "expire_at",
        "embargo_until",
        "planned_for",
        "updated_at",
        "created_by_id",
    )
    mine = stories.filter(created_by=user)
    everyone = "all"
    in_review = with_submission((stories if editor else mine).filter(status=Article.Status.IN_REVIEW))
    sections = [
        Section(
            "in_review",
            "In review" if editor else "My stories in review",
            "Nothing waits for review.",
            in_review.order_by("submitted_at", "pk"),
            {"status__exact": Article.Status.IN_REVIEW, "owner": everyone if editor else "mine"},
        ),
        Section(
            "scheduled",
            "Scheduled in the next 48 hours",
            "Nothing is scheduled in the next 48 hours.",
            desk_filter(stories, "next_48_hours", now).order_by("publish_at", "pk"),
            {"desk": "next_48_hours", "owner": everyone},
        ),
        Section(
            "returned",
            "Recently returned to me",
            "None of your stories came back from review in the last two weeks.",
            desk_filter(mine, "returned", now).order_by("-returned_at", "-pk"),
            {"desk": "returned", "owner": "mine"},
        ),
        Section(
            "drafts",
            "My drafts",
            "You have no drafts.",
            mine.filter(status=Article.Status.DRAFT).order_by("-updated_at", "-pk"),
            {"status__exact": Article.Status.DRAFT, "owner": "mine"},
        ),
        Section(
            "embargoes",
            "Embargoes lifting today",
            "No embargo lifts today.",
            desk_filter(stories, "embargo_today", now).order_by("embargo_until", "pk"),
            {"desk": "embargo_today", "owner": everyone},
        ),
        Section(
            "live",
            "Live now",
            "No story is live.",
            stories.live(at=now).order_by("-publish_at", "-pk"),
            {"visibility": "live", "owner": everyone},
            rows=LIVE_ROWS,
        ),
    ]
    for section in sections:
        section.load()
    entries = [entry for section in sections for entry in section.entries]
    for entry in entries:
        visibility = entry.visibility(at=now)
        entry.state = visibility or entry.status
        entry.state_label = visibility.capitalize() if visibility else entry.get_status_display()
        entry.embargo_lifted = entry.embargo_until is not None and entry.embargo_until <= now
    attach_revisions(entries)
    return sections


def attach_revisions(entries):
    """Give each entry its submission's and return's Revision (`submission`, `return_step`),
    with their users, in one query for the whole desk."""
    ids = {getattr(entry, name, None) for entry in entries for name in ("submitted_in", "returned_in")}
    ids.discard(None)
    revisions = Revision.objects.select_related("user").in_bulk(ids) if ids else {}
    for entry in entries:
        entry.submission = revisions.get(getattr(entry, "submitted_in", None))
        entry.return_step = revisions.get(getattr(entry, "returned_in", None))
