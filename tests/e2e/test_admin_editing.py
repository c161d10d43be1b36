"""An editor writes and publishes a story through the admin in a real browser."""

import pytest
from django.core.management import call_command

from articles.demo.load import DEMO_EDITOR
from articles.models import Article

from .conftest import type_body

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, url, next_path="/admin/"):
    page.goto(f"{url}/admin/login/?next={next_path}")
    page.fill("#id_username", DEMO_EDITOR[0])
    page.fill("#id_password", DEMO_EDITOR[1])
    page.click("input[type=submit]")
    page.wait_for_url(url + next_path)


def test_editor_publishes_a_story(live_server, page):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    log_in(page, live_server.url)

    page.goto(live_server.url + "/admin/articles/article/add/")
    assert page.get_by_text("America/New_York").first.is_visible()
    # Typed key by key: the admin fills the slug in on keyup.
    page.locator("#id_headline").press_sequentially("Fallout lands on 4K UHD")
    assert page.input_value("#id_slug") == "fallout-lands-on-4k-uhd"
    type_body(page, "Out on Dec. 4. <script>alert(1)</script>")
    # Status is the workflow's: it shows, but only the buttons change it; going live asks first.
    assert page.locator("#id_status").count() == 0
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.click("button[value=publish_now]")
    page.wait_for_url(live_server.url + "/admin/articles/article/**")
    assert asked == ["Publish this story now? Readers will see it at once."]
    assert "published" in page.locator("ul.messagelist").inner_text()

    article = Article.objects.get(slug="fallout-lands-on-4k-uhd")
    assert article.is_live()
    assert article.body == "<p>Out on Dec. 4. &lt;script&gt;alert(1)&lt;/script&gt;</p>"
    page.goto(live_server.url + "/")
    assert page.get_by_role("link", name="Fallout lands on 4K UHD").is_visible()


def test_editor_sees_story_states(live_server, page):
    """The story list's badges and visibility filter show the demo stories' states."""
    call_command("load_demo", stdout=open("/dev/null", "w"))
    log_in(page, live_server.url, "/admin/articles/article/")
    states = page.locator("#result_list .state").all_inner_texts()
    assert sorted(states) == ["Draft", "Live", "Live", "Live", "Live", "Live", "Scheduled"]
    page.screenshot(path="/tmp/admin-list.png", full_page=True)
    page.goto(live_server.url + "/admin/articles/article/?visibility=scheduled")
    assert page.locator("#result_list .state").all_inner_texts() == ["Scheduled"]
