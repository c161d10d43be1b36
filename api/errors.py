"""Errors as JSON, one shape for all: {"error": {"status", "code", "message", "fields"}}.

404 for anything not live (or not there: the API does not say which), 400 with each bad
parameter's problems, 401 for a token that does not work, never an HTML page.
"""

from django.http import Http404, JsonResponse
from ninja.errors import AuthenticationError, ValidationError

CODES = {
    400: "invalid",
    401: "unauthorized",
    404: "not_found",
}


class BadRequest(Exception):
    """A parameter the API cannot use: `fields` maps each one to its problems."""

    def __init__(self, fields):
        self.fields = fields
        super().__init__("Some parameters are not valid.")


def error_response(status, message, fields=None, **headers):
    body = {"error": {"status": status, "code": CODES[status], "message": message, "fields": fields or {}}}
    response = JsonResponse(body, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def not_found(request, exc):
    message = str(exc) if str(exc) else "Not found."
    return error_response(404, message)


def invalid(request, exc):
    return error_response(400, str(exc), exc.fields)


def invalid_parameters(request, exc):
    """Ninja's validation errors ({"loc": ["query", "limit"], "msg": …}) by parameter name."""
    fields = {}
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("query", "path", "filters")]
        fields.setdefault(".".join(location) or "request", []).append(error.get("msg", "Not valid."))
    return error_response(400, "Some parameters are not valid.", fields)


def unauthorized(request, exc):
    return error_response(
        401, "The token is not valid (wrong, expired or revoked).", WWW_Authenticate='Bearer realm="api"'
    )


HANDLERS = {
    Http404: not_found,
    BadRequest: invalid,
    ValidationError: invalid_parameters,
    AuthenticationError: unauthorized,
}


def unknown_address(request, rest=""):
    """Anything under /api/ no operation answers: 404, as JSON."""
    return error_response(404, "No such API address. The operations are listed at /api/v1/openapi.json.")
