"""Where webhooks may go (webhooks.addresses): http(s) to hosts whose every address is public,
unless NEWSROOM_WEBHOOKS_ALLOW_PRIVATE allows the others."""

from unittest import mock

from django.test import SimpleTestCase, override_settings

from webhooks import addresses

REFUSED = {
    "127.0.0.1": "loopback",
    "127.8.9.10": "loopback",
    "::1": "loopback",
    "10.1.2.3": "private",
    "172.16.0.9": "private",
    "192.168.1.1": "private",
    "fd00::1": "private",
    "169.254.169.254": "link-local",
    "fe80::1%eth0": "link-local",
    "224.0.0.1": "multicast",
    "ff02::1": "multicast",
    "0.0.0.0": "unspecified",
    "::": "unspecified",
    "240.0.0.1": "reserved",
    "100.64.0.1": "non-public",
    "192.0.2.10": "private",
    "::ffff:127.0.0.1": "loopback",
    "::ffff:10.0.0.1": "private",
    "2002:7f00:1::": "loopback",
    "64:ff9b::a00:1": "private",
}
PUBLIC = ["93.184.215.14", "2606:4700:4700::1111", "::ffff:93.184.215.14", "8.8.8.8"]


class RefusalTests(SimpleTestCase):
    def test_non_public_addresses_are_refused_by_kind(self):
        """IPv4, IPv6, and IPv4 carried in IPv6 (mapped, 6to4, NAT64) alike."""
        for address, kind in REFUSED.items():
            with self.subTest(address):
                self.assertIn(kind, addresses.refusal(address))

    def test_public_addresses_pass(self):
        for address in PUBLIC:
            with self.subTest(address):
                self.assertEqual(addresses.refusal(address), "")


class TargetTests(SimpleTestCase):
    def test_only_http_and_https_with_a_host_and_no_credentials(self):
        for url, words in [
            ("ftp://example.com/hook", "https://"),
            ("file:///etc/passwd", "https://"),
            ("https:///path", "no host"),
            ("https://user:pw@example.com/", "user name"),
            ("http://example.com:99999/", "not a web address"),
        ]:
            with self.subTest(url), self.assertRaisesMessage(addresses.AddressRefused, words):
                addresses.target(url)

    def test_ports_default_by_scheme(self):
        self.assertEqual(addresses.target("https://example.com/x"), ("https", "example.com", 443))
        self.assertEqual(addresses.target("http://example.com:8080/x"), ("http", "example.com", 8080))


class CheckedAddressesTests(SimpleTestCase):
    def resolving_to(self, *found):
        return mock.patch.object(addresses, "resolve", return_value=list(found))

    @override_settings(NEWSROOM_WEBHOOKS_ALLOW_PRIVATE=False)
    def test_a_name_with_any_private_address_is_refused(self):
        """One private address among public ones is enough: a delivery could be sent to it."""
        with (
            self.resolving_to("93.184.215.14", "10.0.0.5"),
            self.assertRaisesMessage(
                addresses.AddressRefused, "hooks.example.com (10.0.0.5) is a private address"
            ),
        ):
            addresses.checked_addresses("https://hooks.example.com/in")

    @override_settings(NEWSROOM_WEBHOOKS_ALLOW_PRIVATE=False)
    def test_loopback_by_name_or_number_is_refused(self):
        for url in ("http://127.0.0.1:8000/hook", "http://[::1]/hook", "http://localhost/hook"):
            with self.subTest(url), self.assertRaises(addresses.AddressRefused):
                addresses.checked_addresses(url)

    @override_settings(NEWSROOM_WEBHOOKS_ALLOW_PRIVATE=True)
    def test_the_setting_allows_them(self):
        self.assertEqual(
            addresses.checked_addresses("http://127.0.0.1:8000/hook"),
            ("http", "127.0.0.1", 8000, ["127.0.0.1"]),
        )

    def test_a_public_name_passes_with_its_addresses(self):
        with self.resolving_to("93.184.215.14", "2606:4700:4700::1111"):
            self.assertEqual(
                addresses.checked_addresses("https://hooks.example.com/in")[3],
                ["93.184.215.14", "2606:4700:4700::1111"],
            )

    def test_a_name_that_cannot_be_found_is_a_lookup_error(self):
        with self.assertRaises(LookupError):
            addresses.checked_addresses("https://no-such-host.invalid/hook")
