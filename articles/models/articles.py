from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, Min, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from taggit.managers import TaggableManager

from articles.sanitize import clean_html
from articles.text import html_to_text

from .bounds import in_range, validate_in_range
from .reviews import review_errors
from .tagging import TaggedStory

# Edits this soon after publication are fixes, not updates worth telling readers about.
UPDATE_GRACE = timedelta(minutes=30)


# The conditions a story's visibility is made of, at the moment `now`. live() is all four; the
# admin's views of published stories that are not live are these, negated one at a time.
def is_published():
    return Q(status=Article.Status.PUBLISHED)


def is_due(now):
    return Q(publish_at__lte=now)


def is_unexpired(now):
    return Q(expire_at__isnull=True) | Q(expire_at__gt=now)


def is_out_of_embargo(now):
    return Q(embargo_until__isnull=True) | Q(embargo_until__lte=now)


class ArticleQuerySet(models.QuerySet):
    def live(self, at=None):
        """The one definition of public: published, due, not expired, embargo over.

        A scheduled story is a published one whose `publish_at` is ahead: it
        turns up here by the clock alone, with no job to run.
        """
        now = timezone.now() if at is None else at
        return self.filter(is_published(), is_due(now), is_unexpired(now), is_out_of_embargo(now))

    def scheduled(self, at=None):
        """Published stories waiting for their `publish_at`: the desk's queue."""
        now = timezone.now() if at is None else at
        return self.filter(is_published()).exclude(is_due(now))

    def expired(self, at=None):
        """Published stories past their `expire_at`: they have left the site."""
        now = timezone.now() if at is None else at
        return self.filter(is_published()).exclude(is_unexpired(now))

    def held_by_embargo(self, at=None):
        """Published, due and unexpired stories that live() still holds back for their embargo."""
        now = timezone.now() if at is None else at
        return self.filter(is_published(), is_due(now), is_unexpired(now)).exclude(is_out_of_embargo(now))

    def embargo_lifting(self, start, end):
        """Stories whose embargo ends in [`start`, `end`), whatever their status: the desk's
        "embargoes lifting today"."""
        return self.filter(embargo_until__gte=start, embargo_until__lt=end)

    def next_scheduled_change(self, after):
        """The nearest publish, expiry or embargo time of a published story after `after`, or
        None: until then, live() gives the same stories."""
        upcoming = self.filter(status=self.model.Status.PUBLISHED).aggregate(
            publish=Min("publish_at", filter=Q(publish_at__gt=after)),
            expire=Min("expire_at", filter=Q(expire_at__gt=after)),
            embargo=Min("embargo_until", filter=Q(embargo_until__gt=after)),
        )
        return min(filter(None, upcoming.values()), default=None)

    def reviews(self):
        """Critics' reviews: stories of kind Review, each naming its film."""
        return self.filter(kind=Article.Kind.REVIEW, reviewed_film__isnull=False)

    def tagged(self, tag):
        """Stories with `tag` (a Tag, or a tag's slug)."""
        return self.filter(
            Exists(TaggedStory.objects.filter(subject_lookup("tag", tag), content_object=OuterRef("pk")))
        )

    def about_film(self, film):
        """Stories about `film` (a Film, or a film's slug)."""
        return self.filter(
            Exists(ArticleFilm.objects.filter(subject_lookup("film", film), article=OuterRef("pk")))
        )

    def about_person(self, person):
        """Stories about `person`."""
        people = Article.people.through.objects.filter(person=person, article=OuterRef("pk"))
        return self.filter(Exists(people))

    def citing(self, source):
        """Stories citing `source`, in any role."""
        return self.filter(Exists(Citation.objects.filter(source=source, article=OuterRef("pk"))))

    def by_author(self, author):
        """Stories with `author` in their byline."""
        return self.filter(Exists(Byline.objects.filter(author=author, article=OuterRef("pk"))))


def subject_lookup(name, subject):
    """A filter on the relation `name` to `subject`, given as a row or by its slug."""
    return Q(**{f"{name}__slug": subject}) if isinstance(subject, str) else Q(**{name: subject})


