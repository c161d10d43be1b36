"""The story form's autosave: its endpoints, the restore offer, and clearing the copy on save.

ArticleAdmin takes AutosaveAdminMixin; the form's script (static/js/autosave.js) posts the
typed text every few seconds and when the tab is hidden.
"""

from django import forms
from django.conf import settings
from django.urls import path, reverse

from . import copies
from .views import AutosaveView, DiscardView

RESTORE_PARAM = "restore_copy"


def interval_seconds():
    return getattr(settings, "NEWSROOM_AUTOSAVE_SECONDS", 10)


class AutosaveAdminMixin:
    """Adds autosave to a ModelAdmin of stories (articles.Article)."""

    def get_urls(self):
        wrap = self.admin_site.admin_view
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("add/autosave/", wrap(AutosaveView.as_view(model_admin=self)), name=f"{info}_autosave_new"),
            path(
                "add/autosave/discard/",
                wrap(DiscardView.as_view(model_admin=self)),
                name=f"{info}_autosave_discard_new",
            ),
            path(
                "<path:object_id>/autosave/",
                wrap(AutosaveView.as_view(model_admin=self)),
                name=f"{info}_autosave",
            ),
            path(
                "<path:object_id>/autosave/discard/",
                wrap(DiscardView.as_view(model_admin=self)),
                name=f"{info}_autosave_discard",
            ),
            *super().get_urls(),
        ]

    @property
    def media(self):
        return super().media + forms.Media(js=["js/autosave.js"], css={"all": ["css/autosave.css"]})

    def restoring(self, request, obj):
        """The user's copy to fill the form with, when they asked to restore it."""
        if request.method != "GET" or RESTORE_PARAM not in request.GET:
            return None
        return copies.find(request.user, obj)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        copy = self.restoring(request, obj)
        if copy is None:
            return form

        class RestoredForm(form):
            """The form holding the copy's text, and the version that text started from."""

            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                if not self.is_bound:
                    self.initial.update({k: v for k, v in copy.fields.items() if k in self.fields})
                    if copy.base_version is not None and "edit_version" in self.fields:
                        self.initial["edit_version"] = copy.base_version

        return RestoredForm

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if self.has_change_permission(request, obj) if obj is not None else self.has_add_permission(request):
            context["autosave"] = self.autosave_context(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def autosave_context(self, request, obj):
        info = f"admin:{self.opts.app_label}_{self.opts.model_name}"
        if obj is None:
            urls = (reverse(f"{info}_autosave_new"), reverse(f"{info}_autosave_discard_new"))
        else:
            urls = (
                reverse(f"{info}_autosave", args=[obj.pk]),
                reverse(f"{info}_autosave_discard", args=[obj.pk]),
            )
        context = {
            "url": urls[0],
            "discard_url": urls[1],
            "fields": copies.AUTOSAVED_FIELDS,
            "interval": interval_seconds() * 1000,
            "restore_param": RESTORE_PARAM,
        }
        if request.method != "GET":
            return context
        copy = copies.find(request.user, obj)
        if copy is None:
            return context
        stale = copies.saved_by_someone_else(obj, copy.base_version)
        if RESTORE_PARAM in request.GET:
            return {**context, "restored": {"time": copies.local_time(copy.saved_at), "stale": stale}}
        rows = copies.differences(copy, obj)
        if rows:
            context["offer"] = {"time": copies.local_time(copy.saved_at), "rows": rows, "stale": stale}
        return context

    def save_related(self, request, form, formsets, change):
        """Once the story and its parts are saved, the editor's copy has served its purpose."""
        super().save_related(request, form, formsets, change)
        copies.discard(request.user, form.instance if change else None)
