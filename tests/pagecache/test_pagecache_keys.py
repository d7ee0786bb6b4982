"""What the whole-page cache keys on: one address, one language, one page; and what it keeps.

A cached page must only ever be served for the address and language it was rendered for,
whatever a request sends: dot segments, percent-encoded dots and slashes, doubled slashes,
another Accept-Language. And without Redis the file cache must hold a busy site's pages
without pushing out the content version or the rate-limit counters.
"""

import re
import time
from urllib.parse import unquote_to_bytes

import pytest
from django.core.cache import caches

from pagecache.cache import CONTENT_VERSION_KEY, PAGE_KEY_PREFIX, bump_content_version, plain_path
from pages.models import Page

pytestmark = pytest.mark.django_db

TRICKY = [
    "/gioi-thieu/./",
    "/gioi-thieu/.",
    "/gioi-thieu/x/../",
    "/lien-he/../gioi-thieu/",
    "/gioi-thieu/%2e%2e/",
    "/gioi-thieu/%2E%2E/",
    "/%2e/gioi-thieu/",
    "/lien-he%2f..%2fgioi-thieu/",
    "/lien-he/%2e%2e%2fgioi-thieu/",
    "//gioi-thieu/",
    "/gioi-thieu//",
    "/tin-tuc/./",
    "/tin-tuc/x/../",
    "/tin-tuc/%2e%2e/",
    "//tin-tuc/",
]
PLAIN = ["/gioi-thieu/", "/lien-he/", "/tin-tuc/", "/"]


@pytest.fixture
def pages(settings, site_identity):
    settings.PAGE_CACHE_SECONDS = 15
    Page.objects.create(slug="gioi-thieu", title="Giới thiệu chung", body="<p>Giới thiệu</p>")
    Page.objects.create(slug="lien-he", title="Liên hệ công tác", body="<p>Liên hệ</p>")
    Page.objects.create(
        slug="about", title="About the Steering Committee", language="en", body="<p>About</p>"
    )


def _get(client, path: str, **headers):
    """GET `path` as a WSGI server passes it on: PATH_INFO percent-decoded, nothing resolved
    (the test client alone would read a leading "//" as a host name)."""
    raw, _, query = path.partition("?")
    path_info = unquote_to_bytes(raw).decode("iso-8859-1")
    return client.get(path, PATH_INFO=path_info, QUERY_STRING=query, **headers)


def _title(response) -> str:
    match = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)
    return " ".join(match.group(1).split()) if match else ""


def _stored_paths() -> list[str]:
    """The addresses of every page the cache holds (locmem keys end with host:path)."""
    keys = [k for k in caches["default"]._cache if f":{PAGE_KEY_PREFIX}:" in k]
    return [k.split(":testserver:", 1)[1] for k in keys]


@pytest.mark.parametrize("path", ["/", "/tin-tuc/", "/a/b/", "/tin-tuc/bai-viet/?page=2"])
def test_a_plain_path_is_plain(path):
    assert plain_path(path.split("?")[0])


@pytest.mark.parametrize("path", ["/./", "/a/../", "/a/..", "/a/.", "//a/", "/a//", "/a//b/"])
def test_dot_and_empty_segments_are_not_plain(path):
    assert not plain_path(path)


def test_dot_segment_and_encoded_addresses_never_store_or_get_a_cached_page(citizen, pages, settings):
    settings.PAGE_CACHE_SECONDS = 0
    expected = {path: (r.status_code, _title(r)) for path in PLAIN for r in [citizen.get(path)]}
    settings.PAGE_CACHE_SECONDS = 15
    for _ in range(2):
        for path in TRICKY:
            response = _get(citizen, path)
            assert "X-Page-Cache" not in response, path
    assert _stored_paths() == []
    for path in PLAIN:
        first, second = citizen.get(path), citizen.get(path)
        assert first["X-Page-Cache"] == "miss", path  # nothing was stored under its key before
        assert second["X-Page-Cache"] == "hit", path
        assert (second.status_code, _title(second)) == expected[path], path
    assert sorted(_stored_paths()) == sorted(PLAIN)


def test_a_tricky_address_after_a_plain_one_gets_its_own_answer_not_the_cached_page(citizen, pages):
    plain = citizen.get("/gioi-thieu/")
    assert plain["X-Page-Cache"] == "miss"
    for path in TRICKY:
        response = _get(citizen, path)
        assert "X-Page-Cache" not in response, path
        if response.status_code == 200:
            assert response.content != plain.content or path == "/gioi-thieu/", path


