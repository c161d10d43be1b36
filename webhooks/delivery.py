"""One attempt at a delivery: a signed JSON POST to the endpoint, with the standard library.

The host is resolved and every address checked (webhooks.addresses), then the connection is
made to a checked address itself, with the endpoint's host name in the Host header and, over
https, in TLS's server name and certificate check: what the name resolves to afterwards cannot
change where the request goes. Redirects are never followed (the receiver must give its own
address), the wait for the receiver is bounded (NEWSROOM_WEBHOOKS_TIMEOUT, for connecting and
then for each read, within twice that in all), and at most MAX_RESPONSE bytes of its answer are
read.
"""

import http.client
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from . import addresses

MAX_RESPONSE = 64 * 1024
# What is kept of the receiver's answer, for the log.
EXCERPT = 1000
USER_AGENT = "Newsroom-Webhooks/1"


@dataclass
class Outcome:
    """What an attempt came to: the receiver's status (None if there was no answer), an error
    for the log, whether trying again may help, and how long it took."""

    status_code: int | None = None
    error: str = ""
    retry: bool = False
    duration_ms: int = 0
    excerpt: str = ""

    @property
    def delivered(self):
        return self.status_code is not None and 200 <= self.status_code < 300


class PinnedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection to `address`, speaking to it as `host`."""

    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self):
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class PinnedHTTPSConnection(http.client.HTTPSConnection):
    """An HTTPS connection to `address`, with `host` as TLS's server name and the name its
    certificate must have."""

    def __init__(self, host, port, address, timeout):
        self.tls = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self.tls)
        self.address = address

    def connect(self):
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self.tls.wrap_socket(sock, server_hostname=self.host)


def classify(status_code):
    """(error, retry) for a receiver's status: 2xx delivered; 429 and 5xx tried again; a redirect
    or another 4xx is the receiver's final word."""
    if 200 <= status_code < 300:
        return "", False
    if status_code == 429 or status_code >= 500:
        return f"The receiver answered {status_code}.", True
    if 300 <= status_code < 400:
        return f"The receiver answered {status_code}, a redirect: redirects are not followed.", False
    return f"The receiver answered {status_code}.", False


def post(url, content, headers):
    """POST `content` (bytes) to `url` with `headers`; returns an Outcome, never raises for what
    the network or the receiver did."""
    started = time.monotonic()
    outcome = attempt(url, content, headers, started)
    outcome.duration_ms = round((time.monotonic() - started) * 1000)
    return outcome


def attempt(url, content, headers, started):
    timeout = settings.NEWSROOM_WEBHOOKS_TIMEOUT
    try:
        scheme, host, port, found = addresses.checked_addresses(url)
    except addresses.AddressRefused as refused:
        return Outcome(error=str(refused))
    except LookupError as missing:
        # The name may be back soon (a DNS hiccup, a receiver being set up).
        return Outcome(error=str(missing), retry=True)
    connection_class = PinnedHTTPSConnection if scheme == "https" else PinnedHTTPConnection
    failures = []
    for address in found:
        connection = connection_class(host, port, address, timeout)
        try:
            try:
                connection.connect()
            except OSError as error:
                # Not reached: the next address may be.
                failures.append(f"{address}: {describe(error)}")
                continue
            try:
                connection.request("POST", request_target(url), body=content, headers=headers)
                response = connection.getresponse()
                answer = read_capped(response, started + 2 * timeout)
            except (OSError, http.client.HTTPException) as error:
                return Outcome(error=f"{address}: {describe(error)}", retry=True)
        finally:
            connection.close()
        error, retry = classify(response.status)
        return Outcome(
            status_code=response.status,
            error=error,
            retry=retry,
            excerpt=answer[:EXCERPT].decode("utf-8", "replace"),
        )
    return Outcome(error="; ".join(failures)[:500], retry=True)


def request_target(url):
    """The path and query of `url` ("/" if it has none), as the request line names them."""
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def read_capped(response, deadline):
    """At most MAX_RESPONSE bytes of the answer, read before `deadline` (monotonic seconds)."""
    chunks, size = [], 0
    while size < MAX_RESPONSE:
        if time.monotonic() > deadline:
            raise TimeoutError("the receiver took too long to answer")
        chunk = response.read1(min(16 * 1024, MAX_RESPONSE - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def describe(error):
    if isinstance(error, TimeoutError | socket.timeout):
        return "no answer in time"
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, ssl.SSLError | ssl.CertificateError):
        return f"TLS failed ({error})"
    return str(error) or type(error).__name__
