"""Purges sent to the caches in front of the app (newsroom/purge.py), against a local HTTP
endpoint standing in for each service and checking the requests' shape. (Fastly's and
Cloudflare's real APIs were not called: no network here.)"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from unittest import mock

import pytest
from django.test import SimpleTestCase, TestCase, override_settings

from newsroom import purge
from newsroom.dependencies import drop


class Endpoint:
    """A local HTTP server recording each request; answers `statuses` in turn, then 200."""

    def __init__(self, statuses=()):
        self.requests, self.statuses = [], list(statuses)
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def handle_one(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                endpoint.requests.append((self.command, self.path, self.headers, body))
                status = endpoint.statuses.pop(0) if endpoint.statuses else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_PURGE = do_POST = handle_one

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class PurgeTests(SimpleTestCase):
    def setUp(self):
        self.endpoint = Endpoint()
        self.addCleanup(self.endpoint.close)
        patcher = mock.patch.object(purge, "RETRY_DELAYS", (0.01, 0.01))
        patcher.start()
        self.addCleanup(patcher.stop)
        purge.queue.sent = purge.queue.failed = 0
        purge.queue.last_error = None

    def purged(self, keys, **settings):
        with override_settings(**settings):
            purge.queue.add(keys)
            self.assertTrue(purge.queue.wait())
        return self.endpoint.requests

    def test_varnish_gets_a_purge_with_the_keys_in_xkey(self):
        requests = self.purged(["story:1", "list:stories"], NEWSROOM_VARNISH_URLS=[self.endpoint.url])
        [(method, path, headers, body)] = requests
        self.assertEqual((method, path), ("PURGE", "/"))
        self.assertEqual(sorted(headers["xkey"].split()), ["list:stories", "story:1"])

    def test_fastly_gets_a_surrogate_key_purge_256_keys_at_most(self):
        keys = [f"story:{n}" for n in range(300)]
        settings = {
            "NEWSROOM_FASTLY_SERVICE_ID": "SU1Z0isxPaozGVKXdv0eY",
            "NEWSROOM_FASTLY_API_TOKEN": "token-1",
            "NEWSROOM_FASTLY_API_URL": self.endpoint.url,
        }
        requests = self.purged(keys, **settings)
        self.assertEqual(len(requests), 2)
        sent = []
        for method, path, headers, _ in requests:
            self.assertEqual((method, path), ("POST", "/service/SU1Z0isxPaozGVKXdv0eY/purge"))
            self.assertEqual(headers["Fastly-Key"], "token-1")
            sent += headers["Surrogate-Key"].split()
        self.assertEqual(sorted(sent), sorted(keys))
        self.assertEqual(len(requests[0][2]["Surrogate-Key"].split()), 256)

    def test_cloudflare_gets_a_purge_by_cache_tag_30_tags_at_most(self):
        keys = [f"story:{n}" for n in range(45)]
        settings = {
            "NEWSROOM_CLOUDFLARE_ZONE_ID": "023e105f4ecef8ad9ca31a8372d0c353",
            "NEWSROOM_CLOUDFLARE_API_TOKEN": "token-2",
            "NEWSROOM_CLOUDFLARE_API_URL": self.endpoint.url,
        }
        requests = self.purged(keys, **settings)
        self.assertEqual(len(requests), 2)
        tags = []
        for method, path, headers, body in requests:
            self.assertEqual((method, path), ("POST", "/zones/023e105f4ecef8ad9ca31a8372d0c353/purge_cache"))
            self.assertEqual(headers["Authorization"], "Bearer token-2")
            self.assertEqual(headers["Content-Type"], "application/json")
            tags += json.loads(body)["tags"]
        self.assertEqual(sorted(tags), sorted(keys))

    def test_keys_arriving_together_go_out_together(self):
        with override_settings(NEWSROOM_VARNISH_URLS=[self.endpoint.url]):
            for n in range(5):
                purge.queue.add([f"story:{n}"])
            self.assertTrue(purge.queue.wait())
        self.assertEqual(len(self.endpoint.requests), 1)
        self.assertEqual(len(self.endpoint.requests[0][2]["xkey"].split()), 5)

    def test_a_failed_purge_is_retried_and_one_that_keeps_failing_is_reported(self):
        self.endpoint.statuses = [503, 503]
        self.purged(["story:1"], NEWSROOM_VARNISH_URLS=[self.endpoint.url])
        self.assertEqual(len(self.endpoint.requests), 3)
        self.assertEqual((purge.queue.sent, purge.queue.failed), (1, 0))
        self.endpoint.statuses = [503, 503, 503]
        with self.assertLogs("newsroom.purge", "ERROR"):
            self.purged(["story:2"], NEWSROOM_VARNISH_URLS=[self.endpoint.url])
        self.assertEqual(purge.queue.failed, 1)
        self.assertIn("503", purge.queue.last_error)

    def test_nothing_is_queued_without_a_purger(self):
        purge.queue.add(["story:1"])
        self.assertEqual(purge.queue.pending, set())


class PurgeAfterCommitTests(TestCase):
    def test_a_change_purges_after_it_commits_and_readyz_shows_the_purges(self):
        endpoint = Endpoint(statuses=[503] * 3)
        self.addCleanup(endpoint.close)
        with (
            override_settings(NEWSROOM_VARNISH_URLS=[endpoint.url]),
            mock.patch.object(purge, "RETRY_DELAYS", (0.01, 0.01)),
        ):
            from tests.factories import make_article

            with self.captureOnCommitCallbacks(execute=False) as callbacks:
                story = make_article()
            self.assertEqual(endpoint.requests, [], "nothing before the commit")
            with self.assertLogs("newsroom.purge", "ERROR"):
                for callback in callbacks:
                    callback()
                self.assertTrue(purge.queue.wait())
            self.assertIn(f"story:{story.pk}", endpoint.requests[0][2]["xkey"].split())
            detail = json.loads(self.client.get("/readyz").content)
            self.assertEqual(
                self.client.get("/readyz").status_code, 200, "a failed purge is no reason to stop serving"
            )
        self.assertGreaterEqual(detail["purges"]["failed"], 1)
        self.assertIn(f"Varnish at {endpoint.url}", detail["purges"]["to"])

    def test_dropping_keys_purges_them(self):
        endpoint = Endpoint()
        self.addCleanup(endpoint.close)
        with override_settings(NEWSROOM_VARNISH_URLS=[endpoint.url]):
            drop(["all"])
            self.assertTrue(purge.queue.wait())
        self.assertEqual(endpoint.requests[0][2]["xkey"], "all")


class CloudFrontSigningTests(SimpleTestCase):
    """AWS Signature Version 4, checked against the examples AWS publishes."""

    def test_the_signing_key_is_derived_as_aws_documents(self):
        key = purge.signing_key("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215", "us-east-1", "iam")
        self.assertEqual(key.hex(), "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d")

    def test_a_request_is_signed_as_in_the_signature_test_suite(self):
        """The suite's get-vanilla: GET / on example.amazonaws.com for service "service"."""
        from datetime import UTC, datetime

        signer = purge.CloudFront(
            "E1", "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "https://x"
        )
        with mock.patch.object(purge.CloudFront, "SERVICE", "service"):
            headers = signer.signed_headers(
                "GET", "https://example.amazonaws.com/", b"", now=datetime(2015, 8, 30, 12, 36, tzinfo=UTC)
            )
        self.assertEqual(headers["X-Amz-Date"], "20150830T123600Z")
        self.assertEqual(
            headers["Authorization"],
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            "SignedHeaders=host;x-amz-date, "
            "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
        )


