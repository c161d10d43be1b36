"""The newsroom's day in a real browser: draft → review → scheduled → live → corrected → unpublished,
and two editors on one story without a lost update."""

import time
from datetime import timedelta
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from articles.demo.load import DEMO_EDITOR, DEMO_WRITER
from articles.models import Article

from .conftest import type_body

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def status_of(url):
    try:
        with urlopen(url) as response:
            return response.status
    except HTTPError as error:
        return error.code


def log_in(page, base, account):
    page.goto(f"{base}/admin/login/?next=/admin/")
    page.fill("#id_username", account[0])
    page.fill("#id_password", account[1])
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/admin/")


@pytest.fixture
def newsroom(live_server):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    return live_server.url


def test_story_from_draft_to_unpublished(newsroom, browser):
    """Writer submits, editor schedules, the clock publishes, a correction is added, editor unpublishes."""
    writer = browser.new_context().new_page()
    log_in(writer, newsroom, DEMO_WRITER)
    writer.goto(f"{newsroom}/admin/articles/article/add/")
    assert writer.locator("#id_status").count() == 0, "writers get no status control"
    writer.locator("#id_headline").press_sequentially("Fallout's HALO jump, frame by frame")
    type_body(writer, "The writer's careful text.")
    writer.click("button[value=submit]")
    writer.wait_for_url(f"{newsroom}/admin/articles/article/")
    story = Article.objects.get(slug="fallouts-halo-jump-frame-by-frame")
    assert story.status == "in_review"
    public_url = newsroom + story.get_absolute_url()
    assert status_of(public_url) == 404

    editor = browser.new_context().new_page()
    log_in(editor, newsroom, DEMO_EDITOR)
    editor.goto(f"{newsroom}/admin/articles/article/?status__exact=in_review")
    editor.get_by_role("link", name="Fallout's HALO jump, frame by frame").click()
    assert editor.input_value("#id_body") == "<p>The writer's careful text.</p>"
    when = timezone.localtime(timezone.now() + timedelta(seconds=6))
    editor.fill("#id_publish_at_0", when.strftime("%Y-%m-%d"))
    editor.fill("#id_publish_at_1", when.strftime("%H:%M:%S"))
    editor.click("button[value=schedule]")
    editor.wait_for_url(f"{newsroom}/admin/articles/article/?status__exact=in_review")
    story.refresh_from_db()
    assert story.is_scheduled()
    assert status_of(public_url) == 404

    # The preview shows it as readers will see it, marked as a preview.
    editor.goto(f"{newsroom}/admin/articles/article/{story.pk}/preview/")
    assert editor.locator(".preview-banner").inner_text().startswith("Staff preview")

    # Live by the clock alone: nothing runs at the publish time.
    while timezone.now() <= story.publish_at:
        time.sleep(0.5)
    assert status_of(public_url) == 200
    editor.goto(newsroom + "/")
    assert editor.get_by_role("link", name="Fallout's HALO jump, frame by frame").is_visible()

    editor.goto(f"{newsroom}/admin/articles/article/{story.pk}/change/")
    editor.click("#corrections-2-group .add-row a")
    editor.fill("#id_corrections-2-0-note", "An earlier version gave the wrong altitude.")
    editor.click("input[name=_continue]")
    editor.goto(public_url)
    assert "An earlier version gave the wrong altitude." in editor.locator(".corrections").inner_text()

    editor.goto(f"{newsroom}/admin/articles/article/{story.pk}/change/")
    editor.click("button[value=unpublish]")
    editor.wait_for_url(f"{newsroom}/admin/articles/article/")
    assert status_of(public_url) == 404
    story.refresh_from_db()
    assert story.status == "archived"
    assert story.body == "<p>The writer's careful text.</p>"


def test_two_editors_one_story(newsroom, browser):
    """The second of two editors saving the same story is refused, their text kept in the form."""
    story = Article.objects.get(slug__startswith="tom-cruise-halo")
    url = f"{newsroom}/admin/articles/article/{story.pk}/change/"
    first, second = browser.new_context().new_page(), browser.new_context().new_page()
    for page in (first, second):
        log_in(page, newsroom, DEMO_EDITOR)
        page.goto(url)
    first.fill("#id_dek", "The first editor's dek.")
    first.click("input[name=_save]")
    first.wait_for_url(f"{newsroom}/admin/articles/article/")

    second.fill("#id_dek", "The second editor's dek, typed with care.")
    second.click("input[name=_save]")
    expect(second.locator(".errorlist.nonfield")).to_contain_text("Dana Reyes saved this story at")
    assert second.input_value("#id_dek") == "The second editor's dek, typed with care."
    assert Article.objects.get(slug__startswith="tom-cruise-halo").dek == "The first editor's dek."
