"""Comparing two revisions of a story, and restoring one."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from reversion.models import Version

from articles import changes, revisions
from articles.workflow import can_edit

from .base import ArticleToolView


def story_versions(article):
    return (
        Version.objects.get_for_object(article)
        .select_related("revision__user")
        .order_by("-revision__date_created")
    )


class CompareForm(forms.Form):
    old = forms.IntegerField()
    new = forms.IntegerField()


class CompareView(ArticleToolView):
    """A readable, word-level diff between any two revisions of a story."""

    template_name = "admin/articles/article/compare.html"

    def get(self, request, *args, **kwargs):
        article = self.get_article()
        if not self.model_admin.has_view_or_change_permission(request, article):
            raise PermissionDenied
        form = CompareForm(request.GET)
        if not form.is_valid():
            raise Http404("Choose two revisions to compare.")
        versions = story_versions(article)
        old = get_object_or_404(versions, pk=form.cleaned_data["old"])
        new = get_object_or_404(versions, pk=form.cleaned_data["new"])
        if old.revision.date_created > new.revision.date_created:
            old, new = new, old
        context = self.get_context_data(
            article=article,
            old=old,
            new=new,
            rows=revisions.compare(old, new),
            can_restore=can_edit(request.user, article),
            title=f"Compare revisions of “{article}”",
        )
        return self.render_to_response(context)


class RestoreView(ArticleToolView):
    """Confirm, then bring a revision's words back as the current content, without publishing."""

    template_name = "admin/articles/article/restore.html"

    def dispatch(self, request, *args, **kwargs):
        self.article = self.get_article()
        if not can_edit(request.user, self.article) or not self.model_admin.has_change_permission(
            request, self.article
        ):
            raise PermissionDenied
        self.version = get_object_or_404(story_versions(self.article), pk=kwargs["version_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            article=self.article,
            version=self.version,
            rows=revisions.restore_changes(self.article, self.version),
            title=f"Restore a revision of “{self.article}”",
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        posted = request.POST.get("version", "")
        expected = int(posted) if posted.isdigit() else self.article.version
        try:
            changes.restore_revision(self.article, self.version, request.user, expected)
        except changes.EditConflict as conflict:
            messages.error(request, str(conflict))
            return redirect("admin:articles_article_restore", self.article.pk, self.version.pk)
        status = self.article.get_status_display().lower()
        messages.success(request, f"The revision was restored. “{self.article}” is still {status}.")
        return redirect("admin:articles_article_change", self.article.pk)
