"""Notices and editorial notes in a real browser, as a writer and an editor would meet them: the
bell, the notices list, the story's notes panel with a mention, and returning a story to draft
with a note, at a laptop's and a phone's width. Screenshots go to NEWSROOM_SHOTS (if set)."""

import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from articles.demo.load import DEMO_EDITOR, DEMO_WRITER
from articles.models import Article
from desk.models import Notice


def serious_axe_violations(page, axe_source, within=None):
    """axe-core's serious and critical violations in the page, or only `within` a selector."""
    page.add_script_tag(content=axe_source)
    result = page.evaluate("async (within) => await axe.run(within || document)", within)
    return [
        {"id": v["id"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS = {"laptop": 1366, "phone": 390}


def log_in(browser, base, account, width):
    context = browser.new_context(bypass_csp=True, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/admin/login/?next=/admin/")
    page.fill("#id_username", account[0])
    page.fill("#id_password", account[1])
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/admin/")
    return page


def shoot(page, name, full_page=True):
    folder = os.environ.get("NEWSROOM_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/{name}.png", full_page=full_page)


@pytest.fixture
def newsroom(live_server):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    return live_server.url


@pytest.mark.parametrize("device", WIDTHS)
def test_a_story_returned_with_a_note_and_a_mention(newsroom, browser, axe_source, device):
    width = WIDTHS[device]
    story = Article.objects.filter(status="draft", created_by__username=DEMO_WRITER[0]).first()
    change = f"{newsroom}/admin/articles/article/{story.pk}/change/"

    writer = log_in(browser, newsroom, DEMO_WRITER, width)
    writer.goto(change)
    writer.click("button[value=submit]")
    writer.wait_for_url(f"{newsroom}/admin/articles/article/")

    editor = log_in(browser, newsroom, DEMO_EDITOR, width)
    expect(editor.locator("#user-tools .desk-bell-count")).to_contain_text("1")
    shoot(editor, f"{device}-1-editor-bell", full_page=False)
    editor.click("#user-tools .desk-bell")
    expect(editor.locator(".desk-notice.unread")).to_contain_text("submitted for review")
    assert serious_axe_violations(editor, axe_source) == []
    shoot(editor, f"{device}-2-editor-notices")
    editor.click(".desk-notice a")
    editor.wait_for_url(change)

    editor.fill("#id_desk_text", f"@{DEMO_WRITER[0]} the second paragraph needs a source.")
    editor.click(".desk-new-note button[type=submit]")
    expect(editor.locator("#editorial-notes .desk-thread")).to_contain_text("needs a source")

    # Return to draft with no note: the note field is brought up, nothing is sent.
    editor.locator(".submit-row button[value=return_to_draft]").last.click()
    expect(editor.locator("#id_return_note")).to_be_focused()
    assert Article.objects.get(pk=story.pk).status == "in_review"
    editor.fill("#id_return_note", "Add the studio's statement, then send it back.")
    shoot(editor, f"{device}-3-editor-return-note")
    editor.locator(".submit-row button[value=return_to_draft]").last.click()
    # Back to the list (the browser keeps the #note-… the form was opened at).
    editor.wait_for_url(re.compile(rf"{re.escape(newsroom)}/admin/articles/article/(#.*)?$"))
    assert Article.objects.get(pk=story.pk).status == "draft"

    writer.goto(f"{newsroom}/admin/")
    expect(writer.locator("#user-tools .desk-bell-count")).to_contain_text("2")
    writer.click("#user-tools .desk-bell")
    expect(writer.locator(".desk-notice-note").first).to_contain_text("the studio's statement")
    shoot(writer, f"{device}-4-writer-notices")
    writer.click("text=Mark all as read")
    expect(writer.locator("#user-tools .desk-bell-count")).to_have_count(0)
    assert not Notice.objects.filter(recipient__username=DEMO_WRITER[0], read_at__isnull=True).exists()

    writer.goto(f"{change}#editorial-notes")
    thread = writer.locator("#editorial-notes .desk-thread").first
    thread.locator("textarea").fill("Added it. Over to you.")
    thread.locator("button", has_text="Reply").click()
    expect(writer.locator("#editorial-notes .desk-reply")).to_contain_text("Over to you")
    # The panel's own markup (the rest of the story form is checked elsewhere).
    assert serious_axe_violations(writer, axe_source, within="#editorial-notes") == []
    # The panel comes below the form: its heading's blue does not sit behind the form's fieldsets.
    form_bottom = writer.locator("#article_form").evaluate("form => form.getBoundingClientRect().bottom")
    heading_top = writer.locator("#editorial-notes-title").evaluate("h => h.getBoundingClientRect().top")
    assert heading_top >= form_bottom
    writer.locator("#editorial-notes").scroll_into_view_if_needed()
    shoot(writer, f"{device}-5-writer-notes-panel")
    writer.goto(f"{newsroom}/admin/desk/notices/preferences/")
    writer.uncheck("#id_email")
    writer.click("input[type=submit]")
    expect(writer.locator(".messagelist")).to_contain_text("no longer be emailed")
    shoot(writer, f"{device}-6-writer-preferences", full_page=False)
