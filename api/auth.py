"""Who is reading: anyone (live stories only), or a staff preview token.

A request without an `Authorization` header reads what readers see. One with
`Authorization: Bearer <token>` must carry a usable token (api.models.ApiToken), or it is
refused with 401, the same answer for a token that is wrong, expired or revoked, or whose
owner's account is disabled. Tokens only read: the API has no writes.
"""

from dataclasses import dataclass

from django.utils import timezone
from ninja.errors import AuthenticationError
from ninja.security.http import HttpAuthBase

from articles.workflow import can_preview

from .models import ApiToken, digest_of


@dataclass(frozen=True)
class Access:
    """What a request may read: `token` (an ApiToken) lets it read what the token's owner could
    preview; without one, only live stories."""

    token: ApiToken | None = None

    def __bool__(self):
        # Ninja takes a falsy answer for "not authenticated"; an anonymous reader is allowed.
        return True

    @property
    def previews(self):
        return self.token is not None

    def may_preview(self, story):
        return self.token is not None and can_preview(self.token.user, story)


class PreviewToken(HttpAuthBase):
    """A bearer token for previews (optional: see the module's docstring)."""

    openapi_scheme = "bearer"

    def __call__(self, request):
        header = request.headers.get("Authorization")
        if header is None:
            return Access()
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthenticationError()
        found = (
            ApiToken.objects.usable().select_related("user").filter(digest=digest_of(token.strip())).first()
        )
        if found is None:
            raise AuthenticationError()
        found.record_use(timezone.now())
        return Access(token=found)
