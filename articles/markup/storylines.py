"""`byline(story)` and `moment(when)`: the lines every story card and story page show.

Built in Python, every value escaped, like `picture()`: a list page shows twenty cards,
and the included byline template and two `date` filters per card were over half of a card's
rendering time.
"""

from datetime import datetime
from html import escape

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe


def byline(story):
    """The line "By A, B and C", each author's name linked to their page; nothing without
    bylines."""
    links = [
        f'<a href="{escape(line.author.get_absolute_url())}">{escape(line.author.name)}</a>'
        for line in story.bylines.all()
    ]
    if not links:
        return ""
    names = f"{', '.join(links[:-1])} and {links[-1]}" if len(links) > 1 else links[0]
    return mark_safe(f'<p class="byline">By {names}</p>')


def moment(when, shown="F j, Y"):
    """`when` in the newsroom's time zone as a <time> element: the exact moment for machines,
    formatted as `shown` (a `date` filter format) for readers."""
    local = timezone.localtime(when)
    return mark_safe(f'<time datetime="{local.isoformat()}">{escape(date_format(local, shown))}</time>')


def local_date(when, shown="F j, Y"):
    """Django's `date` filter as Django's own templates apply it: an aware time is shown in the
    newsroom's time zone, then formatted as `shown`."""
    if isinstance(when, datetime) and timezone.is_aware(when):
        when = timezone.localtime(when)
    return date_format(when, shown)
