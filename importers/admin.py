"""The admin's "Import from WordPress": an editor uploads an export, the task worker imports it,
and the run's page shows its progress and then its report."""

import secrets
from functools import partial
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import admin
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse

from .models import ImportRun, PathRedirect
from .tasks import run_import
from .wordpress import parse_kinds

PUBLISH = "articles.publish_article"
REPORT_SECTIONS = (
    ("WordPress statuses of posts", "statuses"),
    ("Skipped, not imported", "skipped"),
    ("Tags", "tags"),
    ("Categories", "categories"),
    ("Authors (bylines)", "authors"),
    ("Unknown shortcodes, kept as text", "shortcodes"),
    ("Post meta not imported", "unknown_meta"),
)


class ImportForm(forms.ModelForm):
    export = forms.FileField(
        label="WordPress export",
        help_text="The .xml file from WordPress's Tools → Export (“All content” or “Posts”).",
    )
    dry_run = forms.BooleanField(
        required=False,
        label="Dry run",
        help_text="Read the whole file and show the report of what would be imported; write nothing.",
    )
    fetch_media = forms.BooleanField(
        required=False,
        label="Fetch pictures",
        help_text="Download each post's pictures from the addresses in the export (public sites only).",
    )
    site_url = forms.URLField(
        required=False,
        label="Site address",
        assume_scheme="https",
        help_text="The WordPress site's address, if the export's is not the one readers used.",
    )
    categories_as_kinds = forms.CharField(
        required=False,
        label="Categories as story kinds",
        help_text="Optional, one per line: CATEGORY=KIND, e.g. “reviews=review”. Kinds: "
        + ", ".join(ImportRun._meta.apps.get_model("articles", "Article").Kind.values)
        + ".",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = ImportRun
        fields = []

    def clean_categories_as_kinds(self):
        try:
            return parse_kinds(self.cleaned_data["categories_as_kinds"].split())
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ["file_name", "status", "progress", "created_by", "created_at", "finished_at"]
    list_filter = ["status"]
    form = ImportForm
    change_form_template = "admin/importers/importrun/change_form.html"

    class Media:
        css = {"all": ["importers/admin.css"]}

    def has_module_permission(self, request):
        return request.user.has_perm(PUBLISH)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(PUBLISH)

    def has_add_permission(self, request):
        return request.user.has_perm(PUBLISH)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm(PUBLISH) and obj is not None and not obj.is_running

    @admin.display(description="Progress")
    def progress(self, run):
        return f"{run.done:,} of {run.total:,} items" if run.total else "—"

    def get_fields(self, request, obj=None):
        return ["export", "dry_run", "fetch_media", "site_url", "categories_as_kinds"] if obj is None else []

    def save_model(self, request, obj, form, change):
        upload = form.cleaned_data["export"]
        folder = Path(settings.NEWSROOM_IMPORT_DIR)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"wxr-{secrets.token_hex(8)}.xml"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        obj.file_name = upload.name[:255]
        obj.file_path = str(path)
        obj.created_by = request.user
        obj.options = {
            "dry_run": form.cleaned_data["dry_run"],
            "fetch_media": form.cleaned_data["fetch_media"],
            "site_url": form.cleaned_data["site_url"],
            "categories_as_kinds": form.cleaned_data["categories_as_kinds"],
        }
        obj.save()
        transaction.on_commit(partial(run_import.enqueue, obj.pk))

    def response_add(self, request, obj, post_url_continue=None):
        return HttpResponseRedirect(reverse("admin:importers_importrun_change", args=[obj.pk]))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["title"] = "Import from WordPress" if add else f"Import of {obj.file_name}"
        if obj is not None:
            context["run"] = obj
            context["report"] = obj.report
            context["report_sections"] = [
                (title, list(obj.report[key].items()))
                for title, key in REPORT_SECTIONS
                if obj.report.get(key)
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)


@admin.register(PathRedirect)
class PathRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_path", "article"]
    search_fields = ["old_path", "article__headline"]
    raw_id_fields = ["article"]

    def has_module_permission(self, request):
        return request.user.has_perm(PUBLISH)