def test_an_english_browser_does_not_change_the_language_vietnamese_readers_get(citizen, pages):
    english_browser = citizen.get("/gioi-thieu/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert english_browser["Content-Language"] == "vi"
    vietnamese_browser = citizen.get("/gioi-thieu/", HTTP_ACCEPT_LANGUAGE="vi-VN,vi;q=0.9")
    assert vietnamese_browser["X-Page-Cache"] == "hit"
    assert vietnamese_browser["Content-Language"] == "vi"
    assert '<html lang="vi"' in vietnamese_browser.content.decode()
    assert "Accept-Language" not in vietnamese_browser.get("Vary", "")


def test_the_english_page_is_english_whatever_the_browser_asks(citizen, pages):
    first = citizen.get("/en/about/", HTTP_ACCEPT_LANGUAGE="vi")
    second = citizen.get("/en/about/", HTTP_ACCEPT_LANGUAGE="en")
    assert first["Content-Language"] == second["Content-Language"] == "en"
    assert second["X-Page-Cache"] == "hit" and '<html lang="en"' in second.content.decode()


def test_a_response_that_varies_on_a_header_outside_the_key_is_not_cached(citizen, pages, monkeypatch):
    from pagecache import cache as page_cache

    response = type("R", (), {})()
    from django.http import HttpResponse

    response = HttpResponse("x")
    response["Vary"] = "Accept-Language"
    assert not page_cache._cacheable_response(response)
    response["Vary"] = "Accept-Encoding, Cookie"
    assert page_cache._cacheable_response(response)


# --- the file cache, as a machine without Redis runs it -----------------------------------------
@pytest.fixture
def file_caches(settings, tmp_path):
    """The production file caches (settings.FILE_CACHES), in folders of this test."""
    settings.CACHES = {
        alias: {**config, "LOCATION": str(tmp_path / alias)} for alias, config in settings.FILE_CACHES.items()
    }
    yield settings.CACHES
    for alias in settings.CACHES:
        caches[alias].clear()


def test_the_file_cache_keeps_1500_distinct_pages_and_the_state_beside_them(
    citizen, pages, file_caches, settings
):
    """1,500 pages written the way the page cache writes them (rendering each would take a
    minute), then read back through the middleware as readers would."""
    from django.test import RequestFactory

    from pagecache import cache as page_cache

    settings.PAGE_CACHE_SECONDS = 600
    bump_content_version()
    version = caches["state"].get(CONTENT_VERSION_KEY)
    caches["state"].set("rl:probe", 7, 600)  # stands for a rate-limit counter
    rendered = citizen.get("/gioi-thieu/")
    assert rendered["X-Page-Cache"] == "miss"
    page = page_cache.StoredPage(
        page_cache._version(1),  # the test client's host names the first site
        "",  # no banner showing
        time.time() + 600,
        200,
        (("Content-Type", rendered["Content-Type"]),),
        rendered.content,
        (),
    )
    factory = RequestFactory()
    for n in range(1500):
        request = factory.get(f"/gioi-thieu/?trang={n}")
        page_cache._store(page_cache._key(request), page, 600)
    assert len(caches["default"]._list_cache_files()) >= 1500
    for n in (0, 1, 299, 300, 750, 1498, 1499):
        assert citizen.get(f"/gioi-thieu/?trang={n}")["X-Page-Cache"] == "hit", n
    assert caches["state"].get(CONTENT_VERSION_KEY) == version
    assert caches["state"].get("rl:probe") == 7


def test_a_full_file_cache_culls_expired_then_oldest_pages_and_never_the_content_version(tmp_path):
    from ops.cache import BoundedFileCache

    cache = BoundedFileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 100, "CULL_FREQUENCY": 4}})
    cache.CULL_CHECK_EVERY = 1
    cache.set("version", 3, None)
    cache.set("expired", 1, 0.01)
    time.sleep(0.05)
    for n in range(150):
        cache.set(f"page-{n}", n, 600)
        time.sleep(0.001)  # distinct write times
    assert cache.get("version") == 3
    assert cache.get("expired") is None
    assert cache.get("page-149") == 149  # the newest stay
    assert cache.get("page-0") is None  # the oldest went first
    assert len(cache._list_cache_files()) <= 100 + 1