@override_settings(NEWSROOM_CACHE_SECONDS=300)
@pytest.mark.page_cache
class CloudFrontTests(TestCase):
    """CloudFront invalidates paths: those the page cache served each key at."""

    def setUp(self):
        self.endpoint = Endpoint()
        self.addCleanup(self.endpoint.close)
        settings = {
            "NEWSROOM_CLOUDFRONT_DISTRIBUTION_ID": "EDFDVBD6EXAMPLE",
            "NEWSROOM_CLOUDFRONT_ACCESS_KEY_ID": "AKIDEXAMPLE",
            "NEWSROOM_CLOUDFRONT_SECRET_ACCESS_KEY": "secret",
            "NEWSROOM_CLOUDFRONT_API_URL": self.endpoint.url,
        }
        override = override_settings(**settings)
        override.enable()
        self.addCleanup(override.disable)

    def invalidated(self, keys):
        purge.queue.add(keys)
        self.assertTrue(purge.queue.wait())
        method, path, headers, body = self.endpoint.requests[-1]
        self.assertEqual((method, path), ("POST", "/2020-05-31/distribution/EDFDVBD6EXAMPLE/invalidation"))
        self.assertRegex(
            headers["Authorization"],
            r"^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\d{8}/us-east-1/cloudfront/aws4_request, "
            r"SignedHeaders=host;x-amz-date, Signature=[0-9a-f]{64}$",
        )
        from xml.etree import ElementTree

        batch = ElementTree.fromstring(body)
        ns = {"cf": "http://cloudfront.amazonaws.com/doc/2020-05-31/"}
        paths = [item.text for item in batch.findall("cf:Paths/cf:Items/cf:Path", ns)]
        self.assertEqual(int(batch.find("cf:Paths/cf:Quantity", ns).text), len(paths))
        self.assertTrue(batch.find("cf:CallerReference", ns).text)
        return paths

    def test_the_paths_a_story_was_served_at_are_invalidated(self):
        from tests.factories import make_article

        story = make_article(headline="Served", slug="served")
        other = make_article(headline="Elsewhere", slug="elsewhere")
        for url in ("/articles/served/", "/", "/?before=x", "/articles/elsewhere/"):
            self.client.get(url)
        paths = self.invalidated([f"story:{story.pk}"])
        self.assertEqual(paths, ["/", "/articles/served/"])
        self.assertNotIn("/articles/elsewhere/", paths)
        self.assertEqual(self.invalidated(["all"]), ["/*"])
        self.assertTrue(other.pk)

    def test_too_many_paths_invalidate_everything(self):
        keys = ["list:stories"]
        for n in range(purge.MAX_PATHS + 5):
            purge.remember_path(keys, f"/search/x{n}/")
        self.assertEqual(self.invalidated(keys), ["/*"])
