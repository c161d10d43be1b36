"""The code keeps to Django's public API: upgrading Django or a library must not break it silently."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# The project's own code, migrations and tests included.
PACKAGES = ["articles", "newsroom", "benchmarks", "tests", "webhooks"]
# `_meta` is the documented Model _meta API; the other names are our own code's.
ALLOWED = {"_meta"}
PRIVATE_ATTRIBUTE = re.compile(r"\.(_[A-Za-z]\w*)")
SQL_INTERNALS = re.compile(r"^\s*(from|import)\s+django\.db\.models\.sql\b", re.MULTILINE)


def sources():
    for package in PACKAGES:
        yield from sorted((ROOT / package).rglob("*.py"))


def test_no_leading_underscore_attribute_is_touched():
    """Attributes with a leading underscore are a library's internals: reading or writing them
    (a queryset's _result_cache, a backend's _client) breaks without notice on an upgrade."""
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sources()
        if path.name != "test_code.py"
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if any(name not in ALLOWED for name in PRIVATE_ATTRIBUTE.findall(line.split("#")[0]))
    ]
    assert not found, "\n".join(found)


def test_nothing_imports_the_orms_sql_internals():
    found = [str(path.relative_to(ROOT)) for path in sources() if SQL_INTERNALS.search(path.read_text())]
    assert not found, found
