from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from articles.models import Article, ArticleFilm, Byline, Citation, RelatedLink

from .base import NewsroomAdmin, zone_note


class VisibilityFilter(admin.SimpleListFilter):
    """Where a story stands for readers right now, by the same rule the site uses."""

    title = "visibility"
    parameter_name = "visibility"

    def lookups(self, request, model_admin):
        return [
            ("live", "Live"),
            ("scheduled", "Scheduled"),
            ("expired", "Expired"),
            ("embargoed", "Held by embargo"),
            ("not_live", "Not live"),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        published = queryset.filter(status=Article.Status.PUBLISHED)
        live = Article.objects.live(at=now)
        match self.value():
            case "live":
                return queryset.filter(pk__in=live)
            case "scheduled":
                return queryset.scheduled(at=now)
            case "expired":
                return published.filter(expire_at__lte=now)
            case "embargoed":
                return published.filter(publish_at__lte=now, embargo_until__gt=now).filter(
                    Q(expire_at__isnull=True) | Q(expire_at__gt=now)
                )
            case "not_live":
                return queryset.exclude(pk__in=live)
        return queryset


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 0
    autocomplete_fields = ["author"]


class ArticleFilmInline(admin.TabularInline):
    model = ArticleFilm
    extra = 0
    autocomplete_fields = ["film"]


class CitationInline(admin.TabularInline):
    model = Citation
    extra = 0
    autocomplete_fields = ["source"]


class RelatedLinkInline(admin.StackedInline):
    model = RelatedLink
    fk_name = "article"
    extra = 0
    autocomplete_fields = ["target_article", "source"]
    fields = [("placement", "after_paragraph", "order"), "target_article", ("url", "title"), "source"]


@admin.register(Article)
class ArticleAdmin(NewsroomAdmin):
    list_display = ["headline", "state", "kind", "publish_time", "byline_names", "is_exclusive"]
    list_filter = [
        VisibilityFilter,
        "status",
        "kind",
        "is_exclusive",
        ("tags", admin.RelatedOnlyFieldListFilter),
        ("films", admin.RelatedOnlyFieldListFilter),
        ("authors", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["headline", "slug", "dek"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["people", "lead_image"]
    readonly_fields = ["first_published_at", "created_at", "updated_at"]
    inlines = [BylineInline, ArticleFilmInline, CitationInline, RelatedLinkInline]
    list_per_page = 50
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["headline", "slug", "dek", "body", ("kind", "is_exclusive")]}),
        (
            "Publishing",
            {"fields": ["status", "publish_at", "expire_at", "embargo_until"], "description": zone_note()},
        ),
        ("Media", {"fields": ["lead_image", ("video_url", "video_caption")]}),
        ("About", {"fields": ["tags", "people"]}),
        ("Search engines", {"fields": ["seo_title", "seo_description"], "classes": ["collapse"]}),
        ("History", {"fields": ["first_published_at", "created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("bylines__author")

    def view_on_site(self, obj):
        """Only a live story has a public page to view."""
        return obj.get_absolute_url() if obj.is_live() else None

    @admin.display(description="State")
    def state(self, obj):
        now = timezone.now()
        if obj.is_live(at=now):
            label, css = "Live", "live"
        elif obj.is_scheduled(at=now):
            label, css = "Scheduled", "scheduled"
        elif obj.status == Article.Status.PUBLISHED and obj.expire_at and obj.expire_at <= now:
            label, css = "Expired", "expired"
        elif obj.status == Article.Status.PUBLISHED:
            label, css = "Embargoed", "embargoed"
        else:
            label, css = obj.get_status_display(), obj.status
        return format_html('<span class="state state-{}">{}</span>', css, label)

    @admin.display(description="Publish time", ordering="publish_at")
    def publish_time(self, obj):
        if obj.publish_at is None:
            return "—"
        return timezone.localtime(obj.publish_at).strftime("%b %d, %Y %H:%M %Z")

    @admin.display(description="Byline")
    def byline_names(self, obj):
        return format_html_join(", ", "{}", ((b.author.name,) for b in obj.bylines.all()))


@admin.register(Byline)
class BylineAdmin(admin.ModelAdmin):
    list_display = ["article", "author", "order"]
    list_select_related = ["article", "author"]
    search_fields = ["article__headline", "author__name"]
    autocomplete_fields = ["article", "author"]


@admin.register(ArticleFilm)
class ArticleFilmAdmin(admin.ModelAdmin):
    list_display = ["article", "film", "show_release_dates"]
    list_select_related = ["article", "film"]
    search_fields = ["article__headline", "film__title"]
    autocomplete_fields = ["article", "film"]


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin):
    list_display = ["source", "role", "article", "url"]
    list_filter = ["role", ("source", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["article", "source"]
    search_fields = ["article__headline", "source__name", "url"]
    autocomplete_fields = ["article", "source"]


@admin.register(RelatedLink)
class RelatedLinkAdmin(admin.ModelAdmin):
    list_display = ["__str__", "placement", "article", "target_article", "url"]
    list_filter = ["placement"]
    list_select_related = ["article", "target_article"]
    search_fields = ["title", "url", "article__headline", "target_article__headline"]
    autocomplete_fields = ["article", "target_article", "source"]
