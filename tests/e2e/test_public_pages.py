"""The demo newsroom's public pages in a real browser: accessible, valid HTML, readable without JS."""

from datetime import timedelta
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article, PreviewLink

from .conftest import serious_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {
    "home": "/",
    "featurette story": "/articles/tom-cruise-halo-jump-featurette-mission-impossible-fallout/",
    "exclusive story": "/articles/tom-cruise-explains-halo-jump-mission-impossible-fallout-exclusive/",
    "tag": "/tags/stunts/",
    "film": "/films/mission-impossible-fallout/",
    "person": "/people/tom-cruise/",
    "source": "/sources/paramount/",
    "author": "/authors/dana-reyes/",
    "review": "/articles/mission-impossible-fallout-review/",
    "reviews": "/reviews/",
    "release calendar": "/releases/",
    "release calendar by month": "/releases/?period=month&country=",
    "release calendar refused": "/releases/?start=2026-13-01",
    "films": "/films/",
    "films under a letter": "/films/?letter=M",
    "people": "/people/",
    "sources": "/sources/",
    "not found": "/articles/no-such-story/",
}


@pytest.fixture
def demo(live_server):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    draft = Article.objects.get(status="draft")
    for name, expires in (("shared preview", 1), ("expired preview", -1)):
        link = PreviewLink.objects.create(article=draft, expires_at=timezone.now() + timedelta(days=expires))
        PAGES[name] = link.get_absolute_url()
    return live_server.url


def fetch(url):
    try:
        with urlopen(url) as response:
            return response.read()
    except HTTPError as error:
        return error.read()


def test_pages_are_valid_html(demo, html_checker):
    """Every public page passes the Nu HTML Checker with no errors."""
    errors = html_checker({name: fetch(demo + path) for name, path in PAGES.items()})
    assert {name: found for name, found in errors.items() if found} == {}


def test_pages_have_no_serious_accessibility_violations(demo, page, axe_source):
    for name, path in PAGES.items():
        page.goto(demo + path)
        assert serious_axe_violations(page, axe_source) == [], name


def test_story_reads_without_javascript(demo, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(demo + PAGES["featurette story"])
    assert page.locator("h1").inner_text().startswith("New Fallout featurette")
    assert page.get_by_role("heading", name="Key Release Dates").is_visible()
    assert page.get_by_role("link", name="M:I – Fallout Trailer #2: Tom Cruise vs. Henry Cavill").is_visible()
    # Narrow screens get one column and no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.close()


def test_following_links_from_home_to_film(demo, page):
    """A reader follows links from the home page to a story and on to its film's page."""
    page.goto(demo + "/")
    page.get_by_role(
        "link", name="New Fallout featurette shows how Tom Cruise pulled off his HALO jump"
    ).click()
    page.get_by_role("link", name="Mission: Impossible – Fallout (2018)").click()
    assert page.locator("h1").inner_text().startswith("Mission: Impossible – Fallout")
    assert page.get_by_text("Christopher McQuarrie: Director").is_visible()
