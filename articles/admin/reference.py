"""Admins for the reference data stories are built from: films, people, authors and sources."""

from django.contrib import admin

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
class CreditAdmin(InlineOnlyMixin, NewsroomAdmin):
    list_display = ["person", "role", "character", "film", "order"]
    list_filter = ["role"]
    list_select_related = ["person", "film"]
    search_fields = ["person__name", "film__title", "character"]
    autocomplete_fields = ["film", "person"]


@admin.register(ReleaseDate)
class ReleaseDateAdmin(InlineOnlyMixin, NewsroomAdmin):
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