class Article(models.Model):
    """A story: what readers read, and what editors write, schedule and publish."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived"

    class Kind(models.TextChoices):
        NEWS = "news", "News"
        FEATURE = "feature", "Feature"
        REVIEW = "review", "Review"
        INTERVIEW = "interview", "Interview"
        OPINION = "opinion", "Opinion"
        ANALYSIS = "analysis", "Analysis"

    headline = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200, unique=True, help_text="The last part of the story's address, /articles/this-part/."
    )
    dek = models.TextField(blank=True, help_text="The standfirst: one or two sentences under the headline.")
    body = models.TextField(
        help_text="Headings, emphasis, links, lists, quotes and pull quotes are kept. To embed a "
        "YouTube or Vimeo clip, put its address alone in a paragraph."
    )
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.NEWS)
    is_exclusive = models.BooleanField("exclusive", default=False, help_text="Shows the Exclusive label.")
    authors = models.ManyToManyField(
        "articles.Author", through="articles.Byline", related_name="articles", blank=True
    )
    tags = TaggableManager(blank=True, through=TaggedStory)
    films = models.ManyToManyField(
        "articles.Film", through="articles.ArticleFilm", related_name="articles", blank=True
    )
    people = models.ManyToManyField(
        "articles.Person", related_name="articles", blank=True, help_text="People the story is about."
    )
    lead_image = models.ForeignKey(
        "articles.Image", on_delete=models.PROTECT, null=True, blank=True, related_name="lead_of"
    )
    video_url = models.URLField(blank=True, help_text="A clip that goes with the story (YouTube, Vimeo…).")
    video_caption = models.CharField(max_length=300, blank=True)

    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        null=True,
        blank=True,
        validators=[validate_in_range],
        help_text="When the story goes public. A published story with a future time is scheduled.",
    )
    expire_at = models.DateTimeField(
        null=True,
        blank=True,
        validators=[validate_in_range],
        help_text="Optional: when the story leaves the site again.",
    )
    embargo_until = models.DateTimeField(
        null=True,
        blank=True,
        validators=[validate_in_range],
        help_text="Optional: the story may not be public before this time, whatever its schedule.",
    )
    planned_for = models.DateField(
        null=True,
        blank=True,
        validators=[validate_in_range],
        help_text="For drafts: the day the desk plans to run it (shown on the calendar).",
    )
    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When an editor first opened the story after it was submitted for review: from then on its
    # writer can no longer withdraw it (articles.workflow.Withdraw).
    review_opened_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # The body as plain text, derived on save: for search snippets and the SQLite search.
    body_text = models.TextField(blank=True, editable=False)
    # Weighted words for PostgreSQL full-text search, kept current by articles.search.
    # Its GIN index is created by a PostgreSQL-only migration (0008_search_index).
    search_vector = SearchVectorField(null=True, editable=False)
    # Bumped by every save; a save made from an older version is refused (see articles.changes.save_story).
    version = models.PositiveIntegerField(default=1, editable=False)

    # A review's verdict on its film (articles.reviews): only a story of kind Review has one.
    reviewed_film = models.ForeignKey(
        "articles.Film",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviews",
        verbose_name="film reviewed",
        help_text="For a review: the film it reviews (required). It joins the story's films.",
    )
    rating = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    verdict = models.CharField(
        max_length=200, blank=True, help_text="For a review: the critic's verdict in one line (optional)."
    )
    pros = models.TextField(blank=True, help_text="For a review: what works, one point per line (optional).")
    cons = models.TextField(
        blank=True, help_text="For a review: what does not, one point per line (optional)."
    )

    seo_title = models.CharField(
        "SEO title", max_length=70, blank=True, help_text="For search results; the headline if empty."
    )
    seo_description = models.CharField(
        "SEO description", max_length=160, blank=True, help_text="For search results; the dek if empty."
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-id"]
        get_latest_by = "publish_at"
        permissions = [("publish_article", "Can publish, schedule and unpublish stories")]
        indexes = [
            models.Index(fields=["status", "-publish_at"], name="article_status_publish_idx"),
            # Search's kind filter: its newest matches of a kind, and a kind few stories are.
            models.Index(fields=["kind", "status", "-publish_at"], name="article_kind_publish_idx"),
            models.Index(fields=["planned_for"], name="article_planned_for_idx"),
            # A film's reviews by rating (its page's list and average).
            models.Index(fields=["reviewed_film", "rating"], name="article_reviewed_film_idx"),
            # The admin's story list (articles.admin.changelist): its order, its date drill-down
            # (first and last dates, a year's or month's stories), and each filter it offers.
            models.Index(fields=["-publish_at", "-id"], name="article_publish_idx"),
            models.Index(
                fields=["-publish_at", "-id"], condition=Q(is_exclusive=True), name="article_exclusive_idx"
            ),
            models.Index(fields=["created_by", "-publish_at"], name="article_owner_publish_idx"),
            models.Index(
                fields=["expire_at"], condition=Q(expire_at__isnull=False), name="article_expire_idx"
            ),
            models.Index(
                fields=["embargo_until"], condition=Q(embargo_until__isnull=False), name="article_embargo_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(slug=""), name="article_slug_not_empty"),
            models.CheckConstraint(condition=~Q(headline=""), name="article_headline_not_empty"),
            models.CheckConstraint(condition=in_range("publish_at"), name="article_publish_at_in_range"),
            models.CheckConstraint(condition=in_range("expire_at"), name="article_expire_at_in_range"),
            models.CheckConstraint(condition=in_range("embargo_until"), name="article_embargo_in_range"),
            models.CheckConstraint(
                condition=in_range("planned_for", moments=False), name="article_planned_for_in_range"
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(publish_at__isnull=False),
                name="article_published_has_publish_at",
            ),
            models.CheckConstraint(
                condition=Q(expire_at__isnull=True)
                | Q(publish_at__isnull=True)
                | Q(expire_at__gt=models.F("publish_at")),
                name="article_expires_after_publish",
            ),
            models.CheckConstraint(
                condition=Q(kind="review") | Q(reviewed_film__isnull=True, rating__isnull=True),
                name="article_only_reviews_rate",
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=0), name="article_rating_not_negative"
            ),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        self.body = clean_html(self.body)
        self.body_text = html_to_text(self.body)
        if (
            self.status == self.Status.PUBLISHED
            and self.publish_at
            and (self.first_published_at is None or self.first_published_at > timezone.now())
        ):
            # Until the story has really gone out, its first publication follows the schedule.
            self.first_published_at = self.publish_at
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:article", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        if self.status == self.Status.PUBLISHED and self.publish_at is None:
            self.publish_at = timezone.now()
        if self.expire_at and self.publish_at and self.expire_at <= self.publish_at:
            errors["expire_at"] = "The expiry time must be after the publication time."
        if (
            self.status == self.Status.PUBLISHED
            and self.embargo_until
            and self.publish_at
            and self.publish_at < self.embargo_until
        ):
            # live() holds embargoed rows back anyway; this tells the editor why.
            embargo = date_format(timezone.localtime(self.embargo_until), "DATETIME_FORMAT")
            errors["publish_at"] = (
                f"This story is under embargo until {embargo} ({timezone.get_current_timezone_name()}). "
                "Schedule it for that time or later."
            )
        errors.update(review_errors(self))
        if errors:
            raise ValidationError(errors)

    def is_live(self, at=None):
        """Instance twin of ArticleQuerySet.live(); tests keep the two in agreement."""
        now = timezone.now() if at is None else at
        return (
            self.status == self.Status.PUBLISHED
            and self.is_due(now)
            and self.is_unexpired(now)
            and (self.embargo_until is None or self.embargo_until <= now)
        )

    def is_due(self, now):
        """Twin of is_due(): the story's publication time has come."""
        return self.publish_at is not None and self.publish_at <= now

    def is_unexpired(self, now):
        """Twin of is_unexpired()."""
        return self.expire_at is None or self.expire_at > now

    def is_out_of_embargo(self, now):
        """Twin of is_out_of_embargo()."""
        return self.embargo_until is None or self.embargo_until <= now

    def is_scheduled(self, at=None):
        """Twin of ArticleQuerySet.scheduled()."""
        now = timezone.now() if at is None else at
        return self.status == self.Status.PUBLISHED and not self.is_due(now)

    def has_gone_out(self, at=None):
        """Whether readers have had the story: it is live, or it was (a preview of a story taken
        down still says when it was published; a scheduled one says when it will be)."""
        now = timezone.now() if at is None else at
        return self.is_live(at=now) or (
            self.first_published_at is not None and self.first_published_at <= now
        )

    def visibility(self, at=None):
        """Where a published story stands for readers: "live", "scheduled", "expired" or "embargoed".

        None for stories that are not published. Twin of the queryset methods above.
        """
        now = timezone.now() if at is None else at
        if self.status != self.Status.PUBLISHED:
            return None
        if self.is_live(at=now):
            return "live"
        if self.is_scheduled(at=now):
            return "scheduled"
        return "embargoed" if self.is_unexpired(now) else "expired"

    @property
    def published_at(self):
        """The date readers see as the publication date."""
        return self.first_published_at or self.publish_at

    @property
    def was_updated(self):
        """Whether the story changed noticeably after it went out."""
        published = self.published_at
        return bool(published and self.updated_at and self.updated_at - published > UPDATE_GRACE)

    @property
    def title_for_search(self):
        return self.seo_title or self.headline

    @property
    def description_for_search(self):
        return self.seo_description or self.dek


