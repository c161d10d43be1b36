"""Webhooks in the admin: editors register endpoints (the address checked, the secret shown on
its page only), test them, and read and redeliver the log; writers can neither see nor forge."""

from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.test import override_settings
from django.urls import reverse

from articles.roles import EDITORS, WRITERS, ensure_roles
from tests.admin.helpers import RoleTestCase
from tests.factories import csrf_post, make_endpoint
from webhooks import events
from webhooks.models import Delivery, Endpoint

from .helpers import FAST, Receiver

ADD_URL = "/admin/webhooks/endpoint/add/"
LIST_URL = "/admin/webhooks/endpoint/"
LOG_URL = "/admin/webhooks/delivery/"


def form_data(**fields):
    return {
        "name": "Newsletter tool",
        "url": "https://93.184.215.14/hooks",
        "events": ["story.published", "story.corrected"],
        "is_active": "on",
        **fields,
    }


def errors(response):
    return [li.get_text() for li in BeautifulSoup(response.content, "html.parser").select(".errorlist li")]


@override_settings(PASSWORD_HASHERS=FAST)
class EndpointAdminTests(RoleTestCase):
    def setUp(self):
        self.editor_client = self.client_for(self.editor)

    def test_an_editor_adds_an_endpoint_and_is_shown_its_secret_on_its_page(self):
        response = self.editor_client.get(ADD_URL)
        self.assertEqual(response.status_code, 200)
        page = BeautifulSoup(response.content, "html.parser")
        self.assertEqual(
            [box["value"] for box in page.select("input[name=events]")],
            ["story.published", "story.updated", "story.unpublished", "story.corrected", "film.changed"],
        )
        response = csrf_post(self.editor_client, ADD_URL, form_data())
        endpoint = Endpoint.objects.get()
        self.assertRedirects(response, reverse("admin:webhooks_endpoint_change", args=[endpoint.pk]))
        self.assertEqual(endpoint.events, ["story.published", "story.corrected"])
        self.assertEqual(endpoint.created_by, self.editor)
        self.assertTrue(endpoint.secret.startswith("whsec_"))
        page = self.editor_client.get(response["Location"])
        secret = BeautifulSoup(page.content, "html.parser").select_one("details.webhook-secret code")
        self.assertEqual(secret.get_text(), endpoint.secret)

    def test_the_secret_is_never_in_the_list(self):
        endpoint = make_endpoint("https://93.184.215.14/hooks")
        response = self.editor_client.get(LIST_URL)
        self.assertContains(response, endpoint.name)
        self.assertNotContains(response, endpoint.secret)

    def test_a_private_or_loopback_address_is_a_form_error(self):
        for url, words in [
            ("http://127.0.0.1:9000/hook", "loopback"),
            ("http://10.0.0.8/hook", "private"),
            ("http://[::ffff:169.254.169.254]/latest", "link-local"),
            ("ftp://93.184.215.14/hook", "Use an https://"),
        ]:
            with self.subTest(url):
                response = csrf_post(self.editor_client, ADD_URL, form_data(url=url))
                self.assertEqual(response.status_code, 200)
                self.assertTrue(any(words in error for error in errors(response)), errors(response))
        self.assertFalse(Endpoint.objects.exists())

    @override_settings(NEWSROOM_WEBHOOKS_ALLOW_PRIVATE=True)
    def test_the_setting_allows_them(self):
        response = csrf_post(self.editor_client, ADD_URL, form_data(url="http://127.0.0.1:9000/hook"))
        self.assertEqual(response.status_code, 302)

    def test_an_endpoint_wants_at_least_one_event(self):
        response = csrf_post(self.editor_client, ADD_URL, form_data(events=[]))
        self.assertIn("This field is required.", errors(response))

    def test_rotating_the_secret_keeps_the_old_one_signing_for_a_day(self):
        endpoint = make_endpoint("https://93.184.215.14/hooks")
        old = endpoint.secret
        url = reverse("admin:webhooks_endpoint_change", args=[endpoint.pk])
        response = csrf_post(self.editor_client, url, form_data(rotate_secret="on"))
        self.assertEqual(response.status_code, 302)
        endpoint.refresh_from_db()
        self.assertNotEqual(endpoint.secret, old)
        self.assertEqual(endpoint.signing_secrets(), [endpoint.secret, old])
        page = self.editor_client.get(url)
        self.assertContains(page, "The previous secret also signs until")

    @override_settings(NEWSROOM_WEBHOOKS_ALLOW_PRIVATE=True)
    def test_a_test_event_is_sent_from_the_list_and_shows_on_the_endpoints_page(self):
        with Receiver() as receiver:
            endpoint = make_endpoint(receiver.url, events=["film.changed"])
            with self.captureOnCommitCallbacks(execute=True):
                response = csrf_post(
                    self.editor_client,
                    LIST_URL,
                    {"action": "send_test_event", "_selected_action": [endpoint.pk], "index": 0},
                )
            self.assertEqual(response.status_code, 302)
            (request,) = receiver.wait()
        self.assertEqual(request.payload["event"], "ping")
        page = self.editor_client.get(reverse("admin:webhooks_endpoint_change", args=[endpoint.pk]))
        recent = BeautifulSoup(page.content, "html.parser").select(".webhook-recent tbody tr")
        self.assertEqual(len(recent), 1)
        self.assertIn("Delivered", recent[0].get_text())
        listed = BeautifulSoup(self.editor_client.get(LIST_URL).content, "html.parser")
        self.assertEqual(listed.select_one("td.field-last_delivery").get_text(), "Delivered")


