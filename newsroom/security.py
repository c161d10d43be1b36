"""Admin sign-in limits: an account that keeps failing is locked for a while, and an address that
keeps failing is slowed down.

Django-native on purpose: a form and the shared cache, with no extra models or middleware. The
counters live in the cache (Redis in production), so every app process sees the same attempts.

- Each attempt is counted before its password is checked, by one atomic increment: parallel
  attempts cannot check more passwords than the limit allows. Each counted attempt starts the
  counter's time again, so a lock lasts its whole time after the last attempt, as the message
  says (and an expired counter recreated by the increment still gets its time).
- An account is counted under its name as Django reads it for signing in (NFKC, so a fullwidth
  "ｅditor" is "editor"), case-folded: look-alike spellings share one counter.
- After NEWSROOM_LOGIN_ATTEMPTS failures an account is locked for NEWSROOM_LOGIN_LOCKOUT_SECONDS,
  whoever tries it: anyone who knows a name can lock that account, which is the price of
  stopping a password being guessed from many addresses. An address is only throttled: after
  NEWSROOM_LOGIN_ADDRESS_ATTEMPTS failures it waits NEWSROOM_LOGIN_ADDRESS_SECONDS. A client
  guessing names locks out no one else, and those who share its address only for a minute.
- The address is the client's (client_address): behind a trusted proxy, the one it reports.
- When the cache cannot be reached, counting pauses: signing in still works, and a warning is
  logged.
"""

import hashlib
import ipaddress
import logging
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError

log = logging.getLogger("newsroom")
# What a proxy tells the app about the request it passes on: believed only from our proxies.
FORWARDED_HEADERS = ("HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_HOST")

LOCKOUT_MESSAGE = "Too many failed sign-in attempts. Please wait {wait} and try again."
THROTTLE_MESSAGE = "Too many failed sign-in attempts from your network. Please wait {wait} and try again."


def client_address(request):
    """The address of the client that sent `request`.

    REMOTE_ADDR, unless the site runs behind a proxy (DJANGO_BEHIND_PROXY) and the request came
    from one of the trusted ones (ForwardedHeadersMiddleware drops the header otherwise): then
    the address the outermost of our NEWSROOM_PROXY_HOPS proxies appended to X-Forwarded-For.
    Entries to its left are whatever the client sent, and are never believed.
    """
    remote = request.META.get("REMOTE_ADDR", "") if request else ""
    if settings.NEWSROOM_BEHIND_PROXY:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = settings.NEWSROOM_PROXY_HOPS
        if 0 < hops <= len(forwarded) and valid_address(forwarded[-hops]):
            return forwarded[-hops]
    return remote or "unknown"


class ForwardedHeadersMiddleware:
    """Drops the forwarded headers of a request that did not come through one of our proxies, or
    of every request when the site is not behind one: Django would otherwise take the scheme
    (SECURE_PROXY_SSL_HEADER) and host from whoever sent them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (settings.NEWSROOM_BEHIND_PROXY and trusted_proxy(request.META.get("REMOTE_ADDR", ""))):
            for header in FORWARDED_HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)


def trusted_proxy(address):
    """Whether `address` is one of our proxies' (FORWARDED_ALLOW_IPS: addresses, networks or *)."""
    if not valid_address(address):
        return False
    return any(
        trusted == "*" or ipaddress.ip_address(address) in ipaddress.ip_network(trusted, strict=False)
        for trusted in settings.NEWSROOM_TRUSTED_PROXIES
    )


def valid_address(text):
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def address_group(address):
    """An IPv6 client holds a whole /64 (anyone can change the rest): it is counted as one."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 4:
        return str(parsed)
    if parsed.ipv4_mapped:
        return str(parsed.ipv4_mapped)
    return str(ipaddress.ip_network(f"{parsed}/64", strict=False))


def account_name(username):
    """A sign-in name as Django reads it (NFKC, as AuthenticationForm's field does), case-folded."""
    return unicodedata.normalize("NFKC", username or "").strip().casefold()


@dataclass
class Counter:
    """Failed sign-ins under `key`: at most `limit` in `seconds`, then `message`."""

    key: str
    limit: int
    seconds: int
    message: str

    def count(self):
        """Count one more attempt and return the count. The increment is atomic; the time is set
        again after it, since Redis's INCR recreates a counter that expired just before it
        without any."""
        cache.add(self.key, 0, timeout=self.seconds)
        try:
            count = cache.incr(self.key)
        except ValueError:
            # Expired between add and incr: this attempt starts anew.
            count = 1
            cache.set(self.key, count, timeout=self.seconds)
        cache.touch(self.key, timeout=self.seconds)
        return count

    def refusal(self):
        minutes = max(1, round(self.seconds / 60))
        wait = "a minute" if minutes == 1 else f"{minutes} minutes"
        return ValidationError(self.message.format(wait=wait), code="locked_out")


def counters(request, username):
    account = hashlib.sha256(account_name(username).encode()).hexdigest()
    address = hashlib.sha256(address_group(client_address(request)).encode()).hexdigest()
    return [
        Counter(
            f"newsroom:login-failures:account:{account}",
            settings.NEWSROOM_LOGIN_ATTEMPTS,
            settings.NEWSROOM_LOGIN_LOCKOUT_SECONDS,
            LOCKOUT_MESSAGE,
        ),
        Counter(
            f"newsroom:login-failures:address:{address}",
            settings.NEWSROOM_LOGIN_ADDRESS_ATTEMPTS,
            settings.NEWSROOM_LOGIN_ADDRESS_SECONDS,
            THROTTLE_MESSAGE,
        ),
    ]


class LockoutAdminAuthenticationForm(AdminAuthenticationForm):
    def clean(self):
        username, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        if username is None or not password:
            # Nothing will be checked: the fields' own errors answer.
            return super().clean()
        account, address = counters(self.request, username)
        try:
            counts = [account.count(), address.count()]
        except Exception:
            log.warning("Sign-in attempts are not counted: the cache is unavailable.", exc_info=True)
            return super().clean()
        for counter, count in zip((account, address), counts, strict=True):
            if count > counter.limit:
                raise counter.refusal()
        cleaned = super().clean()
        # Signed in: the account's failures are forgotten, and this attempt is not held against
        # the address (others may share it).
        try:
            cache.delete(account.key)
            cache.decr(address.key)
        except ValueError:
            pass  # The address's window ended meanwhile.
        except Exception:
            log.warning("Sign-in attempts are not counted: the cache is unavailable.", exc_info=True)
        return cleaned
