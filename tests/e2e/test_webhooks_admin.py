"""Webhooks in a real browser, as an editor meets them at a laptop's and a phone's width: adding
an endpoint (a loopback address refused, then allowed), revealing its secret, sending a test
event to a real receiver and reading the delivery log, with nothing off the screen's edge and no
serious axe-core violation. Screenshots go to NEWSROOM_SHOTS (if set)."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from playwright.sync_api import expect

from articles.demo.load import DEMO_EDITOR
from webhooks.models import Endpoint

from ..webhooks.helpers import Receiver
from .conftest import serious_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS = {"laptop": 1366, "phone": 390}


def shoot(page, name):
    folder = os.environ.get("NEWSROOM_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def fits(page):
    """Nothing wider than the window: no column or field hidden off its edge."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("device", WIDTHS)
def test_an_editor_adds_tests_and_reads_an_endpoint(live_server, browser, axe_source, settings, device):
    call_command("load_demo", stdout=open(os.devnull, "w"))
    width = WIDTHS[device]
    context = browser.new_context(bypass_csp=True, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.fill("#id_username", DEMO_EDITOR[0])
    page.fill("#id_password", DEMO_EDITOR[1])
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")

    with Receiver() as receiver:
        page.goto(f"{live_server.url}/admin/webhooks/endpoint/add/")
        page.fill("#id_name", "Newsletter tool")
        page.fill("#id_url", receiver.url)
        page.check("input[name=events][value='story.published']")
        page.click("input[name=_save]")
        expect(page.locator(".errorlist")).to_contain_text("loopback address")
        assert fits(page)

        with override_settings(NEWSROOM_WEBHOOKS_ALLOW_PRIVATE=True):
            page.click("input[name=_save]")
            expect(page.locator(".messagelist")).to_contain_text("Copy its signing secret")
            page.click("details.webhook-secret summary")
            expect(page.locator("details.webhook-secret code")).to_have_text(Endpoint.objects.get().secret)
            assert serious_axe_violations(page, axe_source) == []
            assert fits(page)
            shoot(page, f"webhooks-{device}-endpoint")

            page.goto(f"{live_server.url}/admin/webhooks/endpoint/")
            page.check("input[name=_selected_action]")
            page.select_option("select[name=action]", "send_test_event")
            page.click("button[name=index]")
            expect(page.locator(".messagelist")).to_contain_text("test event is on its way")
            (request,) = receiver.wait()
            assert request.payload["event"] == "ping"

        page.goto(f"{live_server.url}/admin/webhooks/delivery/")
        expect(page.locator("#result_list tbody tr")).to_have_count(1)
        expect(page.locator("#result_list td.field-outcome")).to_have_text("Delivered (200)")
        assert serious_axe_violations(page, axe_source) == []
        assert fits(page)
        shoot(page, f"webhooks-{device}-log")
    context.close()
