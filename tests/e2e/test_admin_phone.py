"""The story admin on a 390 px phone and a 1,366 px laptop: inline tables on screen to their last
column, the story list's publish time whole, the calendar without list bullets."""

import pytest
from django.core.management import call_command

from articles.demo.load import DEMO_EDITOR
from articles.models import Article

from .test_workflow import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = "/tmp/shots-bugs"


@pytest.fixture
def newsroom(live_server):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    return live_server.url


def editor_page(browser, base, width):
    page = browser.new_context(viewport={"width": width, "height": 844 if width < 600 else 900}).new_page()
    log_in(page, base, DEMO_EDITOR)
    return page


def on_screen(page, selector):
    """Whether the first element found has a size and its right edge within the viewport: seen
    without scrolling sideways (a table scrolled inside its box hides the column a phone needs)."""
    return page.locator(selector).first.evaluate(
        "element => { const box = element.getBoundingClientRect();"
        " return box.width > 0 && box.right <= window.innerWidth + 1; }"
    )


@pytest.mark.parametrize("width", [390, 1366])
def test_story_form_inlines_show_order_and_delete(newsroom, browser, width):
    page = editor_page(browser, newsroom, width)
    story = Article.objects.filter(bylines__isnull=False, citations__isnull=False).first()
    page.goto(f"{newsroom}/admin/articles/article/{story.pk}/change/")
    for inline in ("#bylines-group", "#citations-group", "#film_links-group"):
        assert page.locator(inline).count(), f"{inline} is on the form"
        for field in ('input[name$="-0-order"]', 'input[name$="-0-DELETE"]'):
            selector = f"{inline} {field}"
            assert page.locator(selector).count(), f"{selector} is in the form"
            assert on_screen(page, selector), f"{selector} cut off at {width} px"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), "no sideways page"
    page.screenshot(path=f"{SHOTS}/story-form-{width}.png", full_page=True)


@pytest.mark.parametrize("width", [390, 1366])
def test_story_list_publish_time_is_whole(newsroom, browser, width):
    page = editor_page(browser, newsroom, width)
    page.goto(f"{newsroom}/admin/articles/article/")
    cell = page.locator("#result_list td.field-publish_time").first
    assert cell.evaluate("c => c.scrollWidth <= c.clientWidth + 1"), "the publish time fits its cell"
    assert on_screen(page, "#result_list td.field-publish_time"), "publish time on screen"
    page.screenshot(path=f"{SHOTS}/story-list-{width}.png", full_page=True)


@pytest.mark.parametrize("width", [390, 1366])
def test_calendar_entries_have_no_bullets(newsroom, browser, width):
    page = editor_page(browser, newsroom, width)
    page.goto(f"{newsroom}/admin/articles/article/calendar/")
    entries = page.locator(".editorial-calendar li")
    assert entries.count() > 0
    styles = entries.evaluate_all("items => items.map(li => getComputedStyle(li).listStyleType)")
    assert set(styles) == {"none"}
    page.screenshot(path=f"{SHOTS}/calendar-{width}.png", full_page=True)
