"""New story from plain text in a real browser, as a writer meets it at a laptop's and a phone's
width: from the story list to the form, copy pasted in, the draft's change form with the summary
and the editorial note listing what was not matched; nothing off the screen's edge and no serious
axe-core violation. Screenshots go to NEWSROOM_SHOTS (if set)."""

import os

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from articles.demo.load import DEMO_WRITER
from articles.models import Article

from .conftest import serious_axe_violations
from .test_webhooks_admin import WIDTHS, fits, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COPY = """Cruise's Fallout jump gets a second look

A new reel for Mission: Impossible - Fallout walks through the skydive Tom Cruise rehearsed for a year, with Christopher McQuarrie beside the camera.

Related: M:I – Fallout Trailer #2: Tom Cruise vs. Henry Cavill

Stunt lead Dana Whitfield says M:I 6 needed a new helmet for every take.

Watch: The jump, frame by frame:

NEXT: A story we have not written

Source: Paramount

Key Release Dates"""  # noqa: E501


@pytest.mark.parametrize("device", WIDTHS)
def test_a_writer_makes_a_draft_from_plain_text(live_server, browser, axe_source, device):
    call_command("load_demo", stdout=open(os.devnull, "w"))
    context = browser.new_context(bypass_csp=True, viewport={"width": WIDTHS[device], "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/?next=/admin/articles/article/")
    page.fill("#id_username", DEMO_WRITER[0])
    page.fill("#id_password", DEMO_WRITER[1])
    page.click("input[type=submit]")
    assert fits(page)
    shoot(page, f"text-import-{device}-list")
    page.click("text=New story from plain text")
    expect(page.locator("h1")).to_have_text("New story from plain text")
    assert serious_axe_violations(page, axe_source) == []
    assert fits(page)
    shoot(page, f"text-import-{device}-empty")

    page.fill("textarea[name=copy]", ";")
    page.click("input[type=submit][value='Make the draft']")
    expect(page.locator(".errorlist")).to_contain_text("no paragraphs")
    shoot(page, f"text-import-{device}-refused")
    page.fill("textarea[name=copy]", COPY)
    page.click("input[type=submit][value='Make the draft']")
    expect(page.locator(".messagelist")).to_contain_text("made from plain text")
    story = Article.objects.get(headline="Cruise's Fallout jump gets a second look")
    assert story.status == "draft"
    expect(page.locator("#editorial-notes")).to_contain_text("Dana Whitfield")
    expect(page.locator("[data-prepublish-list]").first).to_contain_text("has no address yet")
    assert fits(page)
    shoot(page, f"text-import-{device}-draft")
    context.close()
