"""What both serving entry points (wsgi.py, asgi.py) check before they answer a request."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def refuse_without_secret_key():
    """With DEBUG off, the site does not start without DJANGO_SECRET_KEY."""
    if settings.SECRET_KEY_MISSING:
        raise ImproperlyConfigured(settings.MISSING_SECRET_KEY)
