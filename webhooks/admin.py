"""Webhooks in the admin, for editors: endpoints (address, events, signing secret, a test event)
and the log of every delivery with its attempts (and redelivery)."""

import json

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import OuterRef, Subquery
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html

from articles.admin.base import NewsroomAdmin
from articles.workflow import short_local

from . import events
from .forms import EndpointForm
from .models import Attempt, Delivery, Endpoint, Event

# How many of an endpoint's deliveries its page lists (the log has them all).
RECENT_DELIVERIES = 10


class WebhooksAdmin(NewsroomAdmin):
    class Media:
        css = {"all": ["webhooks/admin.css"]}


@admin.register(Endpoint)
class EndpointAdmin(WebhooksAdmin):
    form = EndpointForm
    formfield_overrides = {models.URLField: {"widget": forms.URLInput(attrs={"class": "webhook-url"})}}
    list_display = ["name", "address", "event_list", "is_active", "last_delivery"]
    list_filter = ["is_active"]
    search_fields = ["name", "url"]
    readonly_fields = ["signing_secret", "created_at", "created_by"]
    actions = ["send_test_event"]
    change_form_template = "admin/webhooks/endpoint/change_form.html"

    def get_queryset(self, request):
        latest = Delivery.objects.filter(endpoint=OuterRef("pk")).order_by("-created_at")
        return (
            super()
            .get_queryset(request)
            .annotate(
                last_status=Subquery(latest.values("status")[:1]),
                last_delivery_at=Subquery(latest.values("created_at")[:1]),
            )
        )

    def get_fieldsets(self, request, obj=None):
        signing = ["signing_secret", "rotate_secret"] if obj else ["signing_secret"]
        return [
            (None, {"fields": ["name", "url", "events", "is_active"]}),
            ("Signing", {"fields": signing}),
            *([("Record", {"fields": ["created_at", "created_by"]})] if obj else []),
        ]

    @admin.display(description="address", ordering="url")
    def address(self, obj):
        return obj.url

    @admin.display(description="events")
    def event_list(self, obj):
        names = dict(Event.Name.choices)
        return ", ".join(value for value in obj.events if value in names) or "—"

    @admin.display(description="last delivery")
    def last_delivery(self, obj):
        if obj.last_status is None:
            return "—"
        return f"{Delivery.Status(obj.last_status).label}"

    @admin.display(description="signing secret")
    def signing_secret(self, obj):
        if obj is None or obj.pk is None:
            return "Made when you save the endpoint, and shown here then."
        return format_html(
            '<details class="webhook-secret"><summary>Show the secret</summary><code>{}</code></details>'
            '<div class="help">Put it in the receiver, to check the Newsroom-Signature header of '
            "every delivery (the README's Webhooks section shows how). Keep it secret.{}</div>",
            obj.secret,
            format_html(" The previous secret also signs until {}.", short_local(obj.previous_secret_until))
            if len(obj.signing_secrets()) > 1
            else "",
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        if change and form.cleaned_data.get("rotate_secret"):
            obj.rotate_secret()
            messages.warning(
                request,
                "A new signing secret was made: put it in the receiver. The old one signs too for 24 hours.",
            )
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        """Go on to the endpoint's page, where its new secret is shown, unless adding another."""
        if "_addanother" in request.POST or "_popup" in request.POST:
            return super().response_add(request, obj, post_url_continue)
        messages.success(request, f"“{obj}” was added. Copy its signing secret into the receiver.")
        return HttpResponseRedirect(reverse("admin:webhooks_endpoint_change", args=[obj.pk]))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        if object_id and object_id.isdigit():
            extra_context["recent_deliveries"] = (
                Delivery.objects.filter(endpoint_id=object_id)
                .select_related("event")
                .order_by("-created_at")[:RECENT_DELIVERIES]
            )
            extra_context["deliveries_url"] = (
                f"{reverse('admin:webhooks_delivery_changelist')}?endpoint__id__exact={object_id}"
            )
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(description="Send a test event", permissions=["change"])
    def send_test_event(self, request, queryset):
        for endpoint in queryset:
            events.send_test(endpoint)
        self.message_user(
            request,
            f"A test event is on its way to {queryset.count()} endpoint(s): see the deliveries' log.",
            messages.SUCCESS,
        )


class AttemptInline(admin.TabularInline):
    model = Attempt
    extra = 0
    can_delete = False
    fields = ["number", "started_at", "duration_ms", "status_code", "error", "response_excerpt"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class EventFilter(admin.SimpleListFilter):
    title = "event"
    parameter_name = "event"

    def lookups(self, request, model_admin):
        return Event.Name.choices

    def queryset(self, request, queryset):
        return queryset.filter(event__name=self.value()) if self.value() else queryset


@admin.register(Delivery)
class DeliveryAdmin(WebhooksAdmin):
    list_display = ["sent", "event_name", "about", "endpoint", "outcome"]
    list_display_links = ["sent"]
    list_filter = ["status", EventFilter, ("endpoint", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["endpoint", "event"]
    search_fields = ["endpoint__name", "event__subject"]
    fields = [
        "endpoint",
        "event_name",
        "about",
        "status",
        "attempt_count",
        "last_status_code",
        "last_error",
        "next_attempt_at",
        "created_at",
        "finished_at",
        "delivery_id",
        "payload",
    ]
    readonly_fields = fields
    inlines = [AttemptInline]
    actions = ["redeliver"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_redeliver_permission(self, request):
        return request.user.has_perm("webhooks.change_delivery")

    @admin.display(description="sent", ordering="created_at")
    def sent(self, obj):
        return short_local(obj.created_at)

    @admin.display(description="event", ordering="event__name")
    def event_name(self, obj):
        return obj.event.name

    @admin.display(description="status", ordering="status")
    def outcome(self, obj):
        """The status, with the receiver's last answer if it gave one: “Failed (410)”."""
        label = obj.get_status_display()
        return f"{label} ({obj.last_status_code})" if obj.last_status_code else label

    @admin.display(description="about")
    def about(self, obj):
        payload = obj.event.payload
        if "story" in payload:
            return payload["story"].get("headline", "")
        if "film" in payload:
            return payload["film"].get("title", "")
        return "—"

    @admin.display(description="delivery id (Newsroom-Delivery)")
    def delivery_id(self, obj):
        return str(obj.pk)

    @admin.display(description="payload")
    def payload(self, obj):
        return format_html(
            '<pre class="webhook-payload">{}</pre>',
            json.dumps(obj.event.payload, indent=2, ensure_ascii=False),
        )

    @admin.action(description="Redeliver", permissions=["redeliver"])
    def redeliver(self, request, queryset):
        deliveries = list(queryset.select_related("endpoint", "event"))
        for delivery in deliveries:
            events.redeliver(delivery)
        self.message_user(
            request, f"{len(deliveries)} event(s) sent again, each as a new delivery.", messages.SUCCESS
        )
