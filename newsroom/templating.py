"""The public pages' template engine: Jinja2, with the helpers and the filter their templates use.

The public pages (templates/public/) are rendered with Jinja2, which compiles a template to
Python once; Django's engine walks its node tree on every render and resolves each variable
through its lookup rules, which was about a third of a story page's time. The admin keeps
Django's engine (templates/admin/).
"""

from django.template.defaultfilters import linebreaksbr
from django.utils import timezone
from jinja2 import ChainableUndefined, Environment

from articles.markup.json_ld import json_ld
from articles.markup.pictures import picture
from articles.markup.release_dates import release_dates
from articles.markup.storylines import byline, moment
from articles.models.addresses import page_address, static_address


def environment(**options):
    # A missing value renders as nothing, and so does any attribute of it, as in Django's
    # templates (Django's backend would print "{{ name }}" for it when DEBUG is on).
    options["undefined"] = ChainableUndefined
    env = Environment(**options)
    env.globals.update(
        address=page_address,
        byline=byline,
        json_ld=json_ld,
        localtime=timezone.localtime,
        moment=moment,
        picture=picture,
        release_dates=release_dates,
        static=static_address,
        today=timezone.localdate,
    )
    env.filters["linebreaksbr"] = linebreaksbr
    return env
