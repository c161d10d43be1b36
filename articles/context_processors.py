from django.conf import settings

from newsroom.site import absolute_url

from .paging import CURSOR


def newsroom(request):
    """The publication's name and zone, and the page's canonical address (keeping only the page)."""
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
    }
