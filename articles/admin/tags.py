"""Tags, as stories carry them (articles.models.tagging). django-taggit's own admin edits its
generic tag table, which stories do not use: its inline and its merge action would show and
change nothing of theirs, so it is replaced here."""

from django.contrib import admin
from django.db.models import Count
from taggit.models import Tag

from .base import NewsroomAdmin

admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(NewsroomAdmin):
    list_display = ["name", "slug", "story_count"]
    ordering = ["name"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(stories=Count("articles_taggedstory_items"))

    @admin.display(description="Stories", ordering="stories")
    def story_count(self, obj):
        return obj.stories
