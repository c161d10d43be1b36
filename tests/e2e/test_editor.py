"""The story editor in a real browser under the site's strict Content-Security-Policy."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from articles.models import Article

from .test_workflow import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def editor_page(live_server, browser):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    page = browser.new_context().new_page()
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    log_in(page, live_server.url, ("editor", "newsroom-editor"))
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.problems = problems
    return page


def test_editor_runs_under_csp_and_writes_a_pull_quote(editor_page):
    page = editor_page
    body = page.locator(".field-body [contenteditable=true]")
    expect(body).to_be_visible()
    page.locator("#id_headline").press_sequentially("Cruise on the jump")
    body.click()
    page.keyboard.type("Tom will be the first actor to do a HALO jump on camera.")
    page.click(".field-body button[title=blockquote]")
    page.locator(".field-body .prose-menubar__selected").filter(has_text="Block style").click()
    page.locator(".field-body .prose-menubar__option").filter(has_text="Pull quote").click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.keyboard.press("Control+b")
    page.keyboard.type("Bold words")
    page.click("input[name=_save]")
    expect(page.get_by_text("was added successfully")).to_be_visible()

    saved = Article.objects.get(slug="cruise-on-the-jump").body
    assert '<blockquote class="pull-quote"><p>Tom will be the first actor' in saved
    assert "<strong>Bold words</strong>" in saved
    assert page.problems == [], "no script errors and no CSP violations"


def test_the_body_is_spellchecked(editor_page):
    """django-prose-editor turns the browser's spellcheck off by default; the body has it on."""
    body = editor_page.locator(".field-body [contenteditable=true]")
    expect(body).to_be_visible()
    assert body.get_attribute("spellcheck") != "false"
    assert body.evaluate("element => element.spellcheck") is True
