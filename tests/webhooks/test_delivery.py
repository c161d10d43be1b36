"""One attempt (webhooks.delivery): a POST to a real receiver on loopback, what its answers
count as, and the limits on what the newsroom waits for and reads."""

import socket
from unittest import mock

from django.test import SimpleTestCase, override_settings

from webhooks import addresses, delivery

from .helpers import Receiver

HEADERS = {"Content-Type": "application/json", "Newsroom-Event": "ping"}


@override_settings(NEWSROOM_WEBHOOKS_ALLOW_PRIVATE=True, NEWSROOM_WEBHOOKS_TIMEOUT=2)
class PostTests(SimpleTestCase):
    def test_the_body_and_headers_arrive_as_sent_to_the_path_and_query(self):
        with Receiver() as receiver:
            outcome = delivery.post(receiver.url, b'{"a":1}', HEADERS)
            (request,) = receiver.wait()
        self.assertTrue(outcome.delivered)
        self.assertEqual((outcome.status_code, outcome.error, outcome.excerpt), (200, "", "thanks"))
        self.assertEqual(request.path, "/hooks/newsroom?source=test")
        self.assertEqual(request.body, b'{"a":1}')
        self.assertEqual(request.headers["Newsroom-Event"], "ping")
        self.assertEqual(request.headers["Host"], receiver.url.split("/")[2])
        self.assertGreaterEqual(outcome.duration_ms, 0)

    def test_what_each_answer_counts_as(self):
        """2xx delivered; 429 and 5xx worth another try; a redirect or another 4xx final."""
        for status, delivered, retry in [
            (204, True, False),
            (429, False, True),
            (500, False, True),
            (503, False, True),
            (410, False, False),
            (400, False, False),
            (301, False, False),
        ]:
            with (
                self.subTest(status),
                Receiver(statuses=[status], headers={"Location": "http://10.0.0.1/"}) as r,
            ):
                outcome = delivery.post(r.url, b"{}", HEADERS)
                self.assertEqual(
                    (outcome.status_code, outcome.delivered, outcome.retry), (status, delivered, retry)
                )
                self.assertEqual(len(r.wait()), 1, "a redirect is not followed")

    def test_a_receiver_that_does_not_answer_in_time_is_tried_again_later(self):
        with override_settings(NEWSROOM_WEBHOOKS_TIMEOUT=0.3), Receiver(delay=1) as receiver:
            outcome = delivery.post(receiver.url, b"{}", HEADERS)
        self.assertEqual((outcome.status_code, outcome.retry), (None, True))
        self.assertIn("no answer in time", outcome.error)
        self.assertLess(outcome.duration_ms, 1000)

    def test_nothing_listening_is_tried_again_later(self):
        with socket.socket() as closed:
            closed.bind(("127.0.0.1", 0))
            port = closed.getsockname()[1]
        outcome = delivery.post(f"http://127.0.0.1:{port}/", b"{}", HEADERS)
        self.assertEqual((outcome.retry, outcome.status_code), (True, None))
        self.assertIn("connection refused", outcome.error)

    def test_only_so_much_of_an_answer_is_read_and_a_little_kept(self):
        read = []
        original = delivery.read_capped

        def reading(*args):
            read.append(original(*args))
            return read[-1]

        with Receiver(body=b"x" * (delivery.MAX_RESPONSE * 4)) as receiver:
            with mock.patch.object(delivery, "read_capped", reading):
                outcome = delivery.post(receiver.url, b"{}", HEADERS)
        self.assertTrue(outcome.delivered)
        self.assertEqual(len(outcome.excerpt), delivery.EXCERPT)
        self.assertEqual(len(read[0]), delivery.MAX_RESPONSE)


class AddressTests(SimpleTestCase):
    @override_settings(NEWSROOM_WEBHOOKS_ALLOW_PRIVATE=False)
    def test_a_private_address_is_refused_without_connecting_and_not_tried_again(self):
        with Receiver() as receiver:
            outcome = delivery.post(receiver.url, b"{}", HEADERS)
            self.assertEqual(receiver.requests, [])
        self.assertEqual((outcome.status_code, outcome.retry), (None, False))
        self.assertIn("127.0.0.1 is a loopback address", outcome.error)

    @override_settings(NEWSROOM_WEBHOOKS_ALLOW_PRIVATE=True)
    def test_the_connection_goes_to_the_address_checked_under_the_endpoints_name(self):
        """What the name resolves to after the check cannot redirect the request (DNS
        rebinding): the connection is made to the checked address, the name only in Host."""
        with Receiver() as receiver:
            port = receiver.server.server_address[1]
            with mock.patch.object(addresses, "resolve", return_value=["127.0.0.1"]) as resolve:
                outcome = delivery.post(f"http://hooks.partner.example:{port}/in", b"{}", HEADERS)
            (request,) = receiver.wait()
        resolve.assert_called_once_with("hooks.partner.example", port)
        self.assertTrue(outcome.delivered)
        self.assertEqual(request.headers["Host"], f"hooks.partner.example:{port}")

    @override_settings(NEWSROOM_WEBHOOKS_ALLOW_PRIVATE=True)
    def test_an_address_that_does_not_connect_gives_way_to_the_next(self):
        with Receiver() as receiver:
            port = receiver.server.server_address[1]
            with mock.patch.object(addresses, "resolve", return_value=["::1", "127.0.0.1"]):
                outcome = delivery.post(f"http://hooks.partner.example:{port}/in", b"{}", HEADERS)
        self.assertTrue(outcome.delivered)
