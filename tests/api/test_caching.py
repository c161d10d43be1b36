"""API answers are kept and dropped like pages: ETag and Last-Modified with 304, a Cache-Control
bounded by the next scheduled change, dependency keys for purging proxies, and no stale answer
after a change through the write path. CORS is off unless configured."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import changes

from ..factories import make_article

pytestmark = [pytest.mark.page_cache, pytest.mark.django_db(transaction=True)]


def test_kept_revalidated_and_dropped_on_change(client):
    story = make_article(headline="Before")
    address = f"/api/v1/stories/{story.pk}"
    first = client.get(address)
    assert first.status_code == 200
    assert f"story:{story.pk}" in first["Surrogate-Key"].split()
    assert first["Last-Modified"]
    again = client.get(address)
    assert again["X-Cache"] == "hit"
    assert client.get(address, HTTP_IF_NONE_MATCH=again["ETag"]).status_code == 304

    story.headline = "After"
    changes.save_story(story)
    assert client.get(address).json()["headline"] == "After"
    listed = client.get("/api/v1/stories").json()["results"]
    assert [item["headline"] for item in listed] == ["After"]


def test_cache_control_never_outlives_the_next_scheduled_story(client):
    make_article()
    make_article(publish_at=timezone.now() + timedelta(seconds=90))
    response = client.get("/api/v1/stories")
    control = dict(part.strip().partition("=")[::2] for part in response["Cache-Control"].split(","))
    assert "public" in control
    assert 0 < int(control["max-age"]) <= 90
    assert int(control["s-maxage"]) <= 90


def test_token_answers_are_not_kept(client):
    from api.models import ApiToken
    from articles.roles import ensure_roles

    from ..factories import make_user

    ensure_roles()
    token = ApiToken(name="t", user=make_user("Editors"))
    secret = token.issue()
    token.save()
    story = make_article()
    for _ in range(2):
        response = client.get(f"/api/v1/stories/{story.pk}", HTTP_AUTHORIZATION=f"Bearer {secret}")
        assert "X-Cache" not in response
        assert "no-store" in response["Cache-Control"]


def test_cors_is_off_by_default_and_on_for_configured_origins(client, settings):
    make_article()
    plain = client.get("/api/v1/stories", HTTP_ORIGIN="https://app.example.com")
    assert "Access-Control-Allow-Origin" not in plain
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
    allowed = client.get("/api/v1/stories", HTTP_ORIGIN="https://app.example.com")
    assert allowed["Access-Control-Allow-Origin"] == "https://app.example.com"
    # A kept answer, replayed, still gets this request's CORS headers, not the first one's.
    other = client.get("/api/v1/stories", HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in other
    preflight = client.options(
        "/api/v1/stories",
        HTTP_ORIGIN="https://app.example.com",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization",
    )
    assert preflight.status_code == 200
    assert "authorization" in preflight["Access-Control-Allow-Headers"]
    # The site's pages are not opened to other origins.
    assert "Access-Control-Allow-Origin" not in client.get("/", HTTP_ORIGIN="https://app.example.com")
