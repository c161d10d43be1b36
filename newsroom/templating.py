"""The public pages' template engine: Jinja2, with the few helpers their templates call.

The public pages (templates/public/) are rendered with Jinja2, whose templates compile to
Python once; their HTML pieces are macros under templates/public/articles/includes/. The admin
keeps Django's engine (templates/admin/).
"""

from django.template.defaultfilters import linebreaksbr
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from jinja2 import ChainableUndefined, Environment

from articles.models.reviews import rated
from articles.text import without_control_characters


def url(viewname, **kwargs):
    """The address of the named view: url("articles:tag", slug=tag.slug)."""
    return reverse(viewname, kwargs=kwargs or None)


def environment(**options):
    # A missing value renders as nothing, and so does any attribute of it, as in Django's
    # templates (Django's backend would print "{{ name }}" for it when DEBUG is on).
    options["undefined"] = ChainableUndefined
    env = Environment(**options)
    env.globals.update(
        localtime=timezone.localtime,
        rated=rated,
        static=static,
        today=timezone.localdate,
        url=url,
    )
    env.filters.update(
        date=format_date, linebreaksbr=linebreaksbr, without_control_characters=without_control_characters
    )
    # JSON-LD keeps the editors' order of keys and their characters (tojson still escapes <, >,
    # & and ' so no text can close its script block).
    env.policies["json.dumps_kwargs"] = {"sort_keys": False, "ensure_ascii": False}
    return env
