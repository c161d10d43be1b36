"""Admin login lockout: after repeated failures, the same account or address must wait.

Django-native on purpose: a form and the shared cache, with no extra models or
middleware. The counters live in the cache (Redis in production), so every app
process sees the same failures.
"""

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError

LOCKOUT_MESSAGE = "Too many failed sign-in attempts. Please wait {minutes} minutes and try again."


def client_address(request):
    return request.META.get("REMOTE_ADDR", "unknown") if request else "unknown"


def failure_keys(request, username):
    return [
        f"newsroom:login-failures:user:{(username or '').strip().lower()}",
        f"newsroom:login-failures:ip:{client_address(request)}",
    ]


class LockoutAdminAuthenticationForm(AdminAuthenticationForm):
    def clean(self):
        username = self.data.get("username", "")
        keys = failure_keys(self.request, username)
        limit, window = settings.NEWSROOM_LOGIN_ATTEMPTS, settings.NEWSROOM_LOGIN_LOCKOUT_SECONDS
        counts = cache.get_many(keys)
        if any(count >= limit for count in counts.values()):
            raise ValidationError(LOCKOUT_MESSAGE.format(minutes=window // 60), code="locked_out")
        try:
            return super().clean()
        except ValidationError:
            for key in keys:
                cache.add(key, 0, timeout=window)
                try:
                    cache.incr(key)
                except ValueError:
                    cache.set(key, 1, timeout=window)
            raise