@override_settings(PASSWORD_HASHERS=FAST, NEWSROOM_WEBHOOKS_ALLOW_PRIVATE=True)
class DeliveryLogTests(RoleTestCase):
    def test_the_log_lists_deliveries_with_filters_and_a_delivery_shows_its_attempts(self):
        client = self.client_for(self.editor)
        with Receiver(statuses=[503]) as receiver:
            endpoint = make_endpoint(receiver.url)
            with self.captureOnCommitCallbacks(execute=True):
                events.send_test(endpoint)
            receiver.wait()
        delivery = Delivery.objects.get()
        response = client.get(LOG_URL, {"status__exact": "failed"})
        self.assertContains(response, "ping")
        self.assertNotContains(response, endpoint.secret)
        page = BeautifulSoup(client.get(f"{LOG_URL}{delivery.pk}/change/").content, "html.parser")
        self.assertIn('"event": "ping"', page.select_one("pre.webhook-payload").get_text())
        self.assertIn("503", page.select_one("#attempts-group").get_text())
        self.assertIsNone(page.select_one("input[name=_save]"), "read-only")

    def test_redeliver_sends_the_event_again(self):
        client = self.client_for(self.editor)
        with Receiver(statuses=[500, 200]) as receiver:
            endpoint = make_endpoint(receiver.url)
            with self.captureOnCommitCallbacks(execute=True):
                events.send_test(endpoint)
            first = Delivery.objects.get()
            with self.captureOnCommitCallbacks(execute=True):
                response = csrf_post(
                    client, LOG_URL, {"action": "redeliver", "_selected_action": [first.pk], "index": 0}
                )
            self.assertEqual(response.status_code, 302)
            self.assertEqual(len(receiver.wait(2)), 2)
        self.assertEqual(Delivery.objects.exclude(pk=first.pk).get().status, "succeeded")


@override_settings(PASSWORD_HASHERS=FAST)
class WriterTests(RoleTestCase):
    def test_writers_cannot_see_webhooks(self):
        client = self.client_for(self.writer)
        endpoint = make_endpoint("https://93.184.215.14/hooks")
        for url in (LIST_URL, ADD_URL, f"{LIST_URL}{endpoint.pk}/change/", LOG_URL):
            with self.subTest(url):
                self.assertEqual(client.get(url).status_code, 403)
        self.assertNotContains(client.get("/admin/"), "Webhook")

    def test_a_forged_post_by_a_writer_is_refused(self):
        client = self.client_for(self.writer)
        endpoint = make_endpoint("https://93.184.215.14/hooks")
        response = csrf_post(client, ADD_URL, form_data(url="https://93.184.215.15/mine"))
        self.assertEqual(response.status_code, 403)
        response = csrf_post(
            client, f"{LIST_URL}{endpoint.pk}/change/", form_data(url="https://93.184.215.15/mine")
        )
        self.assertEqual(response.status_code, 403)
        response = csrf_post(
            client, LIST_URL, {"action": "send_test_event", "_selected_action": [endpoint.pk]}
        )
        self.assertEqual(response.status_code, 403)
        self.assertEqual(
            list(Endpoint.objects.values_list("url", flat=True)), ["https://93.184.215.14/hooks"]
        )
        self.assertFalse(Delivery.objects.exists())


class RoleTests(RoleTestCase):
    def codenames(self, group):
        return set(
            Group.objects.get(name=group)
            .permissions.filter(content_type__app_label="webhooks")
            .values_list("codename", flat=True)
        )

    def test_editors_manage_webhooks_and_writers_have_nothing_of_them(self):
        every = set(
            Permission.objects.filter(content_type__app_label="webhooks").values_list("codename", flat=True)
        )
        self.assertIn("add_endpoint", every)
        self.assertEqual(self.codenames(EDITORS), every)
        self.assertEqual(self.codenames(WRITERS), set())

    def test_roles_made_again_have_them_too(self):
        Group.objects.all().delete()
        ensure_roles()
        self.assertIn("change_endpoint", self.codenames(EDITORS))
