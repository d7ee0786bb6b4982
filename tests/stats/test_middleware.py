"""What counts through the middleware, what never does; page-cache counting.

The rules: docs/visit-counter.md, "What counts: an eligible page view".
"""

import pytest
from django.conf import settings
from django.http import HttpResponseNotModified
from django.test import Client, RequestFactory

from stats.counter import count_request, start_request
from stats.eligibility import is_bot
from tests.conftest import login_staff

from . import urls as test_urls
from .helpers import BOTS, BROWSERS, CHROME, browser, numbers

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.stats.urls")]


def today() -> int:
    return numbers().today


# --- browsers that must count ---------------------------------------------------------------


@pytest.mark.parametrize("ua", BROWSERS.values(), ids=BROWSERS.keys())
def test_a_real_browser_page_view_is_counted(ua):
    response = browser(ua).get("/tin-tuc/mot-bai-viet/")
    assert response.status_code == 200
    assert today() == 1


def test_a_navigation_with_sec_fetch_dest_document_is_counted():
    browser(HTTP_SEC_FETCH_DEST="document", HTTP_SEC_FETCH_MODE="navigate").get("/")
    assert today() == 1


def test_zalo_webview_sending_its_package_as_x_requested_with_is_counted():
    # Android WebViews send the app's package name in X-Requested-With; it is not AJAX.
    browser(BROWSERS["zalo"], HTTP_X_REQUESTED_WITH="com.zing.zalo").get("/")
    assert today() == 1


# --- bots ---------------------------------------------------------------------------------


@pytest.mark.parametrize("ua", BOTS.values(), ids=BOTS.keys())
def test_a_bot_page_view_is_not_counted(ua):
    assert browser(ua).get("/").status_code == 200
    assert today() == 0


def test_a_request_without_user_agent_is_not_counted():
    Client(REMOTE_ADDR="203.0.113.10").get("/")
    assert today() == 0


@pytest.mark.parametrize("ua", BROWSERS.values(), ids=BROWSERS.keys())
def test_no_browser_is_taken_for_a_bot(ua):
    assert not is_bot(ua)


def test_the_bot_check_is_cached_per_user_agent():
    is_bot.cache_clear()
    is_bot(CHROME)
    is_bot(CHROME)
    assert is_bot.cache_info().hits == 1


# --- method, status, content type -----------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("head", "/"),
        ("post", "/"),
        ("options", "/"),
        ("get", "/_t/redirect/"),
        ("get", "/_t/404/"),
        ("get", "/_t/500/"),
        ("get", "/_t/json/"),
        ("get", "/khong-co-trang-nay/?x=" + "a" * 10),  # control: counted (see below)
    ],
    ids=["HEAD", "POST", "OPTIONS", "302", "404", "500", "JSON", "control-200"],
)
def test_only_a_get_answered_200_with_html_counts(method, path):
    getattr(browser(), method)(path)
    assert today() == (1 if path.startswith("/khong-co") else 0)


def test_a_304_revalidation_is_not_counted():
    request = RequestFactory(headers={"user-agent": CHROME}).get("/")
    start_request(request)
    count_request(request, HttpResponseNotModified())
    assert today() == 0


# --- paths --------------------------------------------------------------------------------


EXCLUDED_PATHS = [
    "/static/css/site.css",
    "/media/anh/a.jpg",
    "/admin/",
    "/" + settings.ADMIN_URL,
    "/" + settings.ADMIN_URL + "news/article/",
    "/healthz",
    "/tin-tuc/rss/",
    "/van-ban/rss/",
    "/sitemap.xml",
    "/sitemap-news.xml",
    "/robots.txt",
    "/favicon.ico",
    "/ckeditor5/image_upload/",
]


@pytest.mark.parametrize("path", EXCLUDED_PATHS)
def test_technical_paths_are_not_counted_even_when_answered_with_html(path):
    assert browser().get(path).status_code == 200
    assert today() == 0


def test_the_admin_path_follows_the_setting(settings):
    settings.ADMIN_URL = "bi-mat/"
    browser().get("/bi-mat/")
    browser(ip="203.0.113.11").get("/quan-tri/")  # no longer the admin: an ordinary page
    assert today() == 1


