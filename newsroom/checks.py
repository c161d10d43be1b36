"""Deploy checks of our own: `manage.py check --deploy` says what the site would refuse."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def secret_key_set(app_configs, **kwargs):
    if settings.SECRET_KEY_MISSING:
        return [Error(settings.MISSING_SECRET_KEY, id="newsroom.E001")]
    return []
