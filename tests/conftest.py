import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files from a test go to a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
