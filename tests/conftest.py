import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files from a test go to a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _no_page_cache(request, settings):
    """Pages and stories' parts are not cached in tests unless a test asks for it with the
    `page_cache` marker (tests/test_page_cache.py, tests/test_invalidation.py).

    Inside a TestCase transaction nothing cached is ever dropped (that waits for a commit),
    so a warm cache would hide what the tests change.
    """
    cache.clear()
    if not request.node.get_closest_marker("page_cache"):
        settings.NEWSROOM_CACHE_SECONDS = 0
        settings.NEWSROOM_STORY_PARTS_SECONDS = 0
