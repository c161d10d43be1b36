"""The image library's admin: uploads checked before anything is stored, a focal point to click."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.files.images import get_image_dimensions
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from articles import changes
from articles.images import kept
from articles.images.uploads import ACCEPTED_NAMES, clean_image
from articles.models import Image

from .base import NewsroomAdmin


class ImageForm(forms.ModelForm):
    """The library's upload form: the file is checked and re-encoded before anything is stored.

    An accepted file survives a refusal for another reason (articles.images.kept): the form then
    names it ("Kept: …") and carries it to the next submission, so the editor need not pick it
    again.
    """

    file = forms.FileField(
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"})
    )
    kept_upload = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Image
        fields = ["file", "title", "alt_text", "caption", "credit", "focal_x", "focal_y"]
        widgets = {"focal_x": forms.HiddenInput, "focal_y": forms.HiddenInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = filesizeformat(settings.NEWSROOM_IMAGE_MAX_BYTES)
        self.rules = f"{ACCEPTED_NAMES}, up to {limit}. Location data and other metadata are removed."
        self.fields["file"].help_text = self.rules
        self.fresh = None
        self.kept = kept.from_token(self.data.get(self.add_prefix("kept_upload"))) if self.is_bound else None
        if self.kept is not None:
            self.show_kept()

    def show_kept(self):
        # The kept file counts as chosen: the browser must not ask for one again.
        self.fields["file"].required = False
        # Set on the bound field too: it copied the help text when validation first read it.
        self.fields["file"].help_text = self["file"].help_text = format_html(
            '<strong class="kept-upload">Kept: {} ({} × {})</strong>, not saved yet: it is stored when '
            "you save. To use another image, choose its file. {}",
            self.kept.original,
            self.kept.width,
            self.kept.height,
            self.rules,
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        title = self.data.get(self.add_prefix("title"), "")
        if isinstance(upload, UploadedFile):
            cleaned = clean_image(upload, title=title)
            self.fresh = (cleaned, upload.name, *get_image_dimensions(cleaned))
            return cleaned
        if self.kept is not None:
            return self.kept.as_file(title=title)
        return upload

    def full_clean(self):
        """Validate; when the form is refused but its new file was accepted, keep that file."""
        super().full_clean()
        if not self.is_bound or not self.errors or self.fresh is None:
            return
        cleaned, original, width, height = self.fresh
        if self.kept is not None:
            self.kept.forget()
        self.kept = kept.keep(cleaned, original, width, height)
        self.fresh = None
        self.data = self.data.copy()
        self.data[self.add_prefix("kept_upload")] = self.kept.token
        self.show_kept()


@admin.register(Image)
class ImageAdmin(NewsroomAdmin):
    form = ImageForm
    list_display = ["thumbnail", "title", "credit", "dimensions", "used_by", "created_at"]
    list_display_links = ["thumbnail", "title"]
    search_fields = ["title", "credit", "alt_text", "caption"]
    readonly_fields = ["focal_point", "dimensions", "usage"]
    fields = [
        "file",
        "kept_upload",
        "focal_point",
        "focal_x",
        "focal_y",
        "dimensions",
        "title",
        "alt_text",
        "caption",
        "credit",
        "usage",
    ]

    class Media:
        css = {"all": ["css/admin.css"]}
        js = ["js/focal-point.js"]

    def get_queryset(self, request):
        # Meta.ordering does not survive GROUP BY; say it again.
        counts = {
            "story_count": Count("lead_of", distinct=True),
            "film_count": Count("poster_of", distinct=True),
        }
        return super().get_queryset(request).annotate(**counts).order_by("-created_at")

    def save_model(self, request, obj, form, change):
        remake = bool({"file", "focal_x", "focal_y"} & set(form.changed_data)) or form.kept is not None
        changes.save_image(obj, remake_renditions=remake)
        if form.kept is not None:
            # Stored as the image's own file now (or replaced): the waiting copy goes after commit.
            transaction.on_commit(form.kept.forget)

    def delete_model(self, request, obj):
        changes.delete_image(obj)

    def delete_queryset(self, request, queryset):
        for image in queryset:
            changes.delete_image(image)

    @admin.display(description="Preview")
    def thumbnail(self, obj):
        if not obj.file:
            return "—"
        small = obj.sources("webp")
        return format_html('<img src="{}" alt="" class="thumb">', small[0][0] if small else obj.file.url)

    @admin.display(description="Focal point")
    def focal_point(self, obj):
        if not obj.pk or not obj.file:
            return "Save the image first, then click the preview to set the point its crops keep in view."
        return format_html(
            '<div class="focal-picker" data-x-input="id_focal_x" data-y-input="id_focal_y">'
            '<img src="{}" alt="Click where the crops should centre" width="{}" height="{}">'
            '<span class="focal-marker" aria-hidden="true"></span></div>'
            '<p class="help">Click the point that must stay in view when the image is cropped '
            "(social cards, narrow layouts).</p>",
            (obj.sources("webp") or [(obj.file.url, 0)])[-1][0],
            obj.width,
            obj.height,
        )

    @admin.display(description="Size")
    def dimensions(self, obj):
        return f"{obj.width} × {obj.height}" if obj.width else "—"

    @admin.display(description="Used by")
    def used_by(self, obj):
        stories, films = obj.story_count, obj.film_count
        parts = [
            f"{stories} stor{'y' if stories == 1 else 'ies'}" if stories else "",
            f"{films} film(s)" if films else "",
        ]
        return ", ".join(filter(None, parts)) or "—"

    @admin.display(description="Used in")
    def usage(self, obj):
        if not obj.pk:
            return "—"
        links = [
            (reverse("admin:articles_article_change", args=[a.pk]), f"Story: {a.headline}")
            for a in obj.lead_of.only("pk", "headline")
        ] + [
            (reverse("admin:articles_film_change", args=[f.pk]), f"Poster: {f}") for f in obj.poster_of.all()
        ]
        if not links:
            return "Not used yet."
        return format_html_join(mark_safe("<br>"), '<a href="{}">{}</a>', links)
