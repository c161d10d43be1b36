"""The desk's admin pages: my notices (mark as read), my notice preferences, and the editorial
notes' actions (add, reply, resolve, reopen), each drawn inside the admin's frame and wrapped by
the admin site's own login and staff check (desk/urls.py)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django.views.generic import FormView, ListView, View

from articles.models import Article

from . import notes, notices
from .forms import NoteForm, PreferenceForm
from .models import EditorialNote, Notice, NoticePreference


class AdminPageMixin:
    """Context every admin page needs (the site header, the user tools, the bell)."""

    title = ""

    def get_context_data(self, **kwargs):
        return {
            **admin.site.each_context(self.request),
            "title": self.title,
            **super().get_context_data(**kwargs),
        }


class NoticeListView(AdminPageMixin, ListView):
    """My notices, newest first; unread ones marked."""

    template_name = "desk/notice_list.html"
    title = "Notices"
    paginate_by = 50

    def get_queryset(self):
        mine = Notice.objects.filter(recipient=self.request.user)
        if self.request.GET.get("show") == "unread":
            mine = mine.filter(read_at__isnull=True)
        return mine.select_related("actor", "article")

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "showing_unread": self.request.GET.get("show") == "unread",
            "unread_count": notices.unread_count(self.request.user),
        }


def back_to(request, default):
    """Where a POST asked to go back to (`next`), if it is one of ours; else `default`."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(target)
    return redirect(default)


@require_POST
def mark_read(request, pk):
    """Mark one of my notices read (someone else's is not found)."""
    updated = Notice.objects.filter(pk=pk, recipient=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if not updated and not Notice.objects.filter(pk=pk, recipient=request.user).exists():
        raise Http404("No such notice.")
    notices.forget_unread([request.user.pk])
    return back_to(request, "desk:notices")


@require_POST
def mark_all_read(request):
    count = Notice.objects.filter(recipient=request.user, read_at__isnull=True).update(read_at=timezone.now())
    notices.forget_unread([request.user.pk])
    messages.success(request, f"Marked {count} notice{'s' if count != 1 else ''} as read.")
    return back_to(request, "desk:notices")


class PreferenceView(AdminPageMixin, FormView):
    """Turn notice emails on or off, for myself."""

    template_name = "desk/preferences.html"
    form_class = PreferenceForm
    title = "Notice preferences"

    def get_form_kwargs(self):
        preference = NoticePreference.objects.filter(user=self.request.user).first()
        return {
            **super().get_form_kwargs(),
            "instance": preference or NoticePreference(user=self.request.user),
        }

    def form_valid(self, form):
        form.save()
        messages.success(
            self.request,
            "You will receive your notices by email."
            if form.instance.email
            else "Your notices will no longer be emailed; they still appear under the bell.",
        )
        return redirect("desk:preferences")


class NoteActionView(View):
    """A POST on a story's editorial notes, by someone who may see the story (else 403)."""

    http_method_names = ["post"]

    def story(self, story_id):
        article = get_object_or_404(Article, pk=story_id)
        if not notes.can_read(self.request.user, article):
            raise PermissionDenied
        return article

    def back(self, article, anchor=""):
        url = reverse("admin:articles_article_change", args=[article.pk])
        return HttpResponseRedirect(f"{url}#{anchor or 'editorial-notes'}")


class AddNoteView(NoteActionView):
    """Start a thread on a story, or reply to one of its threads (`thread`)."""

    def post(self, request, story_id):
        article = self.story(story_id)
        form = NoteForm(request.POST, article=article)
        if not form.is_valid():
            for error in form.errors.values():
                messages.error(request, f"Your note was not added: {' '.join(error)}")
            return self.back(article)
        note = notes.add_note(
            article, request.user, form.cleaned_data["text"], thread=form.cleaned_data["thread"]
        )
        messages.success(request, "Your note was added.")
        unseen = notes.mentioned_without_access(note)
        if unseen:
            messages.warning(
                request,
                f"Not notified (they cannot open this story): {', '.join('@' + name for name in unseen)}.",
            )
        return self.back(article, f"note-{note.pk}")


class ResolveNoteView(NoteActionView):
    """Resolve a thread (its author or an editor), or reopen it (`reopen`)."""

    def post(self, request, note_id):
        note = get_object_or_404(
            EditorialNote.objects.select_related("article"), pk=note_id, thread__isnull=True
        )
        article = self.story(note.article_id)
        if not notes.can_resolve(request.user, note):
            raise PermissionDenied
        notes.set_resolved(note, request.user, resolved="reopen" not in request.POST)
        return self.back(article, f"note-{note.pk}")
