"""The desk in a real browser: an editor's and a writer's home page on a laptop and a phone,
axe-clean, each heading leading to the story list it counts."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from articles.changes import apply_transition
from articles.roles import ensure_roles
from tests.factories import make_article, make_user

from .conftest import serious_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("NEWSROOM_SHOTS", "/tmp/shots-dashboard"))
WIDTHS = (1366, 390)


def log_in(page, base, user):
    page.goto(f"{base}/admin/login/?next=/admin/")
    page.fill("#id_username", user.get_username())
    page.fill("#id_password", "pw")
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/admin/")


@pytest.fixture
def newsroom(live_server):
    """A newsroom day: stories in every state, one writer's work sent back once."""
    ensure_roles()  # a transactional test before this one flushed them
    now = timezone.now()
    writer = make_user("Writers", first_name="Wanda", last_name="Writer")
    editor = make_user("Editors", first_name="Eddie", last_name="Editor")
    for n in range(3):
        story = make_article(
            headline=f"Tom Cruise's HALO jump, part {n + 1}: the long read", status="draft", created_by=writer
        )
        apply_transition(story, "submit", writer)
    sent_back = make_article(headline="Fallout's box office, day one", status="draft", created_by=writer)
    apply_transition(sent_back, "submit", writer)
    apply_transition(sent_back, "return_to_draft", editor, note="Add the overseas figures.")
    make_article(
        headline="Interview notes with the stunt team", status="draft", publish_at=None, created_by=writer
    )
    for hours in (3, 20, 40):
        make_article(headline=f"Trailer breakdown in {hours} hours", publish_at=now + timedelta(hours=hours))
    for n in range(12):
        make_article(
            headline=f"Live story {n + 1} about the featurette", publish_at=now - timedelta(hours=n + 1)
        )
    make_article(
        headline="Review embargo: Mission: Impossible – Fallout",
        publish_at=now - timedelta(hours=1),
        embargo_until=min(now + timedelta(minutes=20), timezone.localtime(now).replace(hour=23, minute=59)),
    )
    make_article(
        headline="Expired contest", publish_at=now - timedelta(days=3), expire_at=now - timedelta(days=1)
    )
    return live_server.url, writer, editor


def test_desk_for_editor_and_writer(newsroom, browser, axe_source):
    base, writer, editor = newsroom
    SHOTS.mkdir(parents=True, exist_ok=True)
    for role, user in (("editor", editor), ("writer", writer)):
        for width in WIDTHS:
            context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
            page = context.new_page()
            log_in(page, base, user)
            sections = page.locator(".desk-section")
            assert sections.count() == 6
            # No section overflows the screen sideways.
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{role} at {width}px scrolls sideways by {overflow}px"
            page.screenshot(path=str(SHOTS / f"desk-{role}-{width}.png"), full_page=True)
            assert serious_axe_violations(page, axe_source) == []
            context.close()


def test_heading_leads_to_the_stories_it_counts(newsroom, page):
    base, _, editor = newsroom
    log_in(page, base, editor)
    heading = page.locator(".desk-in_review h2 a")
    assert heading.locator(".desk-count").inner_text() == "3"
    first = page.locator(".desk-in_review .desk-entry").first
    assert "Submitted by Wanda Writer" in first.inner_text()
    heading.click()
    page.wait_for_url("**/admin/articles/article/?**")
    assert page.locator("#result_list tbody tr").count() == 3
    # The sidebar has the same groups as the desk.
    sidebar = page.locator("#nav-sidebar")
    if sidebar.count():
        assert sidebar.get_by_role("link", name="Films & people").count() == 1
        assert sidebar.get_by_role("link", name="Bylines").count() == 0
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "desk-in-review-list.png"))
    page.goto(f"{base}/admin/section/films-people/")
    assert page.get_by_role("link", name="Films", exact=True).count() >= 1
    page.screenshot(path=str(SHOTS / "group-films-people.png"))

    page.goto(f"{base}/admin/")
    page.locator(".desk-scheduled .desk-headline").first.click()
    page.wait_for_url("**/change/")
    assert page.locator("#id_headline").input_value() == "Trailer breakdown in 3 hours"
