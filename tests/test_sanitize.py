import pytest

from articles.sanitize import clean_html


@pytest.mark.parametrize(
    "dirty, clean",
    [
        ("<p>Hello <strong>there</strong></p>", "<p>Hello <strong>there</strong></p>"),
        ("<script>alert(1)</script><p>x</p>", "<p>x</p>"),
        ('<p onclick="alert(1)">x</p>', "<p>x</p>"),
        ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'),
        (
            '<a href="https://example.com/">x</a>',
            '<a href="https://example.com/" rel="noopener noreferrer">x</a>',
        ),
        ('<iframe src="https://evil.example/"></iframe><p>x</p>', "<p>x</p>"),
        ("<p>a<!-- note -->b</p>", "<p>ab</p>"),
        ('<img src="x" onerror="alert(1)">', ""),
    ],
)
def test_clean_html(dirty, clean):
    """Allowed markup is kept, and everything else (scripts, handlers, unsafe links) removed."""
    assert clean_html(dirty) == clean


def test_cleaning_is_idempotent():
    dirty = (
        '<p>One <a href="https://example.com/">link</a> <em>and</em> <b onclick="x">more</b></p>'
        "<ul><li>i</li></ul>"
    )
    once = clean_html(dirty)
    assert clean_html(once) == once


def test_none_becomes_empty():
    assert clean_html(None) == ""
