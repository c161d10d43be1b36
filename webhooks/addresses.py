"""Where a webhook may be sent: http or https, to a host whose every address is public.

An endpoint's address is checked when an editor saves it (a form error) and again at every
delivery, since what a name resolves to can change. The delivery then connects to the very
address checked (webhooks.delivery), so a name that resolves to a public address for the check
and to a private one a moment later (DNS rebinding) still cannot reach the newsroom's network.
Loopback, private, shared, link-local, multicast, reserved and unspecified addresses (IPv4 and
IPv6, including IPv4 written inside IPv6) are refused unless NEWSROOM_WEBHOOKS_ALLOW_PRIVATE is
set, for a receiver on the same machine or network.
"""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings

SCHEMES = {"http": 80, "https": 443}
# IPv6 prefixes that carry an IPv4 address in their last 32 bits (NAT64's well-known prefix):
# the IPv4 address is where the packets end up.
NAT64 = ipaddress.ip_network("64:ff9b::/96")


class AddressRefused(Exception):
    """The address cannot be sent to; the message says why, for an editor."""


def target(url):
    """(scheme, host, port) of `url`, or AddressRefused."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise AddressRefused("This is not a web address.") from None
    if parts.scheme not in SCHEMES:
        raise AddressRefused("Use an https:// (or http://) address.")
    if not parts.hostname:
        raise AddressRefused("The address has no host.")
    if parts.username is not None or parts.password is not None:
        raise AddressRefused("Leave the user name and password out of the address; deliveries are signed.")
    return parts.scheme, parts.hostname, port or SCHEMES[parts.scheme]


def unwrapped(address):
    """The IPv4 address an IPv6 one stands for (IPv4-mapped, 6to4, Teredo, NAT64), or itself."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped:
            return address.ipv4_mapped
        if address.sixtofour:
            return address.sixtofour
        if address.teredo:
            return address.teredo[1]
        if address in NAT64:
            return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address


def refusal(address):
    """Why `address` (a string) may not be sent to, or "" if it may."""
    ip = unwrapped(ipaddress.ip_address(address.split("%", 1)[0]))
    for check, kind in (
        ("is_unspecified", "an unspecified"),
        ("is_loopback", "a loopback"),
        ("is_link_local", "a link-local"),
        ("is_multicast", "a multicast"),
        ("is_reserved", "a reserved"),
        ("is_private", "a private"),
    ):
        if getattr(ip, check):
            return f"{kind} address"
    if not ip.is_global:
        return "a non-public address"
    return ""


def resolve(host, port):
    """The addresses `host` resolves to, in the resolver's order, without repeats."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise LookupError(f"{host} could not be found ({error}).") from None
    return list(dict.fromkeys(info[4][0] for info in found))


def checked_addresses(url):
    """(scheme, host, port, addresses) for `url`, every address checked; AddressRefused if any
    may not be sent to (LookupError if the host cannot be found)."""
    scheme, host, port = target(url)
    addresses = resolve(host, port)
    if not settings.NEWSROOM_WEBHOOKS_ALLOW_PRIVATE:
        for address in addresses:
            reason = refusal(address)
            if reason:
                shown = host if host == address else f"{host} ({address})"
                raise AddressRefused(
                    f"{shown} is {reason}: webhooks are only sent to public addresses. "
                    "(The site's NEWSROOM_WEBHOOKS_ALLOW_PRIVATE setting allows others.)"
                )
    return scheme, host, port, addresses
