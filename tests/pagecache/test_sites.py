"""The caches are per site: two sites never share a cached page or value, and an edit on one
site leaves the other's cached pages alone."""

import pytest

from network.api import working_on
from pagecache.api import versioned_value
from pages.models import MenuItem

pytestmark = pytest.mark.django_db


def test_two_sites_at_the_same_version_never_share_a_cached_value(other_site):
    assert versioned_value("demo", lambda: "site 1", 60) == "site 1"
    with working_on(other_site):
        assert versioned_value("demo", lambda: "other site", 60) == "other site"
    assert versioned_value("demo", lambda: "recomputed", 60) == "site 1"


def test_an_edit_on_one_site_keeps_the_other_sites_pages_cached(client, site_identity, other_site, settings):
    settings.PAGE_CACHE_SECONDS = 60
    assert client.get("/").headers["X-Page-Cache"] == "miss"
    client.get("/", HTTP_HOST="longhuu.test")
    with working_on(other_site):
        MenuItem.objects.create(title="Mục mới của xã", url="/van-ban/")
    assert client.get("/").headers["X-Page-Cache"] == "hit"
    other = client.get("/", HTTP_HOST="longhuu.test")
    assert other.headers["X-Page-Cache"] == "miss"
    assert "Mục mới của xã" in other.content.decode()
