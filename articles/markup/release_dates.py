"""`release_dates(schedule)`: a film's release dates, grouped by format, as a definition list.

Built in Python, every value escaped, like `byline()`: on a story page the "Key Release
Dates" box, rendered by an included template, was about a third of the page's template time
(each date looks up its country's name, formats its date twice and tests its status).
"""

from functools import lru_cache
from html import escape

from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django_countries import countries


def release_dates(schedule):
    """`schedule` (Film.release_schedule()) as <dl class="release-dates">: a <dt> per format,
    a <dd> per date with its country and whether it is still upcoming."""
    lines = ['<dl class="release-dates">']
    for group in schedule:
        lines.append(f"<dt>{escape(str(group['kind']))}</dt>")
        for item in group["dates"]:
            release = item["release"]
            machine = f' datetime="{release.date.isoformat()}"' if release.date else ""
            note = f" · {escape(release.note)}" if release.note else ""
            status, said = ("upcoming", "Upcoming") if item["upcoming"] else ("past", "Released")
            code = release.country.code
            lines.append(
                f"<dd><time{machine}>{escape(release.display_date)}</time>"
                f' <abbr title="{escape(country_name(code, get_language()))}">{escape(code)}</abbr>'
                f'{note} <span class="status {status}">{said}</span></dd>'
            )
    lines.append("</dl>")
    return mark_safe("\n".join(lines))


@lru_cache(maxsize=1024)
def country_name(code, language):
    """A country's name in the active `language` (passed so it keys the memory), remembered:
    django-countries looks it up afresh each time, which cost more than the rest of a release
    date's line."""
    return str(countries.name(code))
