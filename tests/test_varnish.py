"""The shipped Varnish (deploy/varnish.vcl) in front of gunicorn: it caches readers' pages by
the app's lifetimes, and a change purges exactly the pages showing what it changed, within a
second (newsroom/purge.py), while a scheduled story still appears to the second."""

import re
import signal
import subprocess
import time
from urllib.parse import urlsplit

import pytest

from tests.services import program
from tests.test_deploy_trust import Browser
from tests.test_proxy import ROOT, fetch, free_port, running_stack, sleep_until, wait_for

pytestmark = pytest.mark.proxy


@pytest.fixture
def varnish_stack(tmp_path):
    binary = program("varnishd", "the purge tests")
    port = free_port()
    with running_stack(tmp_path / "app", NEWSROOM_VARNISH_URLS=f"http://127.0.0.1:{port}") as stack:
        vcl = (ROOT / "deploy" / "varnish.vcl").read_text()
        vcl = vcl.replace('.port = "8000";', f'.port = "{urlsplit(stack["app_url"]).port}";')
        (tmp_path / "newsroom.vcl").write_text(vcl)
        process = subprocess.Popen(
            # No jail (-j none): its workers would drop to an account that cannot read pytest's folder.
            [
                binary,
                "-F",
                "-j",
                "none",
                "-a",
                f"127.0.0.1:{port}",
                "-f",
                str(tmp_path / "newsroom.vcl"),
                "-n",
                str(tmp_path / "varnish"),
                "-s",
                "malloc,64m",
            ],
            stdout=subprocess.DEVNULL,
            stderr=open(tmp_path / "varnish.log", "w"),
        )
        try:
            try:
                wait_for(f"http://127.0.0.1:{port}/healthz")
            except AssertionError:
                raise AssertionError((tmp_path / "varnish.log").read_text()[-3000:]) from None
            yield {**stack, "varnish": f"http://127.0.0.1:{port}"}
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=10)


def shell(stack, code):
    """Run Django code in the app's environment; prints the last line's value."""
    result = subprocess.run(
        [*stack["manage"], "shell", "-c", code],
        cwd=ROOT,
        env=stack["env"],
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""


SETUP = """
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from articles.models import Article, Correction
from newsroom.purge import queue
editor = get_user_model().objects.create_user("dana", password="a-long-editor-password", is_staff=True)
editor.groups.add(Group.objects.get(name="Editors"))
hour_ago = timezone.now() - timedelta(hours=1)
fields = {"body": "<p>x</p>", "status": "published"}
live = Article.objects.create(headline="Retract me", slug="retract-me", publish_at=hour_ago, **fields)
live.tags.add("Stunts")
before = hour_ago - timedelta(hours=1)
other = Article.objects.create(headline="Unrelated story", slug="unrelated", publish_at=before, **fields)
queue.wait()
print(live.pk)
"""


def cached(stack, path):
    status, headers, body = fetch(stack["varnish"] + path)
    return headers.get("X-Varnish-Cache"), status, body


def test_a_retraction_leaves_every_page_showing_it_within_a_second(varnish_stack):
    stack = varnish_stack
    story_id = shell(stack, SETUP)
    pages = ["/", "/tags/stunts/", "/articles/retract-me/", "/articles/unrelated/"]
    for path in pages:
        cached(stack, path)
        state, status, body = cached(stack, path)
        assert (state, status) == ("HIT", 200), (path, state, status)
    assert "Surrogate-Key" not in fetch(stack["varnish"] + "/")[1], "the keys are for caches, not browsers"

    editor = Browser(stack["app_url"])
    status, _, _ = editor.sign_in("dana", "a-long-editor-password")
    assert status == 302
    _, _, page = editor.request("GET", "/admin/articles/article/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = f"csrfmiddlewaretoken={token}&action=unpublish&_selected_action={story_id}&index=0"
    unpublished_at = time.monotonic()
    status, _, _ = editor.request("POST", "/admin/articles/article/", body=form)
    assert status == 302

    deadline = unpublished_at + 1
    while time.monotonic() < deadline and "Retract me" in cached(stack, "/")[2]:
        time.sleep(0.05)
    assert "Retract me" not in cached(stack, "/")[2], "gone from home within a second"
    assert cached(stack, "/tags/stunts/")[1] == 404
    assert cached(stack, "/articles/retract-me/")[1] == 404
    assert cached(stack, "/articles/unrelated/")[0] == "HIT", "an unrelated page stays cached"


def test_a_correction_made_from_a_shell_shows_within_a_second(varnish_stack):
    stack = varnish_stack
    shell(stack, SETUP)
    cached(stack, "/articles/unrelated/")
    assert cached(stack, "/articles/unrelated/")[0] == "HIT"
    shell(
        stack,
        "from articles import changes; from articles.models import Article, Correction; "
        "from newsroom.purge import queue; story = Article.objects.get(slug='unrelated'); "
        "correction = Correction(article=story, note='An earlier version misnamed the stunt.'); "
        "changes.add_correction(correction, None); queue.wait()",
    )
    state, status, body = cached(stack, "/articles/unrelated/")
    assert "misnamed the stunt" in body and state == "MISS"


def test_a_scheduled_story_appears_to_the_second_through_varnish(varnish_stack):
    stack = varnish_stack
    publish_at = float(
        shell(
            stack,
            "from datetime import timedelta; from django.utils import timezone; "
            "from articles.models import Article; from newsroom.purge import queue; "
            "t = timezone.now() + timedelta(seconds=5); "
            "Article.objects.create(headline='Through Varnish', slug='through-varnish', body='<p>x</p>', "
            "status='published', publish_at=t); queue.wait(); print(t.timestamp())",
        )
    )
    cached(stack, "/")
    assert cached(stack, "/")[0] == "HIT"
    sleep_until(publish_at - 1)
    assert "Through Varnish" not in cached(stack, "/")[2]
    assert cached(stack, "/articles/through-varnish/")[1] == 404
    sleep_until(publish_at + 0.05)
    state, status, body = cached(stack, "/")
    assert "Through Varnish" in body, (
        f"on time through Varnish ({state}, at {time.time() - publish_at:+.2f} s)"
    )
    assert cached(stack, "/articles/through-varnish/")[1] == 200
