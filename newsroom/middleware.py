"""Request ids, and a polite 503 while the database is unreachable."""

import logging
import re
import sqlite3
import uuid

from django.db import InterfaceError, OperationalError
from django.shortcuts import render

from .logs import request_id

log = logging.getLogger("newsroom")
# A request id from the proxy is kept if it looks like one; anything else is replaced.
ACCEPTED_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
RETRY_AFTER_SECONDS = 30
# PostgreSQL's classes of error that say the database cannot serve just now, not that the
# request went wrong: connection exceptions, insufficient resources (too many connections, a
# full disk), operator intervention (a shutdown, a statement timeout) and transaction
# rollbacks (a deadlock). Its other operational errors, a program limit say, are bugs to see.
PASSING_ERROR_CLASSES = ("08", "53", "57", "40")
# SQLite's primary result codes that say the same: the file is busy or locked by another
# writer, cannot be opened or read, or the disk is full. Others (too many tables in a join, a
# malformed query) are bugs, answered and logged as errors like any other.
PASSING_SQLITE_CODES = {
    sqlite3.SQLITE_BUSY,
    sqlite3.SQLITE_LOCKED,
    sqlite3.SQLITE_IOERR,
    sqlite3.SQLITE_FULL,
    sqlite3.SQLITE_CANTOPEN,
}


class RequestIdMiddleware:
    """Tags each request (and its log lines) with an id, echoed as X-Request-ID."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        current = incoming if ACCEPTED_ID.match(incoming) else uuid.uuid4().hex
        token = request_id.set(current)
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(token)
        response["X-Request-ID"] = current
        return response


class DatabaseUnavailableMiddleware:
    """When the database cannot be reached, answer 503 with Retry-After instead of an error page.

    Django's connection health checks open a fresh connection on the next request,
    so the site recovers by itself when the database comes back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not unavailable(exception):
            return None
        log.error("Database unavailable: %s", exception.__class__.__name__, extra={"request": request})
        response = render(request, "503.html", status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response


def unavailable(exception):
    """Whether `exception` says the database cannot be reached or cannot serve for now: by
    PostgreSQL's SQLSTATE, or SQLite's result code. Errors raised before the server answered (a
    refused connection) carry no SQLSTATE."""
    if not isinstance(exception, (OperationalError, InterfaceError)):
        return False
    if isinstance(exception.__cause__, sqlite3.Error):
        # The extended code's low byte is the primary one (SQLITE_IOERR_READ is an SQLITE_IOERR).
        # Errors the sqlite3 module raises itself (a closed connection) have no code.
        code = getattr(exception.__cause__, "sqlite_errorcode", None)
        return code is not None and (code & 0xFF) in PASSING_SQLITE_CODES
    state = getattr(exception.__cause__, "sqlstate", None)
    return state is None or state[:2] in PASSING_ERROR_CLASSES
