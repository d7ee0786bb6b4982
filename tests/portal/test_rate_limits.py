"""Abuse limits: per-client rate limits (ops.ratelimit) and request sizes.

Time is frozen in every rate test: django-ratelimit counts in fixed windows, and a window
ending halfway through a test would hand out a fresh budget.
"""

import datetime
import re
import time

import pytest
import time_machine
from django.conf import settings
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.stats.helpers import CHROME, numbers

pytestmark = pytest.mark.django_db

SEARCH = "/tim-kiem/"
NOON = datetime.datetime(2026, 3, 2, 5, 0, tzinfo=datetime.UTC)  # 12:00 in Hà Nội


@pytest.fixture(autouse=True)
def _frozen(settings, site_identity):
    settings.RATELIMIT_ENABLE = True
    settings.RATELIMIT_SEARCH = "30/m"
    settings.TRUSTED_PROXIES = []
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


def visitor(ip: str, **headers) -> Client:
    return Client(REMOTE_ADDR=ip, HTTP_USER_AGENT=CHROME, **headers)


def search_n_times(client: Client, n: int) -> list[int]:
    return [client.get(SEARCH, {"q": f"nghị quyết {i}"}).status_code for i in range(n)]


def h1s(html: str) -> list[str]:
    return re.findall(r"<h1[^>]*>(.*?)</h1>", html, flags=re.S)


@pytest.fixture
def article(db):
    from news.models import Article, Category, Status

    category = Category.objects.create(name="Tin hoạt động", slug="tin-hoat-dong")
    return Article.objects.create(
        title="Hội nghị triển khai nhiệm vụ",
        category=category,
        summary="Tóm tắt.",
        body="<p>Nội dung.</p>",
        status=Status.PUBLISHED,
        publish_at=timezone.now() - datetime.timedelta(hours=1),
    )


# --- search ---------------------------------------------------------------------------------


def test_the_31st_search_in_a_minute_gets_the_vietnamese_429_with_retry_after():
    client = visitor("203.0.113.10")
    assert search_n_times(client, 30) == [200] * 30
    response = client.get(SEARCH, {"q": "văn kiện"})
    assert response.status_code == 429
    html = response.content.decode()
    assert h1s(html) == ["Quá nhiều yêu cầu"]
    seconds = int(response["Retry-After"])
    assert 1 <= seconds <= 60
    assert f"{seconds} giây" in html
    assert '<html lang="vi"' in html


def test_the_429_is_never_stored_by_a_cache():
    client = visitor("203.0.113.10")
    search_n_times(client, 30)
    response = client.get(SEARCH)
    assert response.status_code == 429
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_the_budget_comes_back_after_the_minute(_frozen):
    client = visitor("203.0.113.10")
    search_n_times(client, 31)
    _frozen.shift(61)
    assert client.get(SEARCH, {"q": "hội nghị"}).status_code == 200


def test_another_client_keeps_its_own_budget():
    search_n_times(visitor("203.0.113.10"), 31)
    assert visitor("203.0.113.11").get(SEARCH, {"q": "hội nghị"}).status_code == 200


