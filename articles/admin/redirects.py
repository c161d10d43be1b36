"""Old story addresses, kept by articles.changes.record_slug_change."""

from django.contrib import admin

from articles.models import SlugRedirect

from .base import NewsroomAdmin


@admin.register(SlugRedirect)
class SlugRedirectAdmin(NewsroomAdmin):
    """Old story addresses. Deleting one frees the slug for a new story."""

    list_display = ["old_slug", "article", "created_at"]
    list_select_related = ["article"]
    search_fields = ["old_slug", "article__headline", "article__slug"]
    readonly_fields = ["old_slug", "article", "created_at"]

    def has_add_permission(self, request):
        return False
