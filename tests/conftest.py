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


@pytest.fixture(autouse=True)
def _tasks_run_at_once(request, settings):
    """Tasks (notice emails, webhook deliveries) run at once in the test's process, when the
    change that enqueued them commits (Django's ImmediateBackend), unless a test is marked
    `task_queue`: then they wait in the database for a worker, as on the site (tests/webhooks)."""
    queued = request.node.get_closest_marker("task_queue")
    settings.TASKS = {"default": {"BACKEND": settings.TASK_BACKENDS["database" if queued else "immediate"]}}