def test_a_spoofed_x_forwarded_for_from_an_untrusted_address_gets_no_fresh_budget():
    spoofer = "198.51.100.7"
    assert search_n_times(visitor(spoofer), 30) == [200] * 30
    fresh_looking = visitor(spoofer, HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert fresh_looking.get(SEARCH).status_code == 429


def test_a_spoofed_x_forwarded_for_does_not_spend_someone_elses_budget():
    victim = "203.0.113.50"
    for i in range(40):
        visitor(f"198.51.100.{i + 1}", HTTP_X_FORWARDED_FOR=victim).get(SEARCH)
    assert visitor(victim).get(SEARCH).status_code == 200


def test_clients_behind_a_trusted_proxy_are_limited_separately(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    first = visitor("10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.20")
    second = visitor("10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.21")
    assert search_n_times(first, 30) == [200] * 30
    assert first.get(SEARCH).status_code == 429
    assert second.get(SEARCH).status_code == 200
    # A client prepending a made-up hop is still the address the proxy saw.
    liar = visitor("10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.20")
    assert liar.get(SEARCH).status_code == 429


def test_ipv6_clients_of_one_slash_64_share_a_budget():
    search_n_times(visitor("2001:db8:1:2::10"), 30)
    assert visitor("2001:db8:1:2::99").get(SEARCH).status_code == 429
    assert visitor("2001:db8:1:3::10").get(SEARCH).status_code == 200


def test_counting_in_redis_limits_like_in_production(settings):
    """Django's own Redis backend increments atomically (django-ratelimit only knows django-redis)."""
    import uuid

    import redis

    from tests.conftest import redis_url_or_skip

    url = redis_url_or_skip()
    prefix = f"test-ratelimit-{uuid.uuid4().hex}"
    redis_cache = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": prefix,
    }
    settings.CACHES = {"default": redis_cache, "state": redis_cache, "fragments": settings.FRAGMENT_CACHE}
    server = redis.Redis.from_url(url)
    try:
        assert search_n_times(visitor("203.0.113.10"), 31)[-2:] == [200, 429]
        assert visitor("203.0.113.11").get(SEARCH).status_code == 200
        assert any(b":rl:" in key for key in server.scan_iter(f"{prefix}:*"))  # counted in Redis
    finally:
        for key in server.scan_iter(f"{prefix}:*"):
            server.delete(key)


def test_rate_limits_can_be_turned_off(settings):
    settings.RATELIMIT_ENABLE = False
    assert set(search_n_times(visitor("203.0.113.10"), 35)) == {200}


def test_an_unreachable_cache_lets_searches_through(monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(caches[settings.RATELIMIT_USE_CACHE], "add", down)
    assert set(search_n_times(visitor("203.0.113.10"), 35)) == {200}


def test_a_refused_request_is_not_counted_as_a_visit():
    client = visitor("203.0.113.10")
    for _ in range(30):  # HEAD requests use the budget but are never counted as page views
        assert client.head(SEARCH).status_code == 200
    assert client.get(SEARCH).status_code == 429
    assert numbers().today == 0
    assert visitor("203.0.113.11").get(SEARCH).status_code == 200
    assert numbers().today == 1


# --- lists and downloads --------------------------------------------------------------------


def test_the_document_filter_form_is_limited_per_client(settings):
    settings.RATELIMIT_LISTS = "3/m"
    client = visitor("203.0.113.10")
    codes = [
        client.get(reverse("documents:document-list"), {"q": f"kế hoạch {i}"}).status_code for i in range(4)
    ]
    assert codes == [200, 200, 200, 429]
    assert visitor("203.0.113.11").get(reverse("documents:document-list")).status_code == 200


def test_a_page_cache_hit_is_served_past_the_budget_and_a_429_is_never_cached(settings, article):
    settings.PAGE_CACHE_SECONDS = 10
    settings.RATELIMIT_LISTS = "2/m"
    client = visitor("203.0.113.10")
    first = client.get("/tin-tuc/")
    assert (first.status_code, first["X-Page-Cache"]) == (200, "miss")
    # Another address of the same list (a parameter no page reads): a miss, so the view runs.
    assert client.get("/tin-tuc/", {"nguon": "zalo"}).status_code == 200
    refused = client.get("/tin-tuc/", {"nguon": "facebook"})
    assert refused.status_code == 429
    # A page already in the whole-page cache costs nothing: served, not refused.
    again = client.get("/tin-tuc/")
    assert (again.status_code, again["X-Page-Cache"]) == (200, "hit")
    # The refusal was for that client only and was not stored for anyone else.
    other = visitor("203.0.113.11").get("/tin-tuc/", {"nguon": "facebook"})
    assert other.status_code == 200 and "Quá nhiều yêu cầu" not in other.content.decode()


def test_downloads_are_limited_generously(settings, article):
    settings.RATELIMIT_DOWNLOAD = "120/m"  # the default
    url = reverse("news:article-download", args=[article.slug])
    client = visitor("203.0.113.10")
    assert {client.get(url).status_code for _ in range(120)} == {200}
    response = client.get(url)
    assert response.status_code == 429 and "Retry-After" in response
    assert visitor("203.0.113.11").get(url).status_code == 200


def test_the_default_budgets_are_the_documented_ones():
    import portal.settings as production

    assert (
        production.RATELIMIT_SEARCH,
        production.RATELIMIT_LISTS,
        production.RATELIMIT_DOWNLOAD,
        production.RATELIMIT_RATING,
    ) == ("30/m", "120/m", "120/m", "20/m")


@pytest.mark.parametrize("value", ["30", "30/minute", "0/m", "30/M", "abc/m", "30/0s", ""])
def test_a_malformed_rate_stops_startup_with_its_name(value):
    from django.core.exceptions import ImproperlyConfigured

    from portal.settings import _rate

    with pytest.raises(ImproperlyConfigured, match="RATELIMIT_SEARCH"):
        _rate("RATELIMIT_SEARCH", value)


@pytest.mark.parametrize("value", ["30/m", "500/h", "5/10s", "10000/d"])
def test_a_well_formed_rate_is_accepted(value):
    from portal.settings import _rate

    assert _rate("RATELIMIT_SEARCH", f" {value} ") == value


# --- request sizes --------------------------------------------------------------------------


def _login_form_client() -> tuple[Client, str, str]:
    client = Client(enforce_csrf_checks=True, headers={"user-agent": CHROME})
    url = reverse("admin:login")
    page = client.get(url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    return client, url, token


def test_an_over_limit_post_body_gets_the_vietnamese_400_page(settings):
    client, url, token = _login_form_client()
    too_big = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post(
        url,
        f"csrfmiddlewaretoken={token}&username=a&password={too_big}",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert h1s(response.content.decode()) == ["Yêu cầu không hợp lệ"]


def test_too_many_form_fields_get_the_vietnamese_400_page(settings):
    client, url, token = _login_form_client()
    fields = "&".join(f"f{i}=1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    response = client.post(
        url, f"csrfmiddlewaretoken={token}&{fields}", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert h1s(response.content.decode()) == ["Yêu cầu không hợp lệ"]


def test_too_many_files_get_the_vietnamese_400_page(settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client, url, token = _login_form_client()
    files = {
        f"f{i}": SimpleUploadedFile(f"{i}.txt", b"x")
        for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)
    }
    response = client.post(url, {"csrfmiddlewaretoken": token, **files})
    assert response.status_code == 400
    assert h1s(response.content.decode()) == ["Yêu cầu không hợp lệ"]


def test_the_longest_search_query_an_address_holds_is_answered_quickly():
    query = "nen tang tu tuong " * 440  # 7,920 characters: the address stays under its 8 KB limit
    start = time.perf_counter()
    response = visitor("203.0.113.10").get(SEARCH, {"q": query})
    elapsed = time.perf_counter() - start
    assert response.status_code == 200
    assert elapsed < 3, elapsed
    # Only the first 200 characters are searched (search.query.MAX_QUERY_CHARS) and shown back.
    assert "nen tang tu tuong " * 12 not in response.content.decode()
