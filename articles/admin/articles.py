import reversion
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from reversion.admin import VersionAdmin

from articles import changes
from articles import revisions as story_revisions
from articles.models import Article, ArticleFilm, Byline, Citation, Correction, RelatedLink
from articles.models.reviews import rating_scale
from articles.workflow import (
    PUBLISHING_FIELDS,
    TRANSITIONS,
    available_transitions,
    can_edit,
    can_preview,
    can_publish,
)
from autosave.admin import AutosaveAdminMixin

from . import aids, calendar, choosers, from_text, previews, revisions
from .actions import WorkflowActionsMixin
from .base import NewsroomAdmin, zone_note
from .changelist import (
    DrillDownChangeList,
    EstimatedCountPaginator,
    admin_search,
    autocomplete_filter,
    filter_media,
)
from .desk import DeskFilter
from .editor import body_widget
from .forms import WORKFLOW_FIELD, ArticleAdminForm
from .review import WithdrawView, note_editor_opened, read_only_fieldsets, readable_body, review_notice
from .widgets import SafeInputMixin


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
        match self.value():
            case "live":
                return queryset.live(at=now)
            case "scheduled":
                return queryset.scheduled(at=now)
            case "expired":
                return queryset.expired(at=now)
            case "embargoed":
                return queryset.held_by_embargo(at=now)
            case "not_live":
                # live()'s complement, each part in an index of its own (at a million stories,
                # excluding the live ones read them all).
                return queryset.filter(
                    Q(status__in=[status for status in Article.Status if status != Article.Status.PUBLISHED])
                    | Q(publish_at__gt=now)
                    | Q(expire_at__lte=now)
                    | Q(embargo_until__gt=now)
                )
        return queryset


class OwnerFilter(admin.SimpleListFilter):
    """Writers see their own stories unless they ask for everyone's; editors see all."""

    title = "stories"
    parameter_name = "owner"

    def __init__(self, request, params, model, model_admin):
        self.default = "all" if can_publish(request.user) else "mine"
        self.user = request.user
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        return [("mine", "Mine"), ("all", "Everyone's")]

    def value(self):
        return super().value() or self.default

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        return queryset.filter(created_by=self.user) if self.value() == "mine" else queryset


class BylineInline(SafeInputMixin, admin.TabularInline):
    """Bylines; a new story starts with its writer's own (ArticleAdmin.get_formset_kwargs)."""

    model = Byline
    extra = 0
    autocomplete_fields = ["author"]

    def get_extra(self, request, obj=None, **kwargs):
        return 1 if obj is None and aids.own_author(request.user) else 0


class ArticleFilmInline(SafeInputMixin, admin.TabularInline):
    model = ArticleFilm
    extra = 0
    autocomplete_fields = ["film"]


class CitationInline(SafeInputMixin, admin.StackedInline):
    """Stacked, its fields in two rows: five columns of a table do not fit a phone."""

    model = Citation
    extra = 0
    autocomplete_fields = ["source"]
    fields = [("source", "role", "order"), "url"]


class RelatedLinkInline(SafeInputMixin, admin.StackedInline):
    model = RelatedLink
    fk_name = "article"
    extra = 0
    autocomplete_fields = ["target_article", "source"]
    fields = [("placement", "after_paragraph", "order"), "target_article", ("url", "title"), "source"]


class CorrectionInline(SafeInputMixin, admin.TabularInline):
    """Corrections already published: part of the record, so never edited or removed."""

    model = Correction
    extra = 0
    fields = ["created_at", "kind", "note"]
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = "corrections and updates"

    def has_add_permission(self, request, obj=None):
        return False


