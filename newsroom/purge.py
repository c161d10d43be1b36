"""Telling the caches in front of the app what changed: Varnish by xkey, and CDNs by key.

When a change drops keys from the app's page cache (newsroom.dependencies.drop), the same keys
go to every purger configured here: the shipped Varnish (deploy/varnish.vcl) through a PURGE
request with an `xkey` header, Fastly through its surrogate-key purge, Cloudflare through its
purge by cache-tag, CloudFront through an invalidation of the paths served with the keys.
Purges never hold up the request that saved: keys are queued, and a thread
of the process sends them in batches a moment later, retrying with back-off. One that still
cannot be delivered is logged, counted in /readyz's "purges" detail, and leaves its pages to
their schedule-bounded lifetime (at most NEWSROOM_CACHE_SECONDS).

Settings (from the environment): NEWSROOM_VARNISH_URLS (comma-separated, e.g.
http://127.0.0.1:6081), NEWSROOM_FASTLY_SERVICE_ID with NEWSROOM_FASTLY_API_TOKEN,
NEWSROOM_CLOUDFLARE_ZONE_ID with NEWSROOM_CLOUDFLARE_API_TOKEN, and
NEWSROOM_CLOUDFRONT_DISTRIBUTION_ID with NEWSROOM_CLOUDFRONT_ACCESS_KEY_ID and
NEWSROOM_CLOUDFRONT_SECRET_ACCESS_KEY (CloudFront invalidates paths: see paths_of).
"""

import atexit
import hashlib
import hmac
import json
import logging
import threading
import time
import uuid
from datetime import UTC, datetime
from urllib.parse import quote, urlsplit
from urllib.request import Request, urlopen
from xml.sax.saxutils import escape

from django.conf import settings
from django.core.cache import cache

log = logging.getLogger("newsroom.purge")

# Keys arriving within this long go out together.
BATCH_SECONDS = 0.05
# The waits between a failed attempt and the next; then the purge is given up.
RETRY_DELAYS = (0.2, 1, 3)
TIMEOUT_SECONDS = 5


def send(request):
    with urlopen(request, timeout=TIMEOUT_SECONDS) as response:
        response.read()


def batches(keys, size):
    """`keys` (a list) in lists of at most `size`, as a service takes them in one request."""
    return [keys[start : start + size] for start in range(0, len(keys), size)]


class Varnish:
    """PURGE with the keys in `xkey` (deploy/varnish.vcl purges every object tagged with one)."""

    def __init__(self, url):
        self.url = url.rstrip("/")

    def __str__(self):
        return f"Varnish at {self.url}"

    def requests(self, keys):
        yield Request(self.url + "/", method="PURGE", headers={"xkey": " ".join(keys)})


class Fastly:
    """Fastly's purge of many surrogate keys in one request (up to 256 keys)."""

    def __init__(self, service_id, token, api_url):
        self.service_id, self.token, self.api_url = service_id, token, api_url.rstrip("/")

    def __str__(self):
        return f"Fastly service {self.service_id}"

    def requests(self, keys):
        for batch in batches(keys, 256):
            yield Request(
                f"{self.api_url}/service/{self.service_id}/purge",
                method="POST",
                headers={"Fastly-Key": self.token, "Surrogate-Key": " ".join(batch)},
            )


class Cloudflare:
    """Cloudflare's purge by cache-tag (up to 30 tags in one request)."""

    def __init__(self, zone_id, token, api_url):
        self.zone_id, self.token, self.api_url = zone_id, token, api_url.rstrip("/")

    def __str__(self):
        return f"Cloudflare zone {self.zone_id}"

    def requests(self, keys):
        for batch in batches(keys, 30):
            yield Request(
                f"{self.api_url}/zones/{self.zone_id}/purge_cache",
                method="POST",
                data=json.dumps({"tags": batch}).encode(),
                headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
            )


