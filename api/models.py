import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

# Tokens start with this, so one pasted in the wrong place is recognisable (and greppable).
TOKEN_PREFIX = "nrp_"
# How long a token lives unless the editor chooses otherwise.
DEFAULT_LIFETIME = timedelta(days=30)
# Tokens' last use is written at most this often, not on every request.
LAST_USED_EVERY = timedelta(minutes=1)


def digest_of(token):
    """The stored form of a token. A token is 256 random bits, so a plain SHA-256 is enough: no
    dictionary can guess one, and the lookup by digest stays an index seek."""
    return hashlib.sha256(token.encode()).hexdigest()


def default_expiry():
    return timezone.now() + DEFAULT_LIFETIME


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, at=None):
        now = timezone.now() if at is None else at
        return self.filter(revoked_at__isnull=True, expires_at__gt=now, user__is_active=True)


class ApiToken(models.Model):
    """A staff member's key to the read API: with it, a request may read the unpublished
    stories its owner could preview (a headless front end's previews). Only its digest is
    stored; the token itself is shown once, when it is made."""

    class Scope(models.TextChoices):
        PREVIEW = "preview", "Read-only preview"

    name = models.CharField(max_length=100, help_text="What it is for, e.g. “Next.js preview on staging”.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        help_text="The token reads what this person could preview, no more.",
    )
    scope = models.CharField(max_length=20, choices=Scope, default=Scope.PREVIEW)
    prefix = models.CharField(
        max_length=16, editable=False, help_text="The token's first characters, to tell tokens apart."
    )
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=default_expiry, help_text="The token stops working then.")
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API token"

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def issue(self):
        """Give the token a new secret and return it: the only time it can be read."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        self.prefix = token[: len(TOKEN_PREFIX) + 6]
        self.digest = digest_of(token)
        return token

    def is_usable(self, at=None):
        now = timezone.now() if at is None else at
        return self.revoked_at is None and self.expires_at > now and self.user.is_active

    @property
    def state(self):
        if self.revoked_at:
            return "revoked"
        return "active" if self.expires_at > timezone.now() else "expired"

    def record_use(self, now):
        """Note the token was used now, with one UPDATE at most every LAST_USED_EVERY."""
        if self.last_used_at is None or now - self.last_used_at > LAST_USED_EVERY:
            ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now
