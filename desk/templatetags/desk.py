"""The desk's pieces of admin pages: the notices bell and a story's editorial notes panel."""

from django import template
from django.middleware.csrf import get_token

from articles.workflow import can_publish

from .. import notes, notices
from ..forms import NoteForm

register = template.Library()


@register.inclusion_tag("desk/bell.html", takes_context=True)
def notice_bell(context):
    """The bell with my unread notices' count (kept in the cache), for staff signed in."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_active or not user.is_staff:
        return {"show": False}
    return {"show": True, "unread": notices.unread_count(user)}


@register.inclusion_tag("desk/notes_panel.html", takes_context=True)
def notes_panel(context, article):
    """A story's editorial notes, for those who may read them (nothing for anyone else)."""
    request = context["request"]
    if article is None or article.pk is None or not notes.can_read(request.user, article):
        return {"show": False}
    threads = notes.threads(article)
    for thread in threads:
        thread.may_resolve = thread.author_id == request.user.pk or can_publish(request.user)
    return {
        "show": True,
        "article": article,
        "threads": threads,
        "open_count": sum(not thread.is_resolved for thread in threads),
        "form": NoteForm(article=article, auto_id="id_desk_%s"),
        "csrf_token": get_token(request),
    }


@register.inclusion_tag("desk/notes_link.html", takes_context=True)
def notes_link(context, article):
    """A pointer from the top of the story form to its notes panel, with the open threads' count."""
    request = context["request"]
    if not notes.can_read(request.user, article):
        return {"show": False}
    return {"show": True, "open_count": notes.open_threads(article).count()}
