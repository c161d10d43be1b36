from django.conf import settings
from django.contrib import admin
from django.contrib.admin.views.main import ERROR_FLAG
from django.db import models
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from articles.models import Article
from articles.models.bounds import EARLIEST, LATEST

from .widgets import SafeInputMixin


def zone_note():
    return f"Times are in the newsroom's time zone, {settings.TIME_ZONE}."


class NewsroomAdmin(SafeInputMixin, admin.ModelAdmin):
    """Names the newsroom's time zone under every date-time field, and keeps the date drill-down
    within the newsroom's years."""

    def changelist_view(self, request, extra_context=None):
        # Django's drill-down works out the year after the one asked for, which past 9998 does
        # not exist: a year out of bounds is refused as the admin refuses other bad filters.
        year = request.GET.get(f"{self.date_hierarchy}__year") if self.date_hierarchy else None
        if year is not None and year.isdigit() and not EARLIEST.year <= int(year) <= LATEST.year:
            return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")
        return super().changelist_view(request, extra_context)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, models.DateTimeField) and field is not None:
            field.help_text = " ".join(filter(None, [str(field.help_text), zone_note()]))
        return field

    class Media:
        css = {"all": ["css/admin.css"]}


class ArticleToolView(TemplateView):
    """An admin page about one story (or all of them), drawn inside the admin's frame."""

    model_admin = None

    def get_article(self):
        object_id = self.kwargs["object_id"]
        if not object_id.isdigit():
            raise Http404("No such story.")
        return get_object_or_404(Article.objects.select_related("updated_by"), pk=object_id)

    def get_context_data(self, **kwargs):
        return {
            **self.model_admin.admin_site.each_context(self.request),
            "opts": Article._meta,
            **super().get_context_data(**kwargs),
        }


class InlineOnlyMixin:
    """For a model edited inside another's form (a story's bylines, a film's credits): kept off
    the admin's index and sidebar, while its pages stay where its inlines' links lead."""

    def has_module_permission(self, request):
        return False
