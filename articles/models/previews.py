import secrets

from django.conf import settings
from django.core import signing
from django.db import models
from django.urls import reverse
from django.utils import timezone

# Share links' tokens are signed with this salt, so no other signed value can pass for one.
SIGNER_SALT = "articles.preview-link"


def new_preview_token():
    return secrets.token_urlsafe(24)


class PreviewLinkQuerySet(models.QuerySet):
    def usable(self, at=None):
        now = timezone.now() if at is None else at
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)

    def by_signed_token(self, signed):
        """The link whose signed token is `signed` (see PreviewLink.get_absolute_url), or None
        for anything that is not one, forged or unknown."""
        try:
            token = signing.Signer(salt=SIGNER_SALT).unsign(signed)
        except signing.BadSignature:
            return None
        return self.filter(token=token).first()


class PreviewLink(models.Model):
    """A share link that shows one unpublished story to someone outside the newsroom."""

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="preview_links")
    token = models.CharField(max_length=64, unique=True, default=new_preview_token, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Preview of “{self.article}” until {timezone.localtime(self.expires_at):%b %d %H:%M}"

    def get_absolute_url(self):
        """The link's shareable address: its token, signed."""
        signed = signing.Signer(salt=SIGNER_SALT).sign(self.token)
        return reverse("articles:shared_preview", kwargs={"signed": signed})

    def is_usable(self, at=None):
        now = timezone.now() if at is None else at
        return self.revoked_at is None and self.expires_at > now
