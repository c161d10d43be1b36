"""The admin endpoints that keep and discard an editor's draft copy (wrapped by the admin site:
staff only, CSRF-checked). Permissions are the story form's own: a user who may not edit a
story may not keep a copy of it either."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.views import View

from articles.models import Article
from articles.workflow import can_edit

from . import copies


class DraftCopyView(View):
    """Base: the story named in the address (none for a new story), if the user may edit it."""

    http_method_names = ["post"]
    model_admin = None

    def dispatch(self, request, object_id=None):
        user = request.user
        if object_id is None:
            if not self.model_admin.has_add_permission(request):
                raise PermissionDenied
            self.article = None
        else:
            if not object_id.isdigit():
                raise Http404("No such story.")
            self.article = Article.objects.select_related("updated_by").filter(pk=object_id).first()
            if self.article is None:
                raise Http404("No such story.")
            if not can_edit(user, self.article) or not self.model_admin.has_change_permission(
                request, self.article
            ):
                raise PermissionDenied
        return super().dispatch(request)


class AutosaveView(DraftCopyView):
    """Keep what the editor has typed as their copy; say if someone saved the story meanwhile."""

    def post(self, request):
        fields = copies.posted_fields(request.POST)
        if not fields:
            return JsonResponse({"error": "Nothing to keep."}, status=400)
        posted = request.POST.get("edit_version", "")
        base_version = int(posted) if posted.isdigit() else getattr(self.article, "version", None)
        if (
            self.article is not None
            and copies.saved_values(self.article)
            == {
                **copies.saved_values(self.article),
                **fields,
            }
            and base_version == self.article.version
        ):
            # The form holds exactly the saved story (a save just went through): nothing to keep.
            copies.discard(request.user, self.article)
            return JsonResponse({"saved": False, "stale": ""})
        copy = copies.store(request.user, self.article, fields, base_version)
        return JsonResponse(
            {
                "saved": True,
                "saved_at": copy.saved_at.isoformat(),
                "time": copies.local_time(copy.saved_at),
                "stale": copies.saved_by_someone_else(self.article, base_version),
            }
        )


class DiscardView(DraftCopyView):
    """Throw the editor's copy away and go back to the form."""

    def post(self, request):
        copies.discard(request.user, self.article)
        if request.headers.get("Accept", "").startswith("application/json"):
            return JsonResponse({"discarded": True})
        messages.info(request, "Your unsaved changes were discarded.")
        if self.article is None:
            return redirect("admin:articles_article_add")
        return redirect("admin:articles_article_change", self.article.pk)
