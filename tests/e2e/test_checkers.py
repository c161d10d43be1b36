"""The checkers the page tests rely on do catch faults, so a clean result means something."""

import pytest

from .conftest import serious_axe_violations

pytestmark = pytest.mark.browser

BROKEN = (
    b"<!DOCTYPE html><html><head><title>x</title></head><body><p><div>x</div></p><img src=x></body></html>"
)


def test_html_checker_reports_errors(html_checker):
    errors = html_checker({"broken": BROKEN, "fine": b"<!DOCTYPE html><html lang=en><title>x</title><p>ok"})
    assert len(errors["broken"]) == 2
    assert errors["fine"] == []


def test_axe_reports_serious_violations(page, axe_source):
    page.set_content('<html><body><img src="x.png"><a href="#"></a></body></html>')
    found = {v["id"] for v in serious_axe_violations(page, axe_source)}
    assert {"image-alt", "link-name"} <= found
