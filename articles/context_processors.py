from django.conf import settings
from django.urls import reverse

from newsroom.site import absolute_url

from .calendars import subscribe_links
from .paging import CURSOR

# The masthead's sections: (name, view).
SECTIONS = [
    ("News", "articles:home"),
    ("Reviews", "articles:reviews"),
    ("Releases", "articles:releases"),
    ("Films", "articles:films"),
]


def newsroom(request):
    """The publication's name and zone, its sections and calendar, and the page's canonical
    address (keeping only the page)."""
    canonical = absolute_url(request, request.path)
    page, before = request.GET.get("page", ""), request.GET.get("before", "")
    if page.isdigit() and page != "1":
        canonical += f"?page={page}"
    elif CURSOR.match(before):
        canonical += f"?before={before}"
    return {
        "newsroom_name": settings.NEWSROOM_NAME,
        "newsroom_time_zone": settings.TIME_ZONE,
        "canonical_url": canonical,
        "sections": SECTIONS,
        "site_calendar": subscribe_links(
            request, f"{reverse('articles:releases_ics')}?country={settings.NEWSROOM_COUNTRY}"
        ),
    }
