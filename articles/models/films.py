from itertools import groupby

from django.db import models
from django.urls import reverse
from django.utils.dateformat import format as format_date
from django_countries.fields import CountryField

from .bounds import in_range, validate_in_range


class Franchise(models.Model):
    """A film series, such as Mission: Impossible."""

    name = models.CharField(max_length=160)
    slug = models.SlugField(max_length=180, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Film(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Year of first release.")
    synopsis = models.TextField(blank=True)
    poster = models.ForeignKey(
        "articles.Image", on_delete=models.PROTECT, null=True, blank=True, related_name="poster_of"
    )
    franchise = models.ForeignKey(
        Franchise, on_delete=models.PROTECT, null=True, blank=True, related_name="films"
    )
    installment = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Its number in the franchise: 6 for the sixth film."
    )

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(slug=""), name="film_slug_not_empty"),
            models.CheckConstraint(
                condition=models.Q(installment__isnull=True) | models.Q(franchise__isnull=False),
                name="film_installment_needs_franchise",
            ),
            models.UniqueConstraint(
                fields=["franchise", "installment"], name="film_unique_installment_per_franchise"
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.year})" if self.year else self.title

    def get_absolute_url(self):
        return reverse("articles:film", kwargs={"slug": self.slug})

    def release_schedule(self, today):
        """The film's release dates as release_schedule() arranges them; no query when
        `release_dates` were prefetched."""
        return release_schedule(self.release_dates.all(), today)


class Credit(models.Model):
    """A person's part in a film: director, writer, cast (with character) and crew."""

    class Role(models.TextChoices):
        DIRECTOR = "director", "Director"
        WRITER = "writer", "Writer"
        PRODUCER = "producer", "Producer"
        CAST = "cast", "Cast"
        SECOND_UNIT_DIRECTOR = "second_unit_director", "Second unit director"
        STUNT_COORDINATOR = "stunt_coordinator", "Stunt coordinator"
        CINEMATOGRAPHER = "cinematographer", "Cinematographer"
        CAMERA_OPERATOR = "camera_operator", "Camera operator"
        EDITOR = "editor", "Editor"
        COMPOSER = "composer", "Composer"

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="credits")
    person = models.ForeignKey("articles.Person", on_delete=models.PROTECT, related_name="credits")
    role = models.CharField(max_length=30, choices=Role)
    character = models.CharField(max_length=160, blank=True, help_text="For cast: the part played.")
    order = models.PositiveSmallIntegerField(default=0, help_text="Billing order; lower comes first.")

    class Meta:
        ordering = ["film", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["film", "person", "role", "character"], name="credit_unique_per_film_role"
            ),
            models.CheckConstraint(
                condition=models.Q(role="cast") | models.Q(character=""),
                name="credit_character_only_for_cast",
            ),
        ]

    def __str__(self):
        role = self.character if self.character else self.get_role_display()
        return f"{self.person} — {role} ({self.film.title})"


class ReleaseDate(models.Model):
    """When and where a film comes out in one format.

    A calendar date, not a datetime: a release on 27 July is 27 July in every
    time zone, so no reader ever sees it shifted by a day.
    """

    class Kind(models.TextChoices):
        PREMIERE = "premiere", "Premiere"
        LIMITED = "limited", "Limited theatrical"
        THEATRICAL = "theatrical", "Theatrical"
        DIGITAL = "digital", "Digital"
        PHYSICAL = "physical", "Physical"
        TV = "tv", "TV"
        STREAMING = "streaming", "Streaming"

    class Precision(models.TextChoices):
        DAY = "day", "Exact day"
        MONTH = "month", "Month only"
        YEAR = "year", "Year only"
        TBA = "tba", "To be announced"

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="release_dates")
    kind = models.CharField(max_length=20, choices=Kind)
    country = CountryField(help_text="Where this release happens (ISO 3166-1).")
    date = models.DateField(
        null=True,
        blank=True,
        validators=[validate_in_range],
        help_text="For month or year precision, any day in that month or year. Empty when TBA.",
    )
    precision = models.CharField(max_length=10, choices=Precision, default=Precision.DAY)
    note = models.CharField(
        max_length=200, blank=True, help_text='Formats or occasion, e.g. "DVD, Blu-ray and 4K UHD".'
    )
    # For calendar apps (articles.calendars): how many times the date has moved, and when the row
    # last changed.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["film", "date", "kind"]
        indexes = [models.Index(fields=["date"], name="releasedate_date_idx")]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(precision="tba") & models.Q(date__isnull=True))
                | (~models.Q(precision="tba") & models.Q(date__isnull=False)),
                name="releasedate_date_matches_precision",
            ),
            models.CheckConstraint(
                condition=in_range("date", moments=False), name="releasedate_date_in_range"
            ),
            models.UniqueConstraint(
                fields=["film", "kind", "country", "note"], name="releasedate_unique_per_format"
            ),
        ]

    def __str__(self):
        return f"{self.film.title}: {self.get_kind_display()} ({self.country.code}) {self.display_date}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            before = ReleaseDate.objects.filter(pk=self.pk).values("date", "precision", "sequence").first()
            if before and (before["date"], before["precision"]) != (self.date, self.precision):
                # The date moved: calendar apps replace their copy of a higher sequence only.
                self.sequence = before["sequence"] + 1
        super().save(*args, **kwargs)

    @property
    def display_date(self):
        """The date as precisely as it is known: "July 27, 2018", "July 2018", "2018" or "TBA"."""
        shown = PRECISION_FORMATS.get(self.precision)
        return format_date(self.date, shown) if self.date and shown else "TBA"

    @property
    def sort_key(self):
        return (self.date is None, self.date)

    def is_upcoming(self, today):
        """Whether the release is still ahead on `today`; a TBA release always is."""
        if self.date is None:
            return True
        if self.precision == self.Precision.YEAR:
            return self.date.year >= today.year
        if self.precision == self.Precision.MONTH:
            return (self.date.year, self.date.month) >= (today.year, today.month)
        return self.date >= today


# How a release date is shown at each precision (Django's date format characters).
PRECISION_FORMATS = {
    ReleaseDate.Precision.DAY: "F j, Y",
    ReleaseDate.Precision.MONTH: "F Y",
    ReleaseDate.Precision.YEAR: "Y",
}


def release_schedule(dates, today):
    """Release `dates` grouped by format in the formats' order, each marked upcoming or past as
    of `today`: [{"kind": "Theatrical", "dates": [{"release": …, "upcoming": …}, …]}, …]."""
    order = {kind: index for index, kind in enumerate(ReleaseDate.Kind.values)}
    dates = sorted(dates, key=lambda d: (order[d.kind], d.sort_key))
    return [
        {
            "kind": ReleaseDate.Kind(kind).label,
            "dates": [{"release": d, "upcoming": d.is_upcoming(today)} for d in group],
        }
        for kind, group in groupby(dates, key=lambda d: d.kind)
    ]
