from django.conf import settings


def newsroom(request):
    """The publication's name and zone, and the page's canonical address (keeping only ?page=)."""
    canonical = request.build_absolute_uri(request.path)
    page = request.GET.get("page", "")
    if page.isdigit() and page != "1":
        canonical += f"?page={page}"
    return {
        "newsroom_name": settings.NEWSROOM_NAME,
        "newsroom_time_zone": settings.TIME_ZONE,
        "canonical_url": canonical,
    }
