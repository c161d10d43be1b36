"""Media in a real browser: the focal point set by a click, and clips that load only on request."""

import pytest
from django.core.management import call_command
from PIL import Image as PILImage

from articles.models import Article, Image

from .test_workflow import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_focal_point_is_set_by_clicking_the_preview(live_server, browser, tmp_path):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    still = tmp_path / "still.jpg"
    PILImage.new("RGB", (1200, 800), (50, 60, 70)).save(still, format="JPEG")
    page = browser.new_context().new_page()
    log_in(page, live_server.url, ("editor", "newsroom-editor"))
    page.goto(f"{live_server.url}/admin/articles/image/add/")
    page.set_input_files("#id_file", str(still))
    page.fill("#id_title", "Still")
    page.fill("#id_alt_text", "A grey still")
    page.click("input[name=_continue]")
    picker = page.locator(".focal-picker img")
    box = picker.bounding_box()
    picker.click(position={"x": box["width"] * 0.9, "y": box["height"] * 0.2})
    page.click("input[name=_save]")
    page.wait_for_url(f"{live_server.url}/admin/articles/image/")
    image = Image.objects.get(title="Still")
    assert image.focal_x == pytest.approx(0.9, abs=0.02)
    assert image.focal_y == pytest.approx(0.2, abs=0.02)


def clip_story(body):
    """A live story at /articles/clip-story/ with `body`."""
    Article.objects.create(
        headline="Clip story",
        slug="clip-story",
        body=body,
        status="published",
        publish_at="2018-07-27T12:00:00Z",
    )


def test_clip_loads_its_player_only_when_asked(live_server, browser):
    clip_story("<p>Before.</p><p>https://youtu.be/dQw4w9WgXcQ</p>")
    page = browser.new_context().new_page()
    outside = []

    def record(route):
        outside.append(route.request.url)
        route.abort()

    page.route(lambda url: not url.startswith(live_server.url), record)
    page.goto(f"{live_server.url}/articles/clip-story/")
    assert page.locator("iframe").count() == 0
    assert outside == [], "no third-party request before the reader asks"
    page.get_by_role("link", name="Play video").click()
    frame = page.locator(".clip-frame iframe")
    assert frame.get_attribute("src").startswith("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")
    assert page.locator(".clip-frame a").count() == 0


def test_clip_link_works_without_javascript(live_server, browser):
    clip_story("<p>https://vimeo.com/76979871</p>")
    page = browser.new_context(java_script_enabled=False).new_page()
    page.goto(f"{live_server.url}/articles/clip-story/")
    assert page.get_by_role("link", name="Play video").get_attribute("href") == "https://vimeo.com/76979871"


@pytest.mark.parametrize("width", [1366, 1000])
def test_focal_marker_sits_on_the_saved_point(live_server, browser, tmp_path, width):
    """The marker is placed on the picture, not on its (wider) box: at 1,366 px the box is wider
    than the 640 px preview."""
    call_command("load_demo", stdout=open("/dev/null", "w"))
    still = tmp_path / "still.jpg"
    PILImage.new("RGB", (1200, 800), (50, 60, 70)).save(still, format="JPEG")
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    log_in(page, live_server.url, ("editor", "newsroom-editor"))
    page.goto(f"{live_server.url}/admin/articles/image/add/")
    page.set_input_files("#id_file", str(still))
    page.fill("#id_title", "Still")
    page.fill("#id_alt_text", "A grey still")
    page.click("input[name=_continue]")
    image = Image.objects.get(title="Still")
    Image.objects.filter(pk=image.pk).update(focal_x=0.9, focal_y=0.2)
    page.goto(f"{live_server.url}/admin/articles/image/{image.pk}/change/")
    picture = page.locator(".focal-picker img")
    picture.evaluate("img => img.decode()")
    page.wait_for_timeout(100)
    box = picture.bounding_box()
    marker = page.locator(".focal-marker").bounding_box()
    centre = (marker["x"] + marker["width"] / 2, marker["y"] + marker["height"] / 2)
    assert centre[0] == pytest.approx(box["x"] + 0.9 * box["width"], abs=3)
    assert centre[1] == pytest.approx(box["y"] + 0.2 * box["height"], abs=3)
    page.screenshot(path=f"/tmp/shots-bugs/focal-{width}.png", full_page=True)
