"""Browser tests: Debian's Chromium driven by Playwright, axe-core and the Nu HTML Checker."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django must allow ORM use there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def missing(what):
    """Skip on a laptop without the tool; fail where CI promised it (NEWSROOM_REQUIRE_BROWSER)."""
    if os.environ.get("NEWSROOM_REQUIRE_BROWSER"):
        pytest.fail(f"{what} is required for browser tests but was not found")
    pytest.skip(f"{what} not found")


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium")
    if not executable:
        missing("chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    # Tests inject axe-core into pages; the site's own CSP would rightly block that.
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe_source():
    if not AXE.exists():
        missing("node_modules/axe-core (run `npm ci`)")
    return AXE.read_text()


def type_body(page, text):
    """Type into the story body's rich-text editor, as an editor would."""
    body = page.locator(".field-body [contenteditable=true]")
    body.click()
    page.keyboard.type(text)


def serious_axe_violations(page, axe_source):
    """Run axe-core in the page; return its serious and critical violations."""
    page.add_script_tag(content=axe_source)
    result = page.evaluate("async () => await axe.run(document)")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture(scope="session")
def html_checker(tmp_path_factory):
    """Validate HTML documents with the Nu HTML Checker; returns {name: [error messages]}."""
    java = shutil.which("java")
    if not java or not VNU.exists():
        missing("java and node_modules/vnu-jar")

    def check(documents):
        folder = tmp_path_factory.mktemp("vnu")
        paths = {}
        for name, html in documents.items():
            path = folder / f"{len(paths)}.html"
            path.write_bytes(html)
            paths[path.name] = name
        result = subprocess.run(
            [
                java,
                "-jar",
                str(VNU),
                "--errors-only",
                "--format",
                "json",
                *(str(p) for p in folder.iterdir()),
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
        errors = {name: [] for name in documents}
        for message in json.loads(result.stderr or '{"messages": []}')["messages"]:
            name = paths.get(Path(message.get("url", "")).name, message.get("url"))
            errors.setdefault(name, []).append(f"{message.get('lastLine')}: {message['message']}")
        return errors

    return check
