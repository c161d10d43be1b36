"""Keyset paging for story lists: "older than this story", never OFFSET or COUNT.

Page 500 costs what page 1 costs: the next page starts from an index seek on
(publish_at, id) instead of counting and skipping rows. The cursor is the last
story's publish time in microseconds and its id, e.g. `?before=1543849200000000.42`.
"""

import re
from datetime import UTC, datetime, timedelta

from django.db.models import Q
from django.http import Http404

CURSOR = re.compile(r"^(\d{1,18})\.(\d{1,18})$")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)


def encode(story):
    return f"{(story.publish_at - EPOCH) // MICROSECOND}.{story.pk}"


def decode(value):
    """The (publish_at, id) a cursor stands for; 404 for anything that is not a cursor."""
    match = CURSOR.match(value or "")
    if not match:
        raise Http404("No such page of stories.")
    try:
        return EPOCH + int(match.group(1)) * MICROSECOND, int(match.group(2))
    except OverflowError:
        raise Http404("No such page of stories.") from None


def older(moment, pk, moment_field="publish_at", id_field="pk"):
    """Stories after (moment, pk) in newest-first order, by the fields named (a story's own, or
    those of a row that copies them).

    The plain bound on the moment lets the index seek straight to the cursor; the OR alone
    would be a filter, checked on every newer story, as many as there are pages before.
    """
    at, before, same = f"{moment_field}__lte", f"{moment_field}__lt", moment_field
    return Q(**{at: moment}) & (Q(**{before: moment}) | Q(**{same: moment, f"{id_field}__lt": pk}))


def split(stories, size):
    """The page of `size` stories out of `stories` (a page and one more, newest first), and the
    cursor of the page after it, or None when there is none."""
    following = encode(stories[size - 1]) if len(stories) > size else None
    return stories[:size], following
