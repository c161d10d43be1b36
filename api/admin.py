from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Editors' API tokens: each made for its maker, shown once, revocable. Editors see their
    own; superusers everyone's."""

    list_display = [
        "name",
        "prefix_shown",
        "user",
        "scope",
        "created_at",
        "expires_at",
        "last_used_at",
        "state",
    ]
    list_filter = ["scope"]
    search_fields = ["name", "prefix"]
    actions = ["revoke"]
    fields = ["name", "scope", "expires_at"]

    def get_queryset(self, request):
        tokens = super().get_queryset(request).select_related("user")
        return tokens if request.user.is_superuser else tokens.filter(user=request.user)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["name", "scope", "user", "prefix_shown", "created_at", "expires_at", "last_used_at", "state"]

    def get_fields(self, request, obj=None):
        return self.fields if obj is None else self.get_readonly_fields(request, obj)

    @admin.display(description="Token")
    def prefix_shown(self, token):
        return f"{token.prefix}…"

    @admin.display(description="State")
    def state(self, token):
        return token.state

    def save_model(self, request, obj, form, change):
        if not change:
            obj.user = request.user
            # Read by response_add, the only page that shows it.
            obj.shown_once = obj.issue()
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "token": obj,
            "secret": obj.shown_once,
            "title": "Your new API token",
        }
        response = TemplateResponse(request, "admin/api/apitoken/created.html", context)
        add_never_cache_headers(response)
        return response

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, f"{count} token{'s' if count != 1 else ''} revoked.", messages.SUCCESS)
