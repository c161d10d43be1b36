"""Getting a post's pictures: from a copy of wp-content/uploads on disk, or over the web.

The export is untrusted input, so an address in it is fetched only with --fetch-media, only
over http(s), only from hosts whose every address is public (the webhooks' checks,
webhooks.addresses, reused; NEWSROOM_IMPORT_ALLOW_PRIVATE allows others), connecting to the
address checked, with bounded waits and at most NEWSROOM_IMAGE_MAX_BYTES read. Redirects are
followed a few times, each new address checked again.
"""

import http.client
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings

from webhooks import addresses
from webhooks.delivery import PinnedHTTPConnection, PinnedHTTPSConnection

TIMEOUT = 10
MAX_REDIRECTS = 3
USER_AGENT = "Newsroom-Import/1"


class MediaError(Exception):
    """The picture could not be had; the message says why, for the report."""


def from_media_dir(media_dir, url):
    """The bytes of the file `url` names, found by its path under wp-content/uploads/ in
    `media_dir` (never outside it)."""
    path = unquote(urlsplit(url).path)
    marker = "/wp-content/uploads/"
    relative = path.split(marker, 1)[1] if marker in path else path.lstrip("/")
    root = Path(media_dir).resolve()
    candidate = (root / relative).resolve()
    if not candidate.is_relative_to(root):
        raise MediaError("its path leads outside the media folder")
    if not candidate.is_file():
        raise MediaError(f"not found in the media folder ({relative})")
    if candidate.stat().st_size > settings.NEWSROOM_IMAGE_MAX_BYTES:
        raise MediaError("larger than the images we accept")
    return candidate.read_bytes()


def checked(url):
    """(scheme, host, port, address) to connect to for `url`, or MediaError."""
    try:
        scheme, host, port = addresses.target(url)
        found = addresses.resolve(host, port)
    except (addresses.AddressRefused, LookupError) as error:
        raise MediaError(str(error)) from None
    if not settings.NEWSROOM_IMPORT_ALLOW_PRIVATE:
        for address in found:
            reason = addresses.refusal(address)
            if reason:
                raise MediaError(
                    f"{host} is {reason}: pictures are only fetched from public addresses "
                    "(NEWSROOM_IMPORT_ALLOW_PRIVATE allows others)"
                )
    return scheme, host, port, found[0]


def fetch(url):
    """The bytes at `url`, fetched safely (see the module's docstring)."""
    limit = settings.NEWSROOM_IMAGE_MAX_BYTES
    for _ in range(MAX_REDIRECTS + 1):
        scheme, host, port, address = checked(url)
        parts = urlsplit(url)
        connection_class = PinnedHTTPSConnection if scheme == "https" else PinnedHTTPConnection
        connection = connection_class(host, port, address, TIMEOUT)
        try:
            target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            connection.request("GET", target, headers={"User-Agent": USER_AGENT, "Accept": "image/*"})
            response = connection.getresponse()
            if response.status in (301, 302, 303, 307, 308) and response.getheader("Location"):
                url = urljoin(url, response.getheader("Location"))
                continue
            if response.status != 200:
                raise MediaError(f"the server answered {response.status}")
            length = response.getheader("Content-Length")
            if length and length.isdigit() and int(length) > limit:
                raise MediaError("larger than the images we accept")
            content = response.read(limit + 1)
            if len(content) > limit:
                raise MediaError("larger than the images we accept")
            return content
        except (OSError, http.client.HTTPException) as error:
            raise MediaError(f"could not be fetched ({error.__class__.__name__}: {error})") from None
        finally:
            connection.close()
    raise MediaError("too many redirects")
