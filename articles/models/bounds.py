"""The dates and times the newsroom deals in: from its archive's oldest films to its planning's
farthest future. A date outside them is a typing slip ("9999"), and one PostgreSQL or Python
cannot even hold once a time zone moves it past year 9999."""

from datetime import UTC, date, datetime

from django.core.exceptions import ValidationError
from django.db.models import Q

EARLIEST = date(1800, 1, 1)
LATEST = date(2199, 12, 31)
# The same bounds as moments: what a stored time (in UTC) must lie within.
EARLIEST_MOMENT = datetime(EARLIEST.year, 1, 1, tzinfo=UTC)
AFTER_LATEST_MOMENT = datetime(LATEST.year + 1, 1, 1, tzinfo=UTC)
OUT_OF_RANGE = f"Choose a date between {EARLIEST.year} and {LATEST.year}."


def validate_in_range(value):
    """A model or form field's validator: `value` (a date, or a moment, as stored: in UTC) lies
    within the bounds. A moment is checked as the constraints check it, so 31 December 2199 at
    23:30 in New York (in 2200 in UTC) is refused here, not by the database."""
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        inside = EARLIEST_MOMENT <= moment < AFTER_LATEST_MOMENT
    else:
        inside = EARLIEST <= value <= LATEST
    if not inside:
        raise ValidationError(OUT_OF_RANGE, code="date_out_of_range")


def in_range(field_name, moments=True):
    """A check constraint's condition: the field is empty or within the bounds."""
    low, high = (EARLIEST_MOMENT, AFTER_LATEST_MOMENT) if moments else (EARLIEST, LATEST)
    bounded = {f"{field_name}__gte": low, f"{field_name}__{'lt' if moments else 'lte'}": high}
    return Q(**{f"{field_name}__isnull": True}) | Q(**bounded)
