"""Corrections are part of the public record: added, never edited or removed."""

from django.contrib import admin

from articles import changes
from articles.models import Correction

from .base import NewsroomAdmin


@admin.register(Correction)
class CorrectionAdmin(NewsroomAdmin):
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
        changes.add_correction(obj, request.user)
