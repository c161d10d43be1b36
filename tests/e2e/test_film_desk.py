"""The film desk as a first-time visitor meets it in Chromium, on a laptop and on a phone: finding
the release calendar, reviews and films from the masthead, narrowing the calendar and taking it
home as a calendar feed, without knowing a single address.

Set NEWSROOM_SCREENSHOTS to a folder to keep screenshots of the desk's pages at both widths.
"""

import os
import re
from contextlib import contextmanager
from datetime import timedelta
from io import StringIO
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.utils import timezone
from django.utils.dateformat import format as format_date
from playwright.sync_api import expect

from articles.demo.load import upcoming_days

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = {
    "laptop": {"viewport": {"width": 1366, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}
SECTIONS = ["News", "Reviews", "Releases", "Films"]
REVIEW = "/articles/mission-impossible-fallout-review/"
REVIEW_HEADLINE = "Mission: Impossible – Fallout review: six films in, the series hits its peak"
FILM = "/films/mission-impossible-fallout/"
FALLOUT = "Mission: Impossible – Fallout"
GHOST_PROTOCOL = "Mission: Impossible – Ghost Protocol"
ROGUE_NATION = "Mission: Impossible – Rogue Nation"
NARROW_PAGES = [
    "/releases/",
    "/releases/?period=month&country=",
    "/reviews/",
    REVIEW,
    "/films/",
    FILM,
]
SCREENSHOTS = {
    "releases-month": "/releases/?period=month",
    "review": REVIEW,
    "films": "/films/",
    "film": FILM,
}


@pytest.fixture
def demo(live_server, settings):
    """The demo newsroom, its releases dated relative to today; returns the site's address."""
    # Hashing the demo accounts' passwords the production way would take most of the load's time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo", stdout=StringIO())
    return live_server.url


@contextmanager
def visiting(browser, screen):
    """A fresh tab at the screen's size, as a first-time visitor has: no cookies, no history."""
    context = browser.new_context(**SCREENS[screen])
    try:
        yield context.new_page()
    finally:
        context.close()


def masthead(page):
    return page.get_by_role("navigation", name="Sections")


def breadcrumbs(page):
    return page.get_by_role("navigation", name="Breadcrumb")


def query(url):
    return parse_qs(urlsplit(url).query, keep_blank_values=True)


def listed_releases(page):
    """The dated releases the calendar page lists: [(ISO day, film title, facts line)]."""
    # The subscribe box closes the page's main part: once it shows, every release is on the page.
    expect(page.locator(".subscribe-box")).to_be_visible()
    rows = page.locator(".release-day:not(.undated) .release").evaluate_all(
        """items => items.map(item => [
            item.closest('.release-day').querySelector('h2 time').getAttribute('datetime'),
            item.querySelector('.release-film a').textContent,
            item.querySelector('.release-facts').textContent,
        ])"""
    )
    return [tuple(row) for row in rows]


def assert_fits(page, width, where):
    """The page scrolls no further sideways than the window, which is still `width` wide: a phone
    zooms out to fit a wider page, its window growing with it."""
    page_width, window_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert page_width <= window_width == width, (where, page_width, window_width)


def month_of(day):
    return format_date(day, "F Y")


def next_month(day):
    return (day.replace(day=1) + timedelta(days=31)).replace(day=1)


def check_subscribe_links(links, site, path, filters):
    """`links` (a list of subscribe links) point a calendar app at the feed at `path` with
    `filters`: webcal:// to subscribe, Google Calendar's page for that address, and the
    plain address to download; returns the plain address."""
    webcal = links.get_by_role("link", name=re.compile("^Subscribe to")).get_attribute("href")
    parts = urlsplit(webcal)
    assert (parts.scheme, parts.netloc, parts.path) == ("webcal", urlsplit(site).netloc, path)
    assert query(webcal) == filters
    google = links.get_by_role("link", name=re.compile("^Add .* to Google Calendar$")).get_attribute("href")
    assert google.startswith("https://calendar.google.com/calendar/render?cid=webcal%3A")
    assert query(google) == {"cid": [webcal]}
    ics = "http://" + webcal.removeprefix("webcal://")
    assert links.get_by_role("link", name=re.compile(r"^Download .* \(\.ics\)$")).get_attribute("href") == ics
    return ics


def fetch_calendar(page, address):
    """The iCalendar feed at `address`, as a calendar app would fetch it: its events' summaries."""
    response = page.request.get(address)
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/calendar")
    text = response.text()
    assert text.startswith("BEGIN:VCALENDAR") and text.rstrip().endswith("END:VCALENDAR")
    lines = text.replace("\r\n ", "").splitlines()
    return [line.removeprefix("SUMMARY:") for line in lines if line.startswith("SUMMARY:")]


def test_reader_narrows_the_release_calendar_and_subscribes(demo, browser, subtests):
    """From the home page a reader finds the release calendar in the masthead, sees this week's
    releases, switches to this month, picks a country and a format and presses "Show releases":
    the address, the heading and the form keep the choices, paging to the next month keeps them,
    and the page's subscribe links hand the same choices to the .ics feed, which holds them."""
    today = timezone.localdate()
    days, later = upcoming_days(today), next_month(today)
    chosen = {"country": ["GB"], "kind": ["theatrical"]}
    for screen in SCREENS:
        with subtests.test(screen=screen), visiting(browser, screen) as page:
            page.goto(demo + "/")
            masthead(page).get_by_role("link", name="Releases").click()

            expect(page).to_have_url(demo + "/releases/")
            expect(masthead(page).get_by_role("link", name="Releases")).to_have_attribute(
                "aria-current", "page"
            )
            periods = page.get_by_role("navigation", name="Periods")
            expect(periods.get_by_role("link", name="This week")).to_have_attribute("aria-current", "page")
            expect(page.locator(".calendar-scope")).to_have_text("United States of America · every format")
            # The demo's anniversary re-release opens in the US this week.
            rogue_nation = (
                days["this week"].isoformat(),
                ROGUE_NATION,
                "Theatrical · US · Anniversary re-release",
            )
            assert rogue_nation in listed_releases(page)

            periods.get_by_role("link", name="This month").click()
            expect(page.locator("h1")).to_have_text(f"Releases: {month_of(today)}")
            expect(periods.get_by_role("link", name="This month")).to_have_attribute("aria-current", "page")

            form = page.locator("form.release-filters")
            form.get_by_label("Country").select_option(label="United Kingdom")
            form.get_by_role("checkbox", name="Theatrical", exact=True).check()
            form.get_by_role("button", name="Show releases").click()

            expect(page).to_have_url(re.compile(r"[?&]country=GB(&|$)"))
            assert {key: query(page.url)[key] for key in ("period", "country", "kind")} == {
                "period": ["month"],
                **chosen,
            }
            expect(page.locator("h1")).to_have_text(f"Releases: {month_of(today)}")
            expect(page.locator(".calendar-scope")).to_have_text("United Kingdom · Theatrical")
            expect(form.get_by_label("Country")).to_have_value("GB")
            expect(form.get_by_role("checkbox", name="Theatrical", exact=True)).to_be_checked()
            expect(form.get_by_role("checkbox", name="Limited theatrical")).not_to_be_checked()
            this_months = listed_releases(page)
            ics = check_subscribe_links(page.locator(".subscribe-box"), demo, "/releases.ics", chosen)

            periods.get_by_role("link", name="Later month").click()
            expect(page.locator("h1")).to_have_text(f"Releases: {month_of(later)}")
            assert query(page.url) == {"period": ["month"], **chosen, "start": [later.isoformat()]}
            expect(page.locator(".calendar-scope")).to_have_text("United Kingdom · Theatrical")
            expect(form.get_by_label("Country")).to_have_value("GB")
            expect(form.get_by_role("checkbox", name="Theatrical", exact=True)).to_be_checked()
            next_months = listed_releases(page)
            assert check_subscribe_links(page.locator(".subscribe-box"), demo, "/releases.ics", chosen) == ics

            # Next week's IMAX re-release in the UK is in whichever month holds its day; each month
            # lists its own days, and only UK cinema releases.
            imax = (days["next week"].isoformat(), GHOST_PROTOCOL, "Theatrical · GB · IMAX re-release")
            assert imax in (this_months if days["next week"].month == today.month else next_months)
            assert {day[:7] for day, _, _ in this_months} <= {today.isoformat()[:7]}
            assert {day[:7] for day, _, _ in next_months} <= {later.isoformat()[:7]}
            shown = this_months + next_months
            assert all(facts.startswith("Theatrical · GB ·") for _, _, facts in shown), shown

            events = fetch_calendar(page, ics)
            assert f"{GHOST_PROTOCOL} — Theatrical (GB)" in events
            assert [event for event in events if not event.endswith(" — Theatrical (GB)")] == []


def test_reader_goes_from_reviews_to_a_review_and_its_film(demo, browser, subtests):
    """A reader opens Reviews from the masthead: the review's card shows its stars and "4.5 out of
    5"; on the review the rating is text in the accessibility tree with the stars hidden from it,
    the verdict, pros and cons and the film's release dates follow, the "Reviews" breadcrumb leads
    back, and the film's link leads to the film page listing our reviews."""
    for screen in SCREENS:
        with subtests.test(screen=screen), visiting(browser, screen) as page:
            page.goto(demo + "/")
            masthead(page).get_by_role("link", name="Reviews").click()

            expect(page).to_have_url(demo + "/reviews/")
            expect(masthead(page).get_by_role("link", name="Reviews")).to_have_attribute(
                "aria-current", "page"
            )
            card = page.locator("article.card").filter(has=page.get_by_role("link", name=REVIEW_HEADLINE))
            expect(card.locator("svg.stars")).to_be_visible()
            expect(card.locator(".rating-text")).to_have_text("4.5 out of 5")

            card.get_by_role("link", name=REVIEW_HEADLINE).click()
            expect(page).to_have_url(demo + REVIEW)
            verdict = page.get_by_role("complementary", name="Our verdict")
            expect(verdict.locator(".rating-text")).to_have_text("4.5 out of 5")
            expect(verdict.get_by_text("4.5 out of 5")).to_be_visible()
            expect(verdict.locator("svg.stars")).to_be_visible()
            expect(verdict.locator("svg.stars")).to_have_attribute("aria-hidden", "true")
            # What a screen reader is given: the number as text, and no picture.
            tree = verdict.aria_snapshot()
            assert 'strong: "4.5"' in tree and "text: out of 5" in tree, tree
            assert "img" not in tree, tree
            expect(verdict.locator(".verdict")).to_have_text(re.compile(r"^The best Mission: Impossible yet"))
            expect(verdict.get_by_role("heading", name="What works")).to_be_visible()
            expect(verdict.get_by_role("heading", name="What doesn't")).to_be_visible()

            where = page.get_by_role("complementary", name="Where to watch: release dates")
            expect(where.locator("dt")).to_have_text(["Theatrical", "Digital", "Physical"])
            expect(where.locator("dd").first).to_contain_text("July 27, 2018 US")
            expect(where.locator("dd time").first).to_have_attribute("datetime", "2018-07-27")

            expect(breadcrumbs(page).locator("[aria-current=page]")).to_have_text(REVIEW_HEADLINE)
            breadcrumbs(page).get_by_role("link", name="Reviews").click()
            expect(page).to_have_url(demo + "/reviews/")
            page.go_back()

            expect(page).to_have_url(demo + REVIEW)
            verdict.get_by_role("link", name=FALLOUT, exact=True).click()
            expect(page).to_have_url(demo + FILM)
            ours = page.get_by_role("region", name="Our reviews")
            expect(ours.get_by_role("link", name=REVIEW_HEADLINE)).to_have_attribute("href", REVIEW)
            expect(ours.locator(".rating-text")).to_have_text("4.5 out of 5")


def test_reader_browses_films_by_shelf_and_letter(demo, browser, subtests):
    """A reader opens Films from the masthead: what is in cinemas now and coming soon, then the
    A–Z: "M" lists only films under M and is marked current; a film's page sits under Newsroom ›
    Films and offers its dates, and its franchise's, as calendar feeds."""
    today = timezone.localdate()
    days = upcoming_days(today)
    # The anniversary re-release opens on Friday, or opened today if Friday has passed.
    opened = days["this week"] <= today
    for screen in SCREENS:
        with subtests.test(screen=screen), visiting(browser, screen) as page:
            page.goto(demo + "/")
            masthead(page).get_by_role("link", name="Films").click()

            expect(page).to_have_url(demo + "/films/")
            expect(page.locator("h1")).to_have_text("Films")
            now = page.get_by_role("region", name="In cinemas now in United States of America")
            soon = page.get_by_role("region", name="Coming soon to cinemas in United States of America")
            expect(now.get_by_role("link")).to_have_text([ROGUE_NATION] if opened else [])
            expect(soon.get_by_role("link")).to_have_text(
                [GHOST_PROTOCOL] if opened else [ROGUE_NATION, GHOST_PROTOCOL]
            )
            expect(soon.locator("time").last).to_have_attribute("datetime", days["next week"].isoformat())

            letters = page.get_by_role("navigation", name="By first letter")
            expect(letters.get_by_role("link", name="All")).to_have_attribute("aria-current", "page")
            letters.get_by_role("link", name="M", exact=True).click()
            expect(page).to_have_url(demo + "/films/?letter=M")
            expect(letters.get_by_role("link", name="M", exact=True)).to_have_attribute(
                "aria-current", "page"
            )
            expect(letters.get_by_role("link", name="All")).not_to_have_attribute("aria-current", "page")
            expect(page.locator(".index-list a")).to_have_text([FALLOUT, GHOST_PROTOCOL, ROGUE_NATION])
            expect(now).to_have_count(0)

            page.locator(".index-list").get_by_role("link", name=FALLOUT).click()
            expect(page).to_have_url(demo + FILM)
            trail = breadcrumbs(page)
            expect(trail.get_by_role("listitem")).to_have_text(
                ["Newsroom", re.compile("Films$"), re.compile(f"{FALLOUT} \\(2018\\)$")]
            )
            expect(trail.get_by_role("link", name="Newsroom")).to_have_attribute("href", "/")
            expect(trail.get_by_role("link", name="Films")).to_have_attribute("href", "/films/")
            expect(trail.locator("[aria-current=page]")).to_have_text(f"{FALLOUT} (2018)")

            # Fallout's own dates are years past, older than a feed keeps: it offers no feed of its
            # own, only its franchise's, whose dates are to come.
            dates = page.get_by_role("region", name="Release dates")
            expect(dates.get_by_role("link", name="Subscribe to this film's dates")).to_have_count(0)
            expect(
                dates.get_by_role("link", name="Subscribe to every Mission: Impossible film's dates")
            ).to_be_visible()
            franchise_feed = check_subscribe_links(
                dates.locator("ul.subscribe"), demo, "/franchises/mission-impossible/releases.ics", {}
            )
            assert f"{GHOST_PROTOCOL} — Theatrical (GB)" in fetch_calendar(page, franchise_feed)


def test_phone_shows_whole_pages(demo, browser):
    """On a 390 px phone the masthead's four sections are all on screen (no menu to open, none
    pushed past the edge), no film desk page scrolls sideways, and the calendar's format
    checkboxes wrap onto several lines, each beside its label."""
    with visiting(browser, "phone") as page:
        for path in NARROW_PAGES:
            page.goto(demo + path)
            links = masthead(page).get_by_role("link")
            expect(links).to_have_text(SECTIONS)
            for link in links.all():
                expect(link).to_be_visible()
                box = link.bounding_box()
                assert box["x"] >= 0 and box["x"] + box["width"] <= 390, (path, link.inner_text(), box)
                assert box["y"] >= 0 and box["y"] + box["height"] <= 844, (path, link.inner_text(), box)
            assert_fits(page, 390, path)

        page.goto(demo + "/releases/")
        choices = page.locator(".release-filters .choice")
        expect(choices).to_have_count(7)
        boxes = [choice.bounding_box() for choice in choices.all()]
        assert len({round(box["y"]) for box in boxes}) > 1, boxes
        assert all(box["x"] >= 0 and box["x"] + box["width"] <= 390 for box in boxes), boxes
        for choice in choices.all():
            checkbox, label = choice.locator("input").bounding_box(), choice.locator("label").bounding_box()
            assert abs(checkbox["y"] + checkbox["height"] / 2 - label["y"] - label["height"] / 2) < 4
            assert checkbox["x"] < label["x"] < checkbox["x"] + checkbox["width"] + 16


def test_keyboard_reaches_skip_link_then_sections(live_server, browser, subtests):
    """Tabbing from the top of a page reaches the skip link first, shown on screen, then the
    newsroom's name and the four sections in order; the skip link jumps past the masthead."""
    # The masthead is the same with no stories at all: no demo to load.
    demo = live_server.url
    for screen in SCREENS:
        with subtests.test(screen=screen), visiting(browser, screen) as page:
            page.goto(demo + "/releases/")
            page.keyboard.press("Tab")
            expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
            expect(page.get_by_role("link", name="Skip to content")).to_be_in_viewport(ratio=1)
            focused = []
            for _ in range(5):
                page.keyboard.press("Tab")
                focused.append(page.evaluate("document.activeElement.textContent.trim()"))
            assert focused == ["Newsroom", *SECTIONS]

            page.goto(demo + "/releases/")
            page.keyboard.press("Tab")
            page.keyboard.press("Enter")
            expect(page).to_have_url(demo + "/releases/#main")
            page.keyboard.press("Tab")
            # The first link after the masthead: the breadcrumb trail's first.
            expect(breadcrumbs(page).get_by_role("link", name="Newsroom")).to_be_focused()


def test_pages_render_whole_for_screenshots(demo, browser, subtests):
    """The calendar, a review, the films index and a film page render with every image loaded
    and nothing wider than the screen; with NEWSROOM_SCREENSHOTS set, each is kept as a PNG."""
    folder = os.environ.get("NEWSROOM_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
    for screen in SCREENS:
        with subtests.test(screen=screen), visiting(browser, screen) as page:
            for name, path in SCREENSHOTS.items():
                page.goto(demo + path)
                for image in page.locator("main img").all():
                    # Posters load lazily: bring each on screen, as a reader scrolling down would.
                    image.scroll_into_view_if_needed()
                    expect(image).to_have_js_property("complete", True)
                    assert image.evaluate("img => img.naturalWidth") > 0, (name, image.get_attribute("src"))
                width = SCREENS[screen]["viewport"]["width"]
                assert_fits(page, width, name)
                if folder:
                    page.evaluate("window.scrollTo(0, 0)")
                    page.screenshot(path=Path(folder) / f"{name}-{width}.png", full_page=True)