class NewCorrectionInline(SafeInputMixin, admin.TabularInline):
    """Appending a dated correction or update note (editors)."""

    model = Correction
    extra = 0
    fields = ["kind", "note"]
    verbose_name = "new correction or update"
    verbose_name_plural = "add a correction or update"

    def get_queryset(self, request):
        return super().get_queryset(request).none()

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(AutosaveAdminMixin, WorkflowActionsMixin, VersionAdmin, NewsroomAdmin):
    form = ArticleAdminForm
    html_fields = ("body",)
    list_display = [
        "headline",
        "state",
        "kind",
        "publish_time",
        "byline_names",
        "is_exclusive",
    ]
    list_filter = [
        OwnerFilter,
        VisibilityFilter,
        DeskFilter,
        "status",
        "kind",
        "is_exclusive",
        # Typed, not listed: thousands of them (articles.admin.changelist).
        autocomplete_filter("tags", "tagged"),
        autocomplete_filter("films", "about_film"),
        autocomplete_filter("authors", "by_author"),
    ]
    search_fields = ["headline", "slug", "dek"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["people", "lead_image", "reviewed_film"]
    readonly_fields = ["first_published_at", "created_at", "updated_at", "created_by", "updated_by"]
    inlines = [
        BylineInline,
        ArticleFilmInline,
        CitationInline,
        RelatedLinkInline,
        CorrectionInline,
        NewCorrectionInline,
    ]
    list_per_page = 50
    # No count of every story per request: past 1,000 the list's count is PostgreSQL's estimate.
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    save_on_top = True
    history_latest_first = True
    object_history_template = "admin/articles/article/object_history.html"
    fieldsets = [
        (None, {"fields": ["headline", "slug", "dek", "body", ("kind", "is_exclusive"), "edit_version"]}),
        ("Publishing", {"fields": ["status", "publish_at", "expire_at", "embargo_until", "planned_for"]}),
        ("Media", {"fields": ["lead_image", ("video_url", "video_caption")]}),
        (
            "Review",
            {
                "fields": ["reviewed_film", "rating", "verdict", "pros", "cons"],
                "description": "Only for stories of kind Review: the film, the critic's rating and verdict.",
            },
        ),
        ("About", {"fields": ["tags", "people"]}),
        ("Search engines", {"fields": ["seo_title", "seo_description"], "classes": ["collapse"]}),
        (
            "History",
            {
                "fields": ["first_published_at", ("created_at", "created_by"), ("updated_at", "updated_by")],
                "classes": ["collapse"],
            },
        ),
    ]

    def get_fieldsets(self, request, obj=None):
        """The fieldsets, the Publishing one naming the newsroom's time zone; a story this user may
        only read shows its body as it reads, not as markup."""
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and not self.has_change_permission(request, obj):
            fieldsets = read_only_fieldsets(fieldsets, review_notice(request.user, obj))
        return [
            (name, {**options, "description": zone_note()} if name == "Publishing" else options)
            for name, options in fieldsets
        ]

    @admin.display(description="Body")
    def readable_body(self, obj):
        return readable_body(obj)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body":
            kwargs["widget"] = body_widget()
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in ("headline", "slug", "seo_title", "seo_description", "video_caption", "verdict"):
            field.widget.attrs["class"] = "vTextField wide-input"
        if db_field.name == "rating":
            scale = rating_scale()
            field.widget = forms.NumberInput(
                attrs={"min": scale.worst, "max": scale.best, "step": scale.step, "class": "vIntegerField"}
            )
            field.help_text = f"For a review: the critic's rating on our scale, from {scale}."
        if db_field.name in ("pros", "cons"):
            field.widget.attrs["rows"] = 3
        if db_field.name in aids.COUNTED_FIELDS:
            field.widget.attrs["data-count-limit"] = aids.COUNTED_FIELDS[db_field.name]
        if db_field.name == "tags":
            field.widget.attrs["data-suggest-url"] = reverse("admin:articles_article_tag_suggestions")
        return field

    def __init__(self, model, admin_site):
        # Register first: VersionAdmin would register the story itself, without its tags.
        story_revisions.register()
        super().__init__(model, admin_site)

    def changelist_view(self, request, extra_context=None):
        if request.method in ("GET", "HEAD"):
            # Reading the list changes nothing: no revision (and no transaction) to open for it.
            context = {"has_change_permission": self.has_change_permission(request), **(extra_context or {})}
            return super(VersionAdmin, self).changelist_view(request, context)
        return super().changelist_view(request, extra_context)

    def get_changelist(self, request, **kwargs):
        # Its date drill-down reads two dates, not every story's (articles.admin.changelist).
        return DrillDownChangeList

    @property
    def media(self):
        # The writing aids (articles.admin.aids): counters, previews, checks, Ctrl+S, tag hints.
        aids_media = forms.Media(js=["js/story-aids.js"], css={"all": ["css/aids.css"]})
        return super().media + filter_media(self.admin_site, Article._meta.get_field("tags")) + aids_media

    def get_queryset(self, request):
        # Bylines with their authors in one query.
        bylines = Prefetch("bylines", Byline.objects.select_related("author"))
        return super().get_queryset(request).select_related("updated_by").prefetch_related(bylines)

    def get_form(self, request, obj=None, **kwargs):
        """The story form, knowing who is saving (ArticleAdminForm checks their rights)."""
        form = super().get_form(request, obj, **kwargs)

        class StoryForm(form):
            pass

        StoryForm.request = request
        return StoryForm

    def get_readonly_fields(self, request, obj=None):
        # Status changes only through the workflow's buttons and actions, for editors too.
        fields = [*super().get_readonly_fields(request, obj), "status"]
        if not can_publish(request.user):
            fields += PUBLISHING_FIELDS
        return fields

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or can_edit(request.user, obj))

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def view_on_site(self, obj):
        """Only a live story has a public page to view."""
        return obj.get_absolute_url() if obj.is_live() else None

    def save_model(self, request, obj, form, change):
        intent = request.POST.get(WORKFLOW_FIELD)
        changes.save_story(
            obj,
            user=request.user,
            expected_version=form.cleaned_data.get("edit_version"),
            parts_follow=True,
            transition=intent if intent in TRANSITIONS else None,
            note=form.cleaned_data.get("return_note", ""),
        )
        if change and "slug" in form.changed_data:
            changes.record_slug_change(obj, form.initial["slug"])
        if intent in TRANSITIONS:
            messages.success(request, f"“{obj}” was {TRANSITIONS[intent].done_message(obj)}.")

    def log_addition(self, request, obj, message):
        return self.name_workflow_step(request, super().log_addition(request, obj, message))

    def log_change(self, request, obj, message):
        return self.name_workflow_step(request, super().log_change(request, obj, message))

    def name_workflow_step(self, request, entry):
        """Start the revision's comment with the workflow button pressed, if any."""
        intent = request.POST.get(WORKFLOW_FIELD)
        if intent in TRANSITIONS and reversion.is_active():
            reversion.set_comment(f"{TRANSITIONS[intent].label}. {entry.get_change_message()}".strip())
        return entry

    def get_formset_kwargs(self, request, obj, inline, prefix):
        """A new story's byline row starts as the writer's own author record. Only the empty form
        gets it: a posted row is then "changed" from its blank start, so it is saved."""
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, BylineInline) and obj.pk is None and request.method != "POST":
            author = aids.own_author(request.user)
            if author:
                kwargs["initial"] = [{"author": author.pk}]
        return kwargs

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        changes.story_parts_saved(form.instance)

    def get_search_results(self, request, queryset, search_term):
        """The site's own search engine, plus a match on the slug or on an author's name."""
        if not search_term.strip():
            return queryset, False
        # Each part a condition an index answers (articles.admin.changelist.admin_search).
        return admin_search(queryset, search_term.strip()), False

    def save_formset(self, request, form, formset, change):
        for part in formset.save(commit=False):
            if isinstance(part, Correction):
                changes.add_correction(part, request.user)
            else:
                part.save()
        for deleted in formset.deleted_objects:
            deleted.delete()
        formset.save_m2m()

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except changes.EditConflict:
            # Someone saved between our check and our write; the form's own check
            # now sees their version and explains, keeping this editor's text.
            return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if request.method == "GET":
            note_editor_opened(request.user, obj)
        context["workflow_buttons"] = self.workflow_buttons(request, obj)
        context["can_preview"] = obj is not None and can_preview(request.user, obj)
        context["can_share"] = obj is not None and can_publish(request.user) and not obj.is_live()
        context["prepublish_warnings"] = aids.prepublish_warnings(obj) if obj is not None else []
        return super().render_change_form(request, context, add, change, form_url, obj)

    def workflow_buttons(self, request, obj):
        """The workflow buttons this user may press on this story now."""
        return available_transitions(request.user, obj)

    def history_view(self, request, object_id, extra_context=None):
        article = self.get_object(request, object_id)
        versions = revisions.story_versions(article) if article else []
        return super().history_view(request, object_id, {"versions": versions, **(extra_context or {})})

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """A revision opens its restore page, which never publishes anything."""
        return redirect("admin:articles_article_restore", object_id, version_id)

    def recoverlist_view(self, request, extra_context=None):
        # A recovered story comes back with its old status: an editor's call.
        if not can_publish(request.user):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not can_publish(request.user):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "choose/",
                wrap(choosers.ChooserJsonView.as_view(admin_site=self.admin_site)),
                name="articles_article_choose",
            ),
            path(
                "tags/suggest/",
                wrap(aids.TagSuggestionsView.as_view(model_admin=self)),
                name="articles_article_tag_suggestions",
            ),
            path(
                "calendar/",
                wrap(calendar.CalendarView.as_view(model_admin=self)),
                name="articles_article_calendar",
            ),
            path(
                "from-text/",
                wrap(from_text.FromTextView.as_view(model_admin=self)),
                name="articles_article_from_text",
            ),
            path(
                "<path:object_id>/preview/",
                wrap(previews.StaffPreviewView.as_view()),
                name="articles_article_preview",
            ),
            path(
                "<path:object_id>/share/",
                wrap(previews.ShareLinksView.as_view(model_admin=self)),
                name="articles_article_share",
            ),
            path(
                "<path:object_id>/withdraw/",
                wrap(WithdrawView.as_view(model_admin=self)),
                name="articles_article_withdraw",
            ),
            path(
                "<path:object_id>/history/compare/",
                wrap(revisions.CompareView.as_view(model_admin=self)),
                name="articles_article_compare",
            ),
            path(
                "<path:object_id>/history/<int:version_id>/restore/",
                wrap(revisions.RestoreView.as_view(model_admin=self)),
                name="articles_article_restore",
            ),
            *super().get_urls(),
        ]

    @admin.display(description="State")
    def state(self, obj):
        visibility = obj.visibility()
        label, css = (
            (visibility.capitalize(), visibility) if visibility else (obj.get_status_display(), obj.status)
        )
        return format_html('<span class="state state-{}">{}</span>', css, label)

    @admin.display(description="Publish time", ordering="publish_at")
    def publish_time(self, obj):
        if obj.publish_at is None:
            return f"planned {obj.planned_for:%b %d, %Y}" if obj.planned_for else "—"
        return timezone.localtime(obj.publish_at).strftime("%b %d, %Y %H:%M %Z")

    @admin.display(description="Byline")
    def byline_names(self, obj):
        return format_html_join(", ", "{}", ((b.author.name,) for b in obj.bylines.all()))
