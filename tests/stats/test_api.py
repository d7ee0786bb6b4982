"""stats.api: article views and document downloads through the same machinery.

The rules: docs/visit-counter.md, "Views and downloads".
"""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.test import RequestFactory

from stats.api import most_read_ids, record_view
from stats.models import CountKind, ObjectDailyCount
from tests.conftest import login_staff

from .helpers import BOTS, CHROME, at, browser

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.stats.urls")]

T = at(2025, 3, 12, 3, 0, 0)
TODAY = datetime.date(2025, 3, 12)


@pytest.fixture
def items(countable_model):
    return [countable_model.objects.create(id=i, title=f"Bài {i}") for i in range(1, 6)]


def _reload(obj):
    obj.refresh_from_db()
    return obj


def test_an_article_view_counts_on_the_object_and_the_day(items):
    with time_machine.travel(T, tick=False):
        for i in range(3):
            browser(ip=f"203.0.113.{i}").get("/_t/article/1/")
    assert _reload(items[0]).view_count == 3
    row = ObjectDailyCount.objects.get()
    assert (row.day, row.kind, row.model, row.object_id, row.count) == (
        TODAY,
        "view",
        "stats.countable",
        1,
        3,
    )


def test_a_reload_counts_as_another_view_but_not_another_visit(items):
    from .helpers import numbers

    with time_machine.travel(T, tick=False):
        client = browser()
        client.get("/_t/article/1/")
        client.get("/_t/article/1/")
        assert numbers().today == 1
    assert _reload(items[0]).view_count == 2


@pytest.mark.parametrize("ua", [BOTS["googlebot"], BOTS["curl"], ""], ids=["googlebot", "curl", "empty"])
def test_bots_do_not_count_views_or_downloads(items, ua):
    browser(ua).get("/_t/article/1/")
    browser(ua).get("/_t/download/1/")
    assert (_reload(items[0]).view_count, items[0].download_count) == (0, 0)


def test_staff_views_and_downloads_are_not_counted(items, editor_user):
    client = browser()
    login_staff(client, editor_user)
    client.get("/_t/article/1/")
    client.get("/_t/download/1/")
    assert (_reload(items[0]).view_count, items[0].download_count) == (0, 0)


def test_a_view_of_an_error_page_or_a_prefetch_is_not_counted(items):
    browser().get("/_t/article/1/?status=500")
    browser(HTTP_SEC_PURPOSE="prefetch").get("/_t/article/1/")
    browser().head("/_t/article/1/")
    assert _reload(items[0]).view_count == 0


def test_downloads_count_for_the_file_and_for_a_redirect_to_it(items):
    browser(ip="203.0.113.1").get("/_t/download/1/")
    browser(ip="203.0.113.2").get("/_t/download/1/?redirect=1")
    assert _reload(items[0]).download_count == 2
    assert ObjectDailyCount.objects.get(kind=CountKind.DOWNLOAD).count == 2


def test_a_pdf_viewer_fetching_later_chunks_counts_one_download(items):
    client = browser()
    client.get("/_t/download/1/", HTTP_RANGE="bytes=0-65535")
    client.get("/_t/download/1/", HTTP_RANGE="bytes=65536-131071")
    client.get("/_t/download/1/", HTTP_RANGE="bytes=131072-")
    assert _reload(items[0]).download_count == 1


def test_a_download_is_not_a_visit(items):
    from .helpers import numbers

    browser().get("/_t/download/1/")
    assert numbers().today == 0


def test_record_view_outside_the_middleware_counts_at_once(items):
    request = RequestFactory(headers={"user-agent": CHROME}).get("/bai-viet/")
    request.user = None
    record_view(request, items[0])
    bot = RequestFactory(headers={"user-agent": BOTS["googlebot"]}).get("/bai-viet/")
    record_view(bot, items[0])
    assert _reload(items[0]).view_count == 1


# --- most read --------------------------------------------------------------------------------


def _views(model, counts: dict, day: datetime.date = TODAY) -> None:
    ObjectDailyCount.objects.bulk_create(
        [
            ObjectDailyCount(day=day, kind="view", model=model._meta.label_lower, object_id=pk, count=n)
            for pk, n in counts.items()
        ]
    )


def test_most_read_orders_by_views_then_newest(items, countable_model):
    _views(countable_model, {1: 5, 2: 9, 3: 5, 4: 1})
    with time_machine.travel(T, tick=False):
        assert most_read_ids(countable_model, days=7, limit=3) == [2, 3, 1]


def test_most_read_counts_only_the_last_days_and_only_published_objects(items, countable_model):
    _views(countable_model, {1: 3, 2: 2})
    _views(countable_model, {3: 50}, day=TODAY - datetime.timedelta(days=6))  # inside 7 days
    _views(countable_model, {4: 99}, day=TODAY - datetime.timedelta(days=7))  # outside
    countable_model.objects.filter(pk=1).update(is_public=False)
    with time_machine.travel(T, tick=False):
        assert most_read_ids(countable_model) == [3, 2]
        assert most_read_ids(countable_model, days=8) == [4, 3, 2]


def test_most_read_with_no_views_is_empty(items, countable_model):
    assert most_read_ids(countable_model) == []


# --- Redis mode: no database write per view; flush moves the counts ----------------------


def test_in_redis_mode_views_reach_the_object_only_through_flush(items, countable_model, redis_store):
    with time_machine.travel(T, tick=False):
        for i in range(4):
            browser(ip=f"203.0.113.{i}").get("/_t/article/2/")
        browser().get("/_t/download/2/")
        assert _reload(items[1]).view_count == 0  # nothing written per view
        assert not ObjectDailyCount.objects.exists()
        assert most_read_ids(countable_model) == [2]  # live counts are read from Redis
        call_command("flush_visit_counts", stdout=open("/dev/null", "w"))
        call_command("flush_visit_counts", stdout=open("/dev/null", "w"))  # idempotent
        assert (_reload(items[1]).view_count, items[1].download_count) == (4, 1)
        browser(ip="203.0.113.99").get("/_t/article/2/")
        call_command("flush_visit_counts", stdout=open("/dev/null", "w"))
    assert _reload(items[1]).view_count == 5
    assert ObjectDailyCount.objects.get(kind="view").count == 5


def test_article_views_served_from_the_whole_page_cache_are_counted(items, settings):
    settings.PAGE_CACHE_SECONDS = 15
    from . import urls as test_urls

    test_urls.CALLS["article"] = 0
    first = browser(BOTS["googlebot"], ip="66.249.66.1").get("/_t/article/3/")  # a bot fills the cache
    responses = [browser(ip=f"203.0.113.{i}").get("/_t/article/3/") for i in range(3)]
    assert first["X-Page-Cache"] == "miss"
    assert [r["X-Page-Cache"] for r in responses] == ["hit", "hit", "hit"]
    assert test_urls.CALLS["article"] == 1  # the view ran once, for the bot
    assert _reload(items[2]).view_count == 3