# --- prefetch, sub-frames, AJAX -------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_PURPOSE": "prefetch"},
        {"HTTP_SEC_PURPOSE": "prefetch;prerender"},
        {"HTTP_PURPOSE": "prefetch"},
        {"HTTP_X_MOZ": "prefetch"},
        {"HTTP_X_PURPOSE": "preview"},
        {"HTTP_X_PURPOSE": "instant"},
        {"HTTP_SEC_FETCH_DEST": "iframe"},
        {"HTTP_SEC_FETCH_DEST": "empty"},
        {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"},
    ],
    ids=[
        "sec-purpose",
        "sec-purpose-prerender",
        "purpose",
        "x-moz",
        "x-purpose-preview",
        "x-purpose-instant",
        "iframe",
        "fetch",
        "xhr",
    ],
)
def test_prefetches_frames_and_ajax_are_not_counted(headers):
    browser(**headers).get("/")
    assert today() == 0


# --- staff ----------------------------------------------------------------------------------


def test_a_staff_user_browsing_the_site_is_not_counted(editor_user):
    client = browser()
    login_staff(client, editor_user)
    assert client.get("/").status_code == 200
    assert today() == 0


def test_a_citizen_with_a_stale_session_cookie_is_counted(settings):
    client = browser()
    client.cookies[settings.SESSION_COOKIE_NAME] = "khong-ton-tai"
    client.get("/")
    assert today() == 1


def test_the_middleware_runs_before_authentication_and_after_whitenoise():
    chain = settings.MIDDLEWARE
    mine = chain.index("stats.middleware.VisitCounterMiddleware")
    assert chain.index("whitenoise.middleware.WhiteNoiseMiddleware") < mine
    assert mine < chain.index("django.contrib.auth.middleware.AuthenticationMiddleware")
    assert mine < chain.index("django.middleware.gzip.GZipMiddleware")


def test_counting_sets_no_cookie_and_leaves_the_response_untouched():
    response = browser().get("/")
    assert today() == 1
    assert not response.cookies
    assert "Set-Cookie" not in response.headers
    assert "Cookie" not in response.get("Vary", "")


def test_the_counter_can_be_turned_off(settings):
    settings.VISIT_COUNTER_ENABLED = False
    browser().get("/")
    assert today() == 0


# --- pages from the cache are still counted ---------------------------------------------------


def test_a_page_served_from_the_view_cache_is_still_counted():
    test_urls.CALLS["cached"] = 0
    for i in range(3):
        assert browser(ip=f"203.0.113.{20 + i}").get("/_t/cached/").status_code == 200
    assert test_urls.CALLS["cached"] == 1  # two of the three came from the cache
    assert today() == 3


def test_a_page_served_by_the_site_wide_cache_middleware_is_still_counted(settings):
    chain = list(settings.MIDDLEWARE)
    mine = chain.index("stats.middleware.VisitCounterMiddleware")
    # Django's documented order: UpdateCache first, FetchFromCache last; the counter sits
    # between them (here: right after WhiteNoise, as in settings).
    chain.insert(mine + 1, "django.middleware.cache.UpdateCacheMiddleware")
    chain.append("django.middleware.cache.FetchFromCacheMiddleware")
    settings.MIDDLEWARE = chain
    settings.CACHE_MIDDLEWARE_SECONDS = 60
    test_urls.CALLS["html"] = 0
    for i in range(3):
        client = Client(headers={"user-agent": CHROME}, REMOTE_ADDR=f"203.0.113.{30 + i}")  # the new chain
        assert client.get("/mot-trang/").status_code == 200
    assert test_urls.CALLS["html"] == 1  # the other two were answered by the cache middleware
    assert today() == 3


# --- the client address -----------------------------------------------------------------------


def test_x_forwarded_for_is_ignored_unless_the_request_comes_from_a_trusted_proxy(settings):
    for fake in ("198.51.100.1", "198.51.100.2", "198.51.100.3"):
        browser(ip="203.0.113.10", HTTP_X_FORWARDED_FOR=fake).get("/")
    assert today() == 1  # one visitor, whatever it claims


def test_x_forwarded_for_names_the_client_behind_a_trusted_proxy(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    for client_ip in ("198.51.100.1", "198.51.100.2", "198.51.100.3"):
        browser(ip="127.0.0.1", HTTP_X_FORWARDED_FOR=client_ip).get("/")
    assert today() == 3


def test_a_spoofed_address_left_of_the_real_client_is_ignored(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    for fake in ("198.51.100.1", "198.51.100.2"):
        # The client sent "fake"; nginx appended the client's real address; a second proxy too.
        browser(ip="127.0.0.1", HTTP_X_FORWARDED_FOR=f"{fake}, 203.0.113.50, 10.1.2.3").get("/")
    assert today() == 1


def test_ipv6_privacy_addresses_in_one_64_are_one_visitor():
    browser(ip="2001:db8:1:2:aaaa::1").get("/")
    browser(ip="2001:db8:1:2:bbbb::2").get("/")
    browser(ip="2001:db8:1:3::1").get("/")
    assert today() == 2
