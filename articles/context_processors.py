from django.conf import settings


def newsroom(request):
    """The publication's name and time zone, for the masthead, titles and datelines."""
    return {"newsroom_name": settings.NEWSROOM_NAME, "newsroom_time_zone": settings.TIME_ZONE}
