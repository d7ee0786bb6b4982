"""A page-cache hit is answered before the rest of the middleware: no query, one read of the
shared cache at most, and still the security headers and the visit counted."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from network.models import Status
from pagecache.cache import CONTENT_VERSION_KEY, _incr
from pagecache.local import copies
from stats.counter import compute_numbers
from tests.stats.helpers import CHROME

pytestmark = pytest.mark.django_db

SECURITY_HEADERS = (
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "X-Frame-Options",
    "Cross-Origin-Opener-Policy",
)


@pytest.fixture(autouse=True)
def _cached(settings):
    settings.PAGE_CACHE_SECONDS = 60
    settings.VISIT_COUNTER_ENABLED = True
    settings.REDIS_URL = ""
    settings.TRUSTED_PROXIES = []


def reader(n: int) -> Client:
    return Client(headers={"user-agent": CHROME}, REMOTE_ADDR=f"203.0.113.{n}")


def test_a_hit_runs_no_query_and_carries_the_same_security_headers_as_the_rendered_page(
    site_identity, settings
):
    settings.VISIT_COUNTER_ENABLED = False  # the counter's database store writes (Redis mode: none)
    miss = reader(1).get("/")
    assert miss["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        hit = reader(2).get("/")
    assert hit["X-Page-Cache"] == "hit"
    assert hit.content == miss.content
    assert len(queries) == 0, [q["sql"] for q in queries]
    for header in SECURITY_HEADERS:
        assert hit.get(header), header
        assert hit[header] == miss[header], header


def test_every_reader_served_from_the_cache_is_counted_once(site_identity):
    for n in range(1, 6):
        assert reader(n).get("/").status_code == 200
    reader(1).get("/")  # the same reader again: the same visit
    assert compute_numbers().today == 5


def test_a_revalidation_of_a_cached_page_gets_304_and_is_not_counted(site_identity):
    etag = reader(1).get("/")["ETag"]
    assert etag
    before = compute_numbers().today
    again = reader(2).get("/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert compute_numbers().today == before


def test_an_edit_in_this_process_shows_at_once_whatever_the_local_window(site_identity, settings):
    from pages.models import MenuItem

    settings.PAGE_CACHE_LOCAL_SECONDS = 3600
    reader(1).get("/")
    assert reader(2).get("/")["X-Page-Cache"] == "hit"
    MenuItem.objects.create(title="Mục vừa thêm", url="/van-ban/")
    page = reader(3).get("/")
    assert page["X-Page-Cache"] == "miss"
    assert "Mục vừa thêm" in page.content.decode()


def test_an_edit_on_another_app_host_shows_once_the_local_copy_of_the_version_is_renewed(
    site_identity, settings
):
    settings.PAGE_CACHE_LOCAL_SECONDS = 3600
    reader(1).get("/")
    assert reader(2).get("/")["X-Page-Cache"] == "hit"
    _incr(f"{CONTENT_VERSION_KEY}:1")  # another host's write: this process's copies know nothing
    assert reader(3).get("/")["X-Page-Cache"] == "hit"  # within the window (documented)
    settings.PAGE_CACHE_LOCAL_SECONDS = 0  # the window has passed
    assert reader(4).get("/")["X-Page-Cache"] == "miss"


def test_without_local_copies_every_hit_reads_the_shared_version(site_identity, settings):
    settings.PAGE_CACHE_LOCAL_SECONDS = 0
    settings.PAGE_CACHE_LOCAL_BYTES = 0
    reader(1).get("/")
    assert reader(2).get("/")["X-Page-Cache"] == "hit"
    _incr(f"{CONTENT_VERSION_KEY}:1")
    assert reader(3).get("/")["X-Page-Cache"] == "miss"


def test_the_local_copies_stay_within_their_byte_budget(site_identity, settings):
    size = len(reader(1).get("/?trang=0").content)
    settings.PAGE_CACHE_LOCAL_BYTES = budget = size * 8 + size // 2  # room for eight pages
    for n in range(12):
        reader(n + 1).get(f"/?trang={n}")
        assert reader(n + 1).get(f"/?trang={n}")["X-Page-Cache"] == "hit"  # kept in this process
    assert 0 < copies._bytes <= budget
    assert len(copies._pages) == 8
    assert sum(len(p.content) for p in copies._pages.values()) == copies._bytes
    assert "?trang=11" in list(copies._pages)[-1]  # the most recent stay, the oldest went


def test_a_merged_site_never_answers_from_its_cached_pages(client, site_identity, other_site):
    from django.contrib.sites.models import Site

    first = Site.objects.get(pk=1)
    other = other_site
    assert client.get("/", HTTP_HOST="longhuu.test").status_code == 200
    assert client.get("/", HTTP_HOST="longhuu.test")["X-Page-Cache"] == "hit"
    committee = other.committee
    committee.status, committee.merged_into = Status.MERGED, first.committee
    committee.save()
    response = client.get("/tin-tuc/", HTTP_HOST="longhuu.test")
    assert response.status_code == 301
    home = client.get("/", HTTP_HOST="longhuu.test")
    assert "đã hợp nhất vào" in home.content.decode()


def test_an_unknown_host_gets_the_platform_404_not_a_cached_page(site_identity, client):
    client.get("/")
    response = client.get("/", HTTP_HOST="khac.example")
    assert response.status_code == 404
    assert "X-Page-Cache" not in response
