from django import template

from articles.models.addresses import page_address

register = template.Library()


@register.simple_tag
def address(viewname, slug=None):
    """{% url %} for the site's own pages, remembered: `{% address 'articles:tag' tag.slug %}`."""
    return page_address(viewname, slug)
