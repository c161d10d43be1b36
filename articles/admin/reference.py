"""Admins for the reference data stories are built from: films, people, authors and sources."""

from django.contrib import admin

from articles import changes
from articles.models import Author, Credit, Film, Franchise, Person, ReleaseDate, Source

from .base import InlineOnlyMixin, NewsroomAdmin
from .widgets import SafeInputMixin


class CreditInline(SafeInputMixin, admin.TabularInline):
    model = Credit
    extra = 0
    autocomplete_fields = ["person"]


class PersonCreditInline(CreditInline):
    autocomplete_fields = ["film"]


class ReleaseDateInline(SafeInputMixin, admin.TabularInline):
    model = ReleaseDate
    extra = 0


def films_of_saved_rows(formsets):
    """The films of the credits and release dates the formsets (once saved) added, changed or
    deleted."""
    rows = []
    for formset in formsets:
        rows += [*formset.new_objects, *(row for row, _ in formset.changed_objects), *formset.deleted_objects]
    return [row.film_id for row in rows if isinstance(row, (Credit, ReleaseDate))]


class FilmPartAdminMixin:
    """A credit's or release date's own pages: the write path hears which films changed."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        changes.film_changes_saved(obj.film_id, form.initial.get("film"))

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        changes.film_changes_saved(obj.film_id)

    def delete_queryset(self, request, queryset):
        film_ids = list(queryset.values_list("film_id", flat=True))
        super().delete_queryset(request, queryset)
        changes.film_changes_saved(*film_ids)


@admin.register(Film)
class FilmAdmin(NewsroomAdmin):
    list_display = ["title", "year", "franchise", "installment"]
    list_filter = [("franchise", admin.RelatedOnlyFieldListFilter), "year"]
    list_select_related = ["franchise"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title", "year"]}
    autocomplete_fields = ["franchise", "poster"]
    inlines = [CreditInline, ReleaseDateInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if form.has_changed() or films_of_saved_rows(formsets):
            changes.film_changes_saved(form.instance.pk)


@admin.register(Franchise)
class FranchiseAdmin(NewsroomAdmin):
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Credit)
class CreditAdmin(InlineOnlyMixin, FilmPartAdminMixin, NewsroomAdmin):
    list_display = ["person", "role", "character", "film", "order"]
    list_filter = ["role"]
    list_select_related = ["person", "film"]
    search_fields = ["person__name", "film__title", "character"]
    autocomplete_fields = ["film", "person"]


@admin.register(ReleaseDate)
class ReleaseDateAdmin(InlineOnlyMixin, FilmPartAdminMixin, NewsroomAdmin):
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

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        changes.film_changes_saved(*films_of_saved_rows(formsets))


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
