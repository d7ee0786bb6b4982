import pytest

from pages.models import Page


@pytest.fixture
def cached(settings, site_identity):
    """The page cache on (the test settings turn it off), and a page to cache."""
    settings.PAGE_CACHE_SECONDS = 15
    return Page.objects.create(slug="gioi-thieu", title="Giới thiệu", body="<p>Bản cũ</p>")