class CloudFront:
    """CloudFront's invalidation of paths, signed with AWS Signature Version 4. CloudFront knows
    no keys: the paths are those the app served with a key (`paths_of`), or "/*" for all or
    too many."""

    REGION, SERVICE = "us-east-1", "cloudfront"

    def __init__(self, distribution_id, access_key_id, secret_access_key, api_url):
        self.distribution_id, self.api_url = distribution_id, api_url.rstrip("/")
        self.access_key_id, self.secret_access_key = access_key_id, secret_access_key

    def __str__(self):
        return f"CloudFront distribution {self.distribution_id}"

    def requests(self, keys):
        paths = paths_of(keys)
        if not paths:
            return
        items = "".join(f"<Path>{escape(path)}</Path>" for path in paths)
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<InvalidationBatch xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">'
            f"<Paths><Quantity>{len(paths)}</Quantity><Items>{items}</Items></Paths>"
            f"<CallerReference>newsroom-{uuid.uuid4().hex}</CallerReference></InvalidationBatch>"
        ).encode()
        url = f"{self.api_url}/2020-05-31/distribution/{self.distribution_id}/invalidation"
        yield Request(url, method="POST", data=body, headers=self.signed_headers("POST", url, body))

    def signed_headers(self, method, url, body, now=None):
        """The headers of an AWS Signature Version 4 signed request (host, x-amz-date, and the
        Authorization that signs them with the body)."""
        now = now or datetime.now(UTC)
        amz_date, day = now.strftime("%Y%m%dT%H%M%SZ"), now.strftime("%Y%m%d")
        parts = urlsplit(url)
        canonical = "\n".join(
            [
                method,
                quote(parts.path or "/"),
                parts.query,
                f"host:{parts.netloc}",
                f"x-amz-date:{amz_date}",
                "",
                "host;x-amz-date",
                hashlib.sha256(body).hexdigest(),
            ]
        )
        scope = f"{day}/{self.REGION}/{self.SERVICE}/aws4_request"
        to_sign = "\n".join(
            ["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()]
        )
        signature = hmac.new(
            signing_key(self.secret_access_key, day, self.REGION, self.SERVICE), to_sign.encode(), "sha256"
        )
        return {
            "Host": parts.netloc,
            "X-Amz-Date": amz_date,
            "Authorization": (
                f"AWS4-HMAC-SHA256 Credential={self.access_key_id}/{scope}, "
                f"SignedHeaders=host;x-amz-date, Signature={signature.hexdigest()}"
            ),
        }


def signing_key(secret, day, region, service):
    """AWS Signature Version 4's key for a day, region and service."""
    key = ("AWS4" + secret).encode()
    for part in (day, region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), "sha256").digest()
    return key


# The paths served with each key, for purgers that invalidate paths (CloudFront): remembered by
# the page cache as it stores pages, for as long as any copy may live.
PATHS_KEY = "newsroom:paths:{}"
# Past this many paths in all, everything is invalidated ("/*": one path, as CloudFront counts).
MAX_PATHS = 30


def paths_wanted():
    return bool(settings.NEWSROOM_CLOUDFRONT_DISTRIBUTION_ID)


def remember_path(keys, path):
    """`path` (with its query) was served with `keys`. Two processes storing pages at once may
    each miss the other's path: that page then lives out its lifetime at the edge."""
    # A query string is invalidated with the path's wildcard (CloudFront matches by prefix).
    path = path.split("?", 1)[0] + "*" if "?" in path else path
    names = [PATHS_KEY.format(key) for key in keys if key != "all"]
    found = cache.get_many(names)
    updated = {
        name: [*found.get(name, []), path][-(MAX_PATHS + 1) :]
        for name in names
        if path not in found.get(name, [])
    }
    cache.set_many(updated, timeout=max(settings.NEWSROOM_CACHE_SECONDS, 1))


