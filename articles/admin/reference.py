"""Admins for the reference data stories are built from: films, people, sources, images."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from articles.models import Author, Credit, Film, Franchise, Image, Person, ReleaseDate, Source
from articles.renditions import generate_renditions
from articles.uploads import ACCEPTED_NAMES, clean_image

from .base import NewsroomAdmin


class CreditInline(admin.TabularInline):
    model = Credit
    extra = 0
    autocomplete_fields = ["person"]


class PersonCreditInline(CreditInline):
    autocomplete_fields = ["film"]


class ReleaseDateInline(admin.TabularInline):
    model = ReleaseDate
    extra = 0


@admin.register(Film)
class FilmAdmin(NewsroomAdmin):
    list_display = ["title", "year", "franchise", "installment"]
    list_filter = [("franchise", admin.RelatedOnlyFieldListFilter), "year"]
    list_select_related = ["franchise"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title", "year"]}
    autocomplete_fields = ["franchise", "poster"]
    inlines = [CreditInline, ReleaseDateInline]


@admin.register(Franchise)
class FranchiseAdmin(NewsroomAdmin):
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Credit)
class CreditAdmin(NewsroomAdmin):
    list_display = ["person", "role", "character", "film", "order"]
    list_filter = ["role"]
    list_select_related = ["person", "film"]
    search_fields = ["person__name", "film__title", "character"]
    autocomplete_fields = ["film", "person"]


@admin.register(ReleaseDate)
class ReleaseDateAdmin(NewsroomAdmin):
    list_display = ["film", "kind", "country", "display_date", "note"]
    list_filter = ["kind", "precision", "country"]
    list_select_related = ["film"]
    search_fields = ["film__title", "note"]
    date_hierarchy = "date"
    autocomplete_fields = ["film"]


@admin.register(Person)
class PersonAdmin(NewsroomAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PersonCreditInline]


@admin.register(Author)
class AuthorAdmin(NewsroomAdmin):
    list_display = ["name", "user"]
    list_select_related = ["user"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]


@admin.register(Source)
class SourceAdmin(NewsroomAdmin):
    list_display = ["name", "kind", "url"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "url"]
    prepopulated_fields = {"slug": ["name"]}


class ImageForm(forms.ModelForm):
    """The library's upload form: the file is checked and re-encoded before anything is stored."""

    file = forms.FileField(
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
        help_text=f"{ACCEPTED_NAMES}, up to {settings.NEWSROOM_IMAGE_MAX_BYTES // (1024 * 1024)} MB. "
        "Location data and other metadata are removed.",
    )

    class Meta:
        model = Image
        fields = ["file", "title", "alt_text", "caption", "credit", "focal_x", "focal_y"]
        widgets = {"focal_x": forms.HiddenInput, "focal_y": forms.HiddenInput}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if isinstance(upload, UploadedFile):
            return clean_image(upload, title=self.data.get(self.add_prefix("title"), ""))
        return upload


@admin.register(Image)
class ImageAdmin(NewsroomAdmin):
    form = ImageForm
    list_display = ["thumbnail", "title", "credit", "dimensions", "used_by", "created_at"]
    list_display_links = ["thumbnail", "title"]
    search_fields = ["title", "credit", "alt_text", "caption"]
    readonly_fields = ["focal_point", "dimensions", "usage"]
    fields = [
        "file",
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
        super().save_model(request, obj, form, change)
        if {"file", "focal_x", "focal_y"} & set(form.changed_data) or not obj.renditions:
            generate_renditions(obj)

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
