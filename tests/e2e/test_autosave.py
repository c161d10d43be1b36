"""Autosave and conflicts in a real browser, under the site's own Content-Security-Policy."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.demo.load import DEMO_EDITOR
from articles.models import Article
from autosave.models import DraftCopy
from tests.factories import make_user

from .autosave_helpers import log_in
from .conftest import type_body

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots-autosave")
WORDS = "Every single word typed here survives the crash, even this last one."


@pytest.fixture
def demo(settings):
    settings.NEWSROOM_AUTOSAVE_SECONDS = 1
    call_command("load_demo", stdout=open("/dev/null", "w"))
    return Article.objects.order_by("pk").first()


def new_page(browser, width=1366):
    # No bypass_csp: the autosave script must run under the admin's real policy.
    context = browser.new_context(viewport={"width": width, "height": 900})
    return context, context.new_page()


def shoot(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=False)


def test_typed_words_survive_a_killed_page(live_server, browser, demo):
    context, page = new_page(browser)
    csp_errors = []
    page.on("console", lambda m: csp_errors.append(m.text) if "Content Security Policy" in m.text else None)
    log_in(page, live_server.url, DEMO_EDITOR, f"/admin/articles/article/{demo.pk}/change/")
    type_body(page, " " + WORDS)
    page.locator(".autosave-status").filter(has_text="Draft copy kept at").wait_for()
    assert Article.objects.get(pk=demo.pk).body == demo.body, "the story itself is untouched"
    context.close()  # the crash: nothing saved, no unload handlers run

    for width in (390, 1366):
        context, page = new_page(browser, width)
        log_in(page, live_server.url, DEMO_EDITOR, f"/admin/articles/article/{demo.pk}/change/")
        offer = page.locator(".autosave-offer")
        assert re.match(r"Restore your unsaved changes from \d", offer.locator("h2").inner_text())
        assert WORDS in "".join(offer.locator("ins").all_inner_texts())
        offer.scroll_into_view_if_needed()
        shoot(page, f"restore-offer-{width}.png")
        if width == 390:
            context.close()
    page.get_by_role("link", name="Restore").click()
    page.locator(".autosave-restored").wait_for()
    body = page.locator(".field-body [contenteditable=true]")
    assert WORDS in body.inner_text()
    shoot(page, "restored-1366.png")
    assert not csp_errors, csp_errors
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("input[name=_continue]").first.click()
    page.get_by_text("was changed successfully").wait_for()
    assert page.url.endswith(f"/admin/articles/article/{demo.pk}/change/")
    assert WORDS in Article.objects.get(pk=demo.pk).body
    assert not DraftCopy.objects.exists()
    context.close()


def test_a_colleagues_save_is_reported_then_merged(live_server, browser, demo):
    path = f"/admin/articles/article/{demo.pk}/change/"
    colleague = make_user("Editors", first_name="Dana", last_name="Reyes")
    mine_context, mine = new_page(browser)
    log_in(mine, live_server.url, DEMO_EDITOR, path)
    theirs_context, theirs = new_page(browser)
    log_in(theirs, live_server.url, (colleague.username, "pw"), path)

    theirs.fill("#id_headline", "Dana's headline")
    theirs.fill("#id_dek", "Dana's dek")
    theirs.locator("input[name=_continue]").first.click()
    theirs.wait_for_url(live_server.url + path)
    theirs_context.close()

    mine.fill("#id_headline", "My headline")
    type_body(mine, " My added sentence.")
    stale = mine.locator(".autosave-status.autosave-stale")
    stale.wait_for()
    assert "Dana Reyes saved this story at" in stale.inner_text()
    assert "your copy is kept; saving will show the differences" in stale.inner_text()
    mine.once("dialog", lambda dialog: dialog.accept())
    mine.locator("input[name=_continue]").first.click()
    panel = mine.locator(".merge-conflict")
    panel.wait_for()
    rows = {row.locator("th").inner_text(): row for row in panel.locator("tbody tr").all()}
    assert set(rows) >= {"Headline", "Dek", "Body"}
    assert mine.input_value("#id_dek") == "Dana's dek", "their change is in the form"
    for width in (1366, 390):
        mine.set_viewport_size({"width": width, "height": 900})
        panel.scroll_into_view_if_needed()
        shoot(mine, f"conflict-{width}.png")
    mine.set_viewport_size({"width": 1366, "height": 900})
    rows["Headline"].get_by_label("Yours").check()
    mine.locator("input[name=_continue]").first.click()
    mine.wait_for_url(live_server.url + path)
    saved = Article.objects.get(pk=demo.pk)
    assert (saved.headline, saved.dek) == ("My headline", "Dana's dek")
    assert "My added sentence." in saved.body
    mine_context.close()
