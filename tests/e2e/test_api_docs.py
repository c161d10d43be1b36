"""The API's browsable docs (/api/v1/docs) in Chromium, under the site's own Content Security
Policy and with no network beyond the site: Swagger UI comes from our static files, lists every
operation, and runs one against the live server."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1366, 390])
def test_docs_work_offline_under_the_csp(live_server, browser, width, tmp_path):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    problems, elsewhere = [], []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    # Nothing may be fetched from anywhere but the site (no CDN).
    page.route(
        re.compile(r"^(?!" + re.escape(live_server.url) + ")"),
        lambda route: (elsewhere.append(route.request.url), route.abort()),
    )
    response = page.goto(f"{live_server.url}/api/v1/docs")
    assert "script-src" in response.headers["content-security-policy"]
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Newsroom API")
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    assert page.locator(".opblock-summary-path").count() >= 19
    # Try one: list stories.
    operation = page.locator(
        ".opblock", has=page.locator(".opblock-summary-path[data-path='/api/v1/stories']")
    )
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_role("button", name="Execute").click()
    expect(operation.locator(".live-responses-table tbody td.response-col_status").first).to_contain_text(
        "200"
    )
    page.screenshot(path=str(tmp_path / f"api-docs-{width}.png"), full_page=False)
    assert problems == []
    assert elsewhere == []
    context.close()
