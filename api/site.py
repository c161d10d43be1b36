"""The API itself: its operations gathered under /api/v1/, its errors, its documentation.

`/api/v1/openapi.json` is the OpenAPI 3.1 schema; `/api/v1/docs` shows it with Swagger UI
served from our own static files (django-ninja ships them), so the docs work offline and under
the site's Content Security Policy.
"""

from ninja import NinjaAPI

from . import errors, films, stories, subjects
from .auth import PreviewToken

DESCRIPTION = """
The newsroom as data: live stories with their bylines, films, sources and links; films with
their credits and release dates; people, sources, authors and tags, each with their stories.

**Read-only.** Every story here is live on the site, as readers see it. Lists come a page at a
time, newest first (subjects A to Z, release dates by date): follow `next` (or pass
`next_cursor` as `cursor`), up to `limit` (at most 100) a page.

**Caching.** Answers carry `ETag` and `Last-Modified` (send `If-None-Match` for a 304), and a
`Cache-Control` that never outlives the next scheduled change on the site, like its pages.

**Previews.** Staff make preview tokens in the admin (API tokens). With
`Authorization: Bearer <token>`, a story by id or slug may be one not yet live that the token's
owner could preview; such answers are never cached (`no-store`) and say `noindex`. A wrong,
expired or revoked token gets 401.

**Errors** are JSON: `{"error": {"status", "code", "message", "fields"}}`.
"""


class NewsroomAPI(NinjaAPI):
    def create_response(self, request, data, *args, **kwargs):
        response = super().create_response(request, data, *args, **kwargs)
        access = getattr(request, "auth", None)
        if access is not None and access.previews:
            # What a token reads may be unpublished: for its reader only, kept by no one.
            response["Cache-Control"] = "private, no-store"
            response["X-Robots-Tag"] = "noindex"
        return response

    def get_openapi_schema(self, *args, **kwargs):
        """The schema, with the bearer token optional (`{}` among each operation's choices):
        anyone may read live stories."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                if operation.get("security"):
                    operation["security"] = [{}, *operation["security"]]
        return schema


api = NewsroomAPI(
    title="Newsroom API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=[PreviewToken()],
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("", stories.router)
api.add_router("", films.router)
api.add_router("", subjects.router)
for exception, handler in errors.HANDLERS.items():
    api.add_exception_handler(exception, handler)
