"""Critics' reviews: a story of kind Review names the film it reviews and rates it on the
newsroom's scale (NEWSROOM_RATING_BEST, in steps of NEWSROOM_RATING_STEP, from 0)."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

# A review's own fields, which only a story of kind Review may fill in.
REVIEW_FIELDS = ("reviewed_film", "rating", "verdict", "pros", "cons")


@dataclass(frozen=True)
class RatingScale:
    """Ratings from `worst` to `best` in steps of `step`: 0 to 5 in halves, or 0 to 10."""

    best: Decimal
    step: Decimal
    worst: Decimal = Decimal(0)

    def __str__(self):
        steps = "" if self.step == 1 else f", in steps of {plain(self.step)}"
        return f"{plain(self.worst)} to {plain(self.best)}{steps}"

    def allows(self, rating):
        return self.worst <= rating <= self.best and (rating - self.worst) % self.step == 0

    def share(self, rating):
        """How full the rating is, from 0 to 1: how much of the stars to fill."""
        return float((rating - self.worst) / (self.best - self.worst))


def rating_scale():
    return RatingScale(best=settings.NEWSROOM_RATING_BEST, step=settings.NEWSROOM_RATING_STEP)


@dataclass(frozen=True)
class Rated:
    """A rating as pages show it: "4.5" out of "5", its stars filled to `percent`."""

    value: str
    best: str
    percent: float

    def __str__(self):
        return f"{self.value} out of {self.best}"


def rated(rating):
    """`rating` (a Decimal, or None) on the newsroom's scale as pages show it, or None."""
    if rating is None:
        return None
    scale = rating_scale()
    return Rated(plain(rating), plain(scale.best), round(min(max(scale.share(rating), 0), 1) * 100, 1))


def review_summary(review):
    """A review's film, rating and verdict in a line of plain text: for feeds and link previews."""
    parts = [f"Review of {review.reviewed_film.title}" if review.reviewed_film_id else "Review"]
    if review.rating is not None:
        parts.append(f"rated {rated(review.rating)}")
    line = ", ".join(parts) + "."
    return f"{line} {review.verdict}".strip() if review.verdict else line


def plain(number):
    """A rating as readers write it: 4.5, 4 (not 4.0), 10."""
    return f"{Decimal(number).normalize():f}"


def review_errors(story):
    """The form errors of `story`'s review fields ({field: message}): a review names its film,
    and rates it on the scale once it is published; any other story leaves them empty."""
    if story.kind != story.Kind.REVIEW:
        filled = [name for name in REVIEW_FIELDS if getattr(story, name) not in (None, "")]
        return dict.fromkeys(filled, "Only a review has this. Clear it, or set the kind to Review.")
    errors = {}
    if story.reviewed_film_id is None:
        errors["reviewed_film"] = "Name the film this review is about."
    scale = rating_scale()
    if story.rating is None:
        if story.status == story.Status.PUBLISHED:
            errors["rating"] = f"A published review needs a rating ({scale})."
    elif not scale.allows(story.rating):
        errors["rating"] = f"Rate the film from {scale}."
    return errors
