"""Admins for the rows a story owns (bylines, films, citations, links), guarded like the story itself."""

from django.contrib import admin

from articles.models import ArticleFilm, Byline, Citation, RelatedLink
from articles.workflow import can_edit, can_publish

from .base import InlineOnlyMixin, NewsroomAdmin


class StoryPartAdmin(InlineOnlyMixin, NewsroomAdmin):
    """A story's parts may be changed only by someone who may change the story."""

    def has_add_permission(self, request):
        # Writers add parts from their story's own form, where the story is known.
        return super().has_add_permission(request) and can_publish(request.user)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.story_editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.story_editable(request, obj)

    def get_readonly_fields(self, request, obj=None):
        # A part stays with its story: moving it would change a story its editor never opened.
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "article"] if obj is not None else fields

    def story_editable(self, request, part):
        return part is None or can_edit(request.user, part.article)


@admin.register(Byline)
class BylineAdmin(StoryPartAdmin):
    list_display = ["article", "author", "order"]
    list_select_related = ["article", "author"]
    search_fields = ["article__headline", "author__name"]
    autocomplete_fields = ["article", "author"]


@admin.register(ArticleFilm)
class ArticleFilmAdmin(StoryPartAdmin):
    list_display = ["article", "film", "show_release_dates"]
    list_select_related = ["article", "film"]
    search_fields = ["article__headline", "film__title"]
    autocomplete_fields = ["article", "film"]


@admin.register(Citation)
class CitationAdmin(StoryPartAdmin):
    list_display = ["source", "role", "article", "url"]
    list_filter = ["role", ("source", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["article", "source"]
    search_fields = ["article__headline", "source__name", "url"]
    autocomplete_fields = ["article", "source"]


@admin.register(RelatedLink)
class RelatedLinkAdmin(StoryPartAdmin):
    list_display = ["__str__", "placement", "article", "target_article", "url"]
    list_filter = ["placement"]
    list_select_related = ["article", "target_article"]
    search_fields = ["title", "url", "article__headline", "target_article__headline"]
    autocomplete_fields = ["article", "target_article", "source"]
