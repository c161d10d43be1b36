"""Picking by sight and writing aids on the story form, in Chromium under the site's strict CSP:
the choosers' thumbnails and warnings, Insert image, clip cards, counters, word count, previews,
the checks before publishing and Ctrl+S."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from articles.models import Article

from .test_workflow import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FEATURETTE = "tom-cruise-halo-jump-featurette-mission-impossible-fallout"


@pytest.fixture
def desk(live_server, browser):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    page = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    log_in(page, live_server.url, ("editor", "newsroom-editor"))
    page.problems = problems
    page.base = live_server.url
    return page


def open_story(page, slug=FEATURETTE):
    story = Article.objects.get(slug=slug)
    page.goto(f"{page.base}/admin/articles/article/{story.pk}/change/")
    expect(page.locator(".field-body [contenteditable=true]")).to_be_visible()
    return story


def caret_to_end(body):
    """The caret at the end of the body, through the editor's own command (Control+End is not
    reliably the end of the document in headless Chromium: the caret can stay where the click put it)."""
    body.evaluate("element => element.editor.commands.focus('end')")
    # The command moves the focus on the next animation frame: until then keys go elsewhere
    # (Enter in the field focused before would submit the form).
    expect(body).to_be_focused()


def test_counters_word_count_and_previews(desk):
    page = desk
    open_story(page)
    expect(page.locator("[data-aid=word-count]")).to_have_text(re.compile(r"^\d{3} words · \d min read$"))
    headline = page.locator("#id_headline")
    headline.fill("Short")
    expect(page.locator("#id_headline_counter")).to_have_text("5 / 110")
    page.locator("summary", has_text="Search engines").click()
    page.locator("#id_seo_title").fill("x" * 61)
    expect(page.locator("#id_seo_title_counter")).to_have_text("61 / 60")
    expect(page.locator("#id_seo_title_counter")).to_have_class(re.compile("over"))
    expect(page.locator(".serp-title")).to_have_text("x" * 59 + "…")
    page.locator("#id_seo_description").fill("What the search result says.")
    expect(page.locator(".serp-text")).to_have_text("What the search result says.")
    expect(page.locator(".social-text")).to_have_text("What the search result says.")

    body = page.locator(".field-body [contenteditable=true]")
    caret_to_end(body)
    page.keyboard.press("Enter")
    expect(body.locator("> p").last).to_have_text("")
    before = int(page.locator("[data-aid=word-count]").inner_text().split()[0])
    page.keyboard.type("three more words")
    expect(page.locator("[data-aid=word-count]")).to_have_text(re.compile(rf"^{before + 3} words"))
    assert page.problems == []


def test_choosers_show_thumbnails_and_warn_of_stories_not_live(desk):
    page = desk
    open_story(page)
    page.locator(".field-lead_image .select2-selection").click()
    first = page.locator(".select2-results__option .chooser-image").first
    expect(first.locator("img.chooser-thumb")).to_have_attribute(
        "src", re.compile(r"/renditions/.+-320w\.webp$")
    )
    expect(first.locator(".chooser-meta")).to_have_text(re.compile(r"× \d+$"))
    page.locator(".select2-dropdown .select2-search__field").fill("ghost")
    expect(page.locator(".select2-results__option .chooser-title")).to_have_count(1)
    expect(page.locator(".select2-results__option .chooser-title")).to_have_text(re.compile("Ghost Protocol"))
    page.locator(".select2-results__option .chooser-image").first.click()
    expect(page.locator(".field-lead_image .select2-selection img.chooser-thumb")).to_be_visible()
    # The social card previews the image's social crop.
    expect(page.locator(".social-preview img.social-image")).to_have_attribute(
        "src", re.compile(r"-social\.jpeg$")
    )

    page.locator("#related_links-group .add-row a").click()
    page.locator("#related_links-group .field-target_article .select2-selection").last.click()
    page.locator(".select2-dropdown .select2-search__field").fill("Burj")
    scheduled = page.locator(".select2-results__option .chooser-story").first
    expect(scheduled.locator(".state")).to_have_text("scheduled")
    expect(scheduled.locator(".chooser-warning")).to_have_text("Not live: it will not show until it is.")
    scheduled.click()
    expect(page.locator("[data-prepublish-list] [data-code=link_not_live]").first).to_be_attached()
    assert page.problems == []


def test_insert_image_clip_card_and_ctrl_s(desk):
    page = desk
    story = open_story(page)
    caret_to_end(page.locator(".field-body [contenteditable=true]"))
    page.locator(".field-body button[title='Insert image from the library']").click()
    picker = page.locator("dialog.image-picker")
    picker.locator("input[type=search]").fill("rogue")
    expect(picker.locator(".image-picker-results button")).to_have_count(1)
    expect(picker.locator(".image-picker-results img")).to_have_attribute("src", re.compile("/renditions/"))
    picker.locator(".image-picker-results button").click()
    figure = page.locator(".ProseMirror figure.body-image")
    expect(figure.locator("img")).to_be_visible()
    page.keyboard.type("Ethan Hunt, mid-air")
    page.keyboard.press("Enter")
    page.keyboard.type("https://youtu.be/dQw4w9WgXcQ")
    card = page.locator(".ProseMirror .clip-card")
    expect(card).to_contain_text("YouTube clip")
    expect(card).to_contain_text("dQw4w9WgXcQ")

    page.keyboard.press("Control+s")
    expect(page.get_by_text("was changed successfully")).to_be_visible()
    assert page.url.endswith(f"/admin/articles/article/{story.pk}/change/")
    body = Article.objects.get(pk=story.pk).body
    assert re.search(r'<figure data-image="\d+"><figcaption>Ethan Hunt, mid-air</figcaption></figure>', body)
    assert "<img" not in body
    # The reopened editor shows the figure with its thumbnail; the page draws it from renditions.
    expect(page.locator(".ProseMirror figure.body-image img")).to_have_attribute(
        "src", re.compile("/renditions/")
    )
    page.goto(f"{page.base}/articles/{FEATURETTE}/")
    expect(page.locator(".story-body figure.body-image picture source")).to_have_attribute(
        "srcset", re.compile(r"-320w\.webp 320w")
    )
    expect(page.locator(".story-body figure.body-image figcaption")).to_contain_text("Ethan Hunt, mid-air")
    assert page.problems == []


def test_new_story_byline_and_checks_before_publishing(desk):
    page = desk
    page.goto(f"{page.base}/admin/articles/article/add/")
    # The demo editor writes as their own author record.
    expect(page.locator("#bylines-group .field-author .select2-selection__rendered").first).not_to_have_text(
        ""
    )
    panel = page.locator(".submit-row [data-prepublish]").last
    page.locator("#id_headline").fill("H" * 111)
    expect(panel.locator("summary")).to_contain_text("long headline")
    expect(panel.locator("summary")).to_contain_text("empty dek")
    expect(panel.locator("summary")).not_to_contain_text("no byline")
    page.locator("#id_dek").fill("A dek.")
    expect(panel.locator("summary")).not_to_contain_text("empty dek")
    expect(page.locator(".save-shortcut").last).to_contain_text("saves and keeps editing")
    assert page.problems == []
