"""Deep list pages are read by id (CachedCountPaginator): the same rows, in the same order, as
reading every skipped row, including among stories published at the same moment."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from news.models import Article, Status
from pagecache import paginator
from pagecache.api import CachedCountPaginator
from tests.news.conftest import category  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def stories(category):  # noqa: F811
    """40 published stories, by threes at the same moment (ties broken by id), and a draft."""
    start = datetime.datetime(2024, 3, 1, 9, tzinfo=datetime.UTC)  # a fixed moment in the past
    Article.objects.bulk_create(
        [
            Article(
                title=f"Tin số {i}",
                slug=f"tin-so-{i}",
                body="<p>Nội dung.</p>",
                category=category,
                status=Status.PUBLISHED,
                publish_at=start - datetime.timedelta(hours=i // 3),
            )
            for i in range(40)
        ]
        + [
            Article(
                title="Bản nháp", slug="ban-nhap", body="<p>.</p>", category=category, status=Status.DRAFT
            )
        ]
    )


def pages(per_page: int, count_key: str) -> list[list[str]]:
    listing = Article.objects.published().for_listing()
    found = CachedCountPaginator(listing, per_page, count_key=count_key)
    return [[a.title for a in found.page(n).object_list] for n in found.page_range]


def test_pages_read_by_id_are_the_pages_read_in_full(stories, monkeypatch):
    monkeypatch.setattr(paginator, "SKIP_BY_ID_FROM", 10**9)
    in_full = pages(7, "in-full")
    monkeypatch.setattr(paginator, "SKIP_BY_ID_FROM", 0)
    with CaptureQueriesContext(connection) as ctx:
        by_id = pages(7, "by-id")
    assert sum('"id" IN (SELECT' in q["sql"] for q in ctx.captured_queries) == 6  # each page by id
    assert by_id == in_full
    assert [title for page in by_id for title in page] == [
        a.title for a in Article.objects.published().order_by("-publish_at", "-pk")
    ]
    assert len(by_id) == 6 and len(by_id[-1]) == 5 and "Bản nháp" not in str(by_id)


def test_a_deep_news_page_lists_its_own_stories(client, stories, site_identity, monkeypatch):
    monkeypatch.setattr(paginator, "SKIP_BY_ID_FROM", 0)
    shown = re.findall(
        r'class="news-card__title"><a href="[^"]*">([^<]*)<', client.get("/tin-tuc/?trang=3").content.decode()
    )
    newest_first = [a.title for a in Article.objects.published().order_by("-publish_at", "-pk")]
    assert shown == newest_first[24:36]
