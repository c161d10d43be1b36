"""Signing (webhooks.signing), checked as a receiver checks it: with the README's own few lines
of Python, against a real delivery."""

import hashlib
import hmac
import time
from datetime import timedelta

from django.test import TestCase, override_settings
from django.utils import timezone

from tests.factories import make_endpoint
from webhooks import events, signing

from .helpers import Receiver, readme_verifier


class SignatureTests(TestCase):
    def test_the_signature_is_hmac_sha256_of_the_time_a_full_stop_and_the_body(self):
        expected = hmac.new(b"whsec_abc", b"1767225600.{}", hashlib.sha256).hexdigest()
        self.assertEqual(signing.signature("whsec_abc", 1767225600, b"{}"), expected)
        self.assertEqual(
            signing.signature_header(["whsec_abc", "whsec_old"], 1767225600, b"{}"),
            f"t=1767225600,v1={expected},v1={signing.signature('whsec_old', 1767225600, b'{}')}",
        )

    def test_the_body_is_compact_json_in_a_stable_order(self):
        self.assertEqual(signing.body({"b": 1, "a": "é"}), '{"a":"é","b":1}'.encode())


@override_settings(NEWSROOM_WEBHOOKS_ALLOW_PRIVATE=True)
class ReadmeVerificationTests(TestCase):
    """The README's `verify`, run as written, on what a receiver really gets."""

    def deliver_test_event(self, endpoint, receiver):
        with self.captureOnCommitCallbacks(execute=True):
            events.send_test(endpoint)
        (request,) = receiver.wait()
        return request

    def test_it_accepts_a_real_delivery_and_refuses_a_changed_or_old_one(self):
        verify = readme_verifier()
        with Receiver() as receiver:
            endpoint = make_endpoint(receiver.url)
            request = self.deliver_test_event(endpoint, receiver)
        header = request.headers["Newsroom-Signature"]
        self.assertTrue(verify(endpoint.secret, request.body, header))
        self.assertFalse(verify(endpoint.secret, request.body + b" ", header), "a changed body")
        self.assertFalse(verify("whsec_someone-else", request.body, header), "another secret")
        self.assertFalse(verify(endpoint.secret, request.body, header, now=time.time() + 301), "a replay")
        self.assertFalse(verify(endpoint.secret, request.body, header.replace("t=", "t=1")), "another time")
        self.assertFalse(verify(endpoint.secret, request.body, "v1=" + header.split("v1=")[1]), "no time")

    def test_during_a_rotation_both_secrets_verify_and_then_only_the_new_one(self):
        verify = readme_verifier()
        with Receiver() as receiver:
            endpoint = make_endpoint(receiver.url)
            old = endpoint.secret
            endpoint.rotate_secret()
            endpoint.save()
            request = self.deliver_test_event(endpoint, receiver)
        header = request.headers["Newsroom-Signature"]
        self.assertTrue(verify(old, request.body, header))
        self.assertTrue(verify(endpoint.secret, request.body, header))
        self.assertEqual(endpoint.signing_secrets(timezone.now() + timedelta(hours=25)), [endpoint.secret])
