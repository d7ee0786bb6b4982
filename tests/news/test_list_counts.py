"""Deep list pages do not recount the archive on every view: the total is cached until the next
edit, and for at most LIST_COUNT_CACHE_SECONDS when only time changes what is published."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from news.views import PAGE_SIZE

pytestmark = pytest.mark.django_db


def _counts(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(url).content.decode()
    counts = [q for q in ctx.captured_queries if "COUNT(" in q["sql"].upper() and "news_article" in q["sql"]]
    return len(counts), html


def _last_page_link(html: str) -> int:
    import re

    return max(int(n) for n in re.findall(r'href="\?trang=(\d+)"', html) or ["1"])


def test_the_second_view_of_a_list_page_does_not_count_the_archive_again(
    citizen, site_identity, make_article
):
    for _ in range(PAGE_SIZE * 2 + 1):
        make_article()
    first, html = _counts(citizen, "/tin-tuc/?trang=2")
    again, _ = _counts(citizen, "/tin-tuc/?trang=2")
    assert first == 1 and again == 0
    assert _last_page_link(html) == 3


def test_publishing_an_article_refreshes_the_page_count_at_once(citizen, site_identity, make_article):
    for _ in range(PAGE_SIZE * 2):
        make_article()
    assert _last_page_link(citizen.get("/tin-tuc/").content.decode()) == 2
    make_article("Bài mới nhất", publish_at=timezone.now() - datetime.timedelta(minutes=1))
    html = citizen.get("/tin-tuc/").content.decode()
    assert _last_page_link(html) == 3 and "Bài mới nhất" in html


def test_a_scheduled_article_counts_once_its_time_and_the_count_timeout_have_passed(
    citizen, site_identity, make_article, settings
):
    settings.LIST_COUNT_CACHE_SECONDS = 60
    for _ in range(PAGE_SIZE * 2):
        make_article()
    make_article("Bài hẹn giờ", publish_at=timezone.now() + datetime.timedelta(seconds=30))
    with time_machine.travel(timezone.now(), tick=False) as clock:
        assert _last_page_link(citizen.get("/tin-tuc/").content.decode()) == 2
        clock.shift(datetime.timedelta(seconds=31))
        html = citizen.get("/tin-tuc/").content.decode()
        assert "Bài hẹn giờ" in html  # the list itself is never stale
        clock.shift(datetime.timedelta(seconds=30))
        assert _last_page_link(citizen.get("/tin-tuc/").content.decode()) == 3


def test_categories_and_document_filters_are_counted_separately(
    citizen, site_identity, make_article, category
):
    from news.models import Category

    other = Category.objects.create(name="Tin khác", slug="tin-khac")
    for _ in range(PAGE_SIZE + 1):
        make_article()
    make_article(category=other)
    assert _last_page_link(citizen.get(category.get_absolute_url()).content.decode()) == 2
    assert _last_page_link(citizen.get(other.get_absolute_url()).content.decode()) == 1
    assert _last_page_link(citizen.get("/tin-tuc/").content.decode()) == 2
