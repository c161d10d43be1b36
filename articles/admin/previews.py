"""Staff previews of any story, and signed share links for unpublished ones."""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone

from articles.models import PreviewLink
from articles.views import PreviewView
from articles.workflow import can_preview, can_publish
from newsroom.site import absolute_url

from .base import ArticleToolView, NewsroomAdmin

SHARE_DAYS_DEFAULT = 7


class StaffPreviewView(PreviewView):
    """Any story its editor (or its writer) may see, exactly as readers will."""

    preview_label = "Staff preview"

    def get_object(self, queryset=None):
        object_id = self.kwargs["object_id"]
        if not object_id.isdigit():
            raise Http404("No such story.")
        article = get_object_or_404(self.get_queryset(), pk=object_id)
        if not can_preview(self.request.user, article):
            raise PermissionDenied
        return article


class ShareForm(forms.Form):
    days = forms.IntegerField(
        label="Valid for (days)",
        min_value=1,
        max_value=30,
        initial=SHARE_DAYS_DEFAULT,
        help_text="1 to 30 days.",
    )


class ShareLinksView(ArticleToolView):
    """Editors create and revoke share links for an unpublished story."""

    template_name = "admin/articles/article/share.html"

    def dispatch(self, request, *args, **kwargs):
        if not can_publish(request.user):
            raise PermissionDenied
        self.article = self.get_article()
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        links = [
            {"link": link, "url": absolute_url(self.request, link.get_absolute_url())}
            for link in self.article.preview_links.select_related("created_by")
        ]
        kwargs.setdefault("form", ShareForm())
        return super().get_context_data(article=self.article, links=links, title="Share links", **kwargs)

    def post(self, request, *args, **kwargs):
        if "revoke" in request.POST:
            revoked = self.article.preview_links.filter(
                pk=request.POST.get("revoke"), revoked_at__isnull=True
            )
            if revoked.update(revoked_at=timezone.now()):
                messages.success(request, "The link was revoked: it no longer opens the story.")
            return redirect("admin:articles_article_share", self.article.pk)
        form = ShareForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        if self.article.is_live():
            messages.info(request, "This story is live: share its public address instead.")
            return redirect("admin:articles_article_share", self.article.pk)
        link = PreviewLink.objects.create(
            article=self.article,
            created_by=request.user,
            expires_at=timezone.now() + timedelta(days=form.cleaned_data["days"]),
        )
        messages.success(request, f"Share link created: {absolute_url(request, link.get_absolute_url())}")
        return redirect("admin:articles_article_share", self.article.pk)


@admin.register(PreviewLink)
class PreviewLinkAdmin(NewsroomAdmin):
    """Share links are made from a story's "Share links" page; here they can be found and revoked."""

    list_display = ["article", "created_by", "created_at", "expires_at", "status"]
    list_select_related = ["article", "created_by"]
    search_fields = ["article__headline"]
    readonly_fields = ["article", "created_by", "created_at", "expires_at", "revoked_at"]
    fields = readonly_fields
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="Status")
    def status(self, obj):
        if obj.revoked_at:
            return "Revoked"
        return "Active" if obj.is_usable() else "Expired"

    @admin.action(description="Revoke selected links", permissions=["change"])
    def revoke(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, f"{count} preview link(s) revoked.")
