import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    # Uploaded files of a test live in its own temporary folder.
    settings.MEDIA_ROOT = tmp_path / "media"