class Byline(models.Model):
    """An author on a story, in byline order."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey("articles.Author", on_delete=models.PROTECT, related_name="bylines")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["article", "author"], name="byline_unique_author")]

    def __str__(self):
        return str(self.author)


class ArticleFilm(models.Model):
    """A film a story is about; it may feed the story's Key Release Dates box."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="film_links")
    film = models.ForeignKey("articles.Film", on_delete=models.PROTECT, related_name="article_links")
    order = models.PositiveSmallIntegerField(default=0)
    show_release_dates = models.BooleanField(
        default=True, help_text="List this film's dates in the story's Key Release Dates box."
    )

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "film in this story"
        verbose_name_plural = "films in this story"
        constraints = [models.UniqueConstraint(fields=["article", "film"], name="articlefilm_unique_film")]

    def __str__(self):
        return str(self.film)


class Citation(models.Model):
    """A source a story credits, with the specific page and how it was used."""

    class Role(models.TextChoices):
        SOURCE = "source", "Source"
        VIA = "via", "Via"
        EXCLUSIVE_TO = "exclusive_to", "Exclusive to"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey("articles.Source", on_delete=models.PROTECT, related_name="citations")
    role = models.CharField(max_length=20, choices=Role, default=Role.SOURCE)
    url = models.URLField(blank=True, help_text="The specific page cited, if any.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "source", "role"], name="citation_unique_source_role")
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.source}"
