"""`byline(story)` and `moment(when)`: the lines every story card and story page show.

Built in Python, every value escaped, like `picture()`: a list page shows twenty cards,
and the included byline template and two `date` filters per card were over half of a card's
rendering time. Dates are spelled out (articles.dates) rather than through the `date` formats.
"""

from html import escape

from django.utils import timezone
from django.utils.safestring import mark_safe

from articles.dates import spelled_date, spelled_time


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


def moment(when, with_time=False):
    """`when` in the newsroom's time zone as a <time> element: the exact moment for machines,
    "July 27, 2018" (with the time, "July 27, 2018, 10:00 PM EDT") for readers."""
    local = timezone.localtime(when)
    shown = f"{spelled_date(local)}, {spelled_time(local)}" if with_time else spelled_date(local)
    return mark_safe(f'<time datetime="{local.isoformat()}">{escape(shown)}</time>')