def paths_of(keys):
    """The paths to invalidate for `keys`: those served with them, or "/*" for all or too many."""
    if "all" in keys:
        return ["/*"]
    paths = set()
    for found in cache.get_many([PATHS_KEY.format(key) for key in keys]).values():
        paths.update(found)
    return ["/*"] if len(paths) > MAX_PATHS else sorted(paths)


def configured_purgers():
    purgers = [Varnish(url) for url in settings.NEWSROOM_VARNISH_URLS]
    if settings.NEWSROOM_FASTLY_SERVICE_ID:
        purgers.append(
            Fastly(
                settings.NEWSROOM_FASTLY_SERVICE_ID,
                settings.NEWSROOM_FASTLY_API_TOKEN,
                settings.NEWSROOM_FASTLY_API_URL,
            )
        )
    if settings.NEWSROOM_CLOUDFRONT_DISTRIBUTION_ID:
        purgers.append(
            CloudFront(
                settings.NEWSROOM_CLOUDFRONT_DISTRIBUTION_ID,
                settings.NEWSROOM_CLOUDFRONT_ACCESS_KEY_ID,
                settings.NEWSROOM_CLOUDFRONT_SECRET_ACCESS_KEY,
                settings.NEWSROOM_CLOUDFRONT_API_URL,
            )
        )
    if settings.NEWSROOM_CLOUDFLARE_ZONE_ID:
        purgers.append(
            Cloudflare(
                settings.NEWSROOM_CLOUDFLARE_ZONE_ID,
                settings.NEWSROOM_CLOUDFLARE_API_TOKEN,
                settings.NEWSROOM_CLOUDFLARE_API_URL,
            )
        )
    return purgers


class Queue:
    """This process's keys waiting to be purged, and the thread that sends them."""

    def __init__(self):
        self.pending = set()
        self.sending = False
        self.condition = threading.Condition()
        self.thread = None
        self.sent = 0
        self.failed = 0
        self.last_error = None

    def add(self, keys):
        if not configured_purgers():
            return
        with self.condition:
            self.pending.update(keys)
            if self.thread is None or not self.thread.is_alive():
                if self.thread is None:
                    # A worker that exits (gunicorn recycles them) sends what it has queued first.
                    atexit.register(self.wait, 5)
                self.thread = threading.Thread(target=self.run, name="newsroom-purge", daemon=True)
                self.thread.start()
            self.condition.notify()

    def run(self):
        while True:
            with self.condition:
                while not self.pending:
                    self.condition.wait()
            time.sleep(BATCH_SECONDS)
            with self.condition:
                keys, self.pending = sorted(self.pending), set()
                self.sending = True
            try:
                for purger in configured_purgers():
                    self.deliver(purger, keys)
            finally:
                with self.condition:
                    self.sending = False
                    self.condition.notify_all()

    def deliver(self, purger, keys):
        for request in purger.requests(keys):
            for attempt, delay in enumerate((*RETRY_DELAYS, None), start=1):
                try:
                    send(request)
                except OSError as error:
                    if delay is None:
                        self.failed += 1
                        self.last_error = f"{purger}: {error}"
                        log.error(
                            "Purge of %s at %s failed %d times: %s", " ".join(keys), purger, attempt, error
                        )
                        break
                    log.warning("Purge at %s failed (%s); trying again in %s s.", purger, error, delay)
                    time.sleep(delay)
                else:
                    self.sent += 1
                    log.info("Purged %s at %s.", " ".join(keys), purger)
                    break

    def wait(self, timeout=10):
        """Until every key queued so far is sent or given up (for tests and shutdown)."""
        deadline = time.monotonic() + timeout
        with self.condition:
            while self.pending or self.sending:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self.condition.wait(remaining)
        return True

    def status(self):
        """What /readyz reports."""
        return {
            "to": [str(purger) for purger in configured_purgers()],
            "pending": len(self.pending),
            "sent": self.sent,
            "failed": self.failed,
            "last_error": self.last_error,
        }


queue = Queue()
