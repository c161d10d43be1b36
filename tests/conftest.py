import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files from a test go to a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _no_page_cache(request, settings):
    """Pages are not cached in tests unless a test turns caching on (tests/test_caching.py).

    Inside a TestCase transaction the content version is never bumped (it waits
    for a commit), so a warm cache would hide what the tests change.
    """
    cache.clear()
    if not request.node.get_closest_marker("page_cache"):
        settings.NEWSROOM_CACHE_SECONDS = 0
