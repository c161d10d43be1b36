"""Admins for the workflow's records: corrections, preview links and slug redirects."""

from django.contrib import admin
from django.utils import timezone

from articles.models import Correction, PreviewLink, SlugRedirect

from .base import NewsroomAdmin


@admin.register(Correction)
class CorrectionAdmin(NewsroomAdmin):
    """Corrections are part of the public record: added, never edited or removed."""

    list_display = ["article", "kind", "created_at", "created_by"]
    list_filter = ["kind"]
    list_select_related = ["article", "created_by"]
    search_fields = ["article__headline", "note"]
    autocomplete_fields = ["article"]
    fields = ["article", "kind", "note"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.created_by = request.user
        super().save_model(request, obj, form, change)
        # The story changed for readers: its "updated" time says so.
        obj.article.save(update_fields=["updated_at"])


@admin.register(PreviewLink)
class PreviewLinkAdmin(NewsroomAdmin):
    """Share links are made from a story's "Share links" page; here they can be found and revoked."""

    list_display = ["article", "created_by", "created_at", "expires_at", "status"]
    list_select_related = ["article", "created_by"]
    search_fields = ["article__headline"]
    readonly_fields = ["article", "created_by", "created_at", "expires_at", "revoked_at"]
    fields = readonly_fields
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="Status")
    def status(self, obj):
        if obj.revoked_at:
            return "Revoked"
        return "Active" if obj.is_usable() else "Expired"

    @admin.action(description="Revoke selected links", permissions=["change"])
    def revoke(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, f"{count} preview link(s) revoked.")


@admin.register(SlugRedirect)
class SlugRedirectAdmin(NewsroomAdmin):
    """Old story addresses. Deleting one frees the slug for a new story."""

    list_display = ["old_slug", "article", "created_at"]
    list_select_related = ["article"]
    search_fields = ["old_slug", "article__headline", "article__slug"]
    readonly_fields = ["old_slug", "article", "created_at"]

    def has_add_permission(self, request):
        return False
