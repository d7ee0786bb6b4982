"""Site-wide performance guards: query budgets, exact page-cache invalidation, index use.

One budget table covers every public page. Each page is measured with 5 and with 200 objects
of each kind (articles, documents, people); it must stay within its budget both times, and
must not need more queries with 200 than with 5 (a query per row would show here first).
"""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from committee.models import Appointment, Person, Role, Unit
from common.text import fold
from documents.models import Document, DocumentType, IssuingBody
from news.models import Article, Category, Status
from pagecache.api import bump_content_version
from tests.conftest import requires_postgres

pytestmark = pytest.mark.django_db

# Queries per anonymous page view, caches warm (the page cache off: every view renders).
# Measured counts plus one query of room, not exact counts: the tests in each app pin
# their own pages exactly; this table catches a page that starts paying per row.
BUDGETS = {
    "home": 8,
    "news_list": 6,
    "news_list_page_2": 6,
    "category": 7,
    "article": 13,
    "news_rss": 2,
    "document_list": 6,
    "document_list_filtered": 6,
    "document": 12,
    "documents_rss": 2,
    "organisation": 6,
    "person": 7,
    "search": 10,
    "search_documents": 12,
}


def _paths() -> dict[str, str]:
    article = Article.objects.published().order_by("-publish_at").first()
    document = Document.objects.published().order_by("-issue_date").first()
    person = Person.objects.published().order_by("full_name").first()
    return {
        "home": "/",
        "news_list": "/tin-tuc/",
        "news_list_page_2": "/tin-tuc/?trang=2" if Article.objects.count() > 12 else "/tin-tuc/?trang=1",
        "category": "/tin-tuc/hoat-dong/",
        "article": article.get_absolute_url(),
        "news_rss": "/tin-tuc/rss/",
        "document_list": "/van-ban/",
        "document_list_filtered": f"/van-ban/?loai=ke-hoach&nam={document.issue_date.year}",
        "document": document.get_absolute_url(),
        "documents_rss": "/van-ban/rss/",
        "organisation": "/ban-chi-dao/",
        "person": person.get_absolute_url(),
        "search": "/tim-kiem/?q=hoi+nghi",
        "search_documents": "/tim-kiem/?q=ke+hoach&loai=van-ban",
    }


@pytest.fixture
def site(site_identity):
    """grow(n): bring articles, documents and people (each with two appointments) to n."""
    category, _ = Category.objects.get_or_create(
        slug="hoat-dong", defaults={"name": "Hoạt động", "show_in_menu": True}
    )
    doc_type, _ = DocumentType.objects.get_or_create(
        abbreviation="KH", defaults={"name": "Kế hoạch", "slug": "ke-hoach"}
    )
    body, _ = IssuingBody.objects.get_or_create(
        name="Ban Chỉ đạo 35 huyện", defaults={"abbreviation": "BCĐ", "numbering": "year"}
    )
    unit, _ = Unit.objects.get_or_create(name="Ban Chỉ đạo", defaults={"kind": Unit.Kind.STEERING})
    member, _ = Role.objects.get_or_create(name="Thành viên", defaults={"rank": 3})
    now = timezone.now()
    today = timezone.localdate()

    def grow(n: int) -> None:
        have = Article.objects.count()
        Article.objects.bulk_create(
            Article(
                title=f"Hội nghị số {i}",
                slug=f"hoi-nghi-so-{i}",
                summary="Tóm tắt hội nghị.",
                body="<p>Nội dung hội nghị.</p>",
                category=category,
                status=Status.PUBLISHED,
                publish_at=now - datetime.timedelta(hours=i + 1),
                search_text=fold(f"Hội nghị số {i} Tóm tắt hội nghị. Nội dung hội nghị."),
            )
            for i in range(have, n)
        )
        have = Document.objects.count()
        Document.objects.bulk_create(
            Document(
                doc_type=doc_type,
                issuing_body=body,
                number=i + 1,
                number_series=f"year-{today.year}",
                symbol="BCĐ",
                title=f"Kế hoạch số {i}",
                slug=f"ke-hoach-so-{i}",
                summary="Kế hoạch hoạt động.",
                issue_date=today,
                effective_date=today,
                is_published=True,
                published_at=now,
                search_text=fold(f"Kế hoạch số {i} Kế hoạch hoạt động"),
            )
            for i in range(have, n)
        )
        have = Person.objects.count()
        people = Person.objects.bulk_create(
            Person(full_name=f"Nguyễn Văn {i}", slug=f"nguyen-van-{i}", search_text=fold(f"Nguyễn Văn {i}"))
            for i in range(have, n)
        )
        start, change = datetime.date(2015, 10, 1), datetime.date(2020, 10, 1)
        Appointment.objects.bulk_create(
            appointment
            for person in people
            for appointment in (
                Appointment(person=person, unit=unit, role=member, start_date=start, end_date=change),
                Appointment(person=person, unit=unit, role=member, start_date=change),
            )
        )
        from search.indexing import reindex

        reindex()
        # bulk_create sends no save signals: tell the caches what an edit in the admin would.
        bump_content_version()

    return grow


def _count(client, path: str) -> int:
    # Time stands still between the two views, so no short-lived cache (the visit widget's 5 s)
    # expires in between and the count is the steady state, not a refresh.
    with time_machine.travel(timezone.now(), tick=False):
        client.get(path)  # fill the caches a page view may use (identity, menu, widgets)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(ctx.captured_queries)


def test_every_public_page_stays_within_its_query_budget_with_5_and_200_objects(citizen, site):
    counts: dict[str, dict[int, int]] = {}
    for n in (5, 200):
        site(n)
        assert Article.objects.published().count() == n
        assert Document.objects.published().count() == n
        assert Person.objects.published().count() == n
        for name, path in _paths().items():
            counts.setdefault(name, {})[n] = _count(citizen, path)
    assert set(counts) == set(BUDGETS), "every public page needs a budget"
    over = {
        name: (c, BUDGETS[name])
        for name, c in counts.items()
        if max(c.values()) > BUDGETS[name] or c[200] > c[5]
    }
    assert not over, f"page: ({{objects: queries}}, budget) — {over}"


# --- the page cache stays exact ---------------------------------------------------------------
@pytest.fixture
def cached(settings, site):
    settings.PAGE_CACHE_SECONDS = 10  # the production default; 0 in test settings
    site(3)


def _titles(client, path: str = "/tin-tuc/") -> tuple[str, str]:
    response = client.get(path)
    return response.content.decode(), response.get("X-Page-Cache", "")


def test_publish_edit_unpublish_and_delete_each_show_on_the_next_request(citizen, cached, approver_user):
    article = Article.objects.create(
        title="Tin mới chờ duyệt", category=Category.objects.get(slug="hoat-dong"), status=Status.REVIEW
    )
    html, _ = _titles(citizen)
    assert _titles(citizen)[1] == "hit"  # the cache is really on
    assert "Tin mới chờ duyệt" not in html

    article.transition(Status.PUBLISHED, approver_user)
    html, state = _titles(citizen)
    assert "Tin mới chờ duyệt" in html and state == "miss"
    url = article.get_absolute_url()
    assert citizen.get(url).status_code == 200
    assert citizen.get(url)["X-Page-Cache"] == "hit"

    article.title = "Tin đã sửa tiêu đề"
    article.save()
    assert "Tin đã sửa tiêu đề" in _titles(citizen)[0]
    assert "Tin đã sửa tiêu đề" in citizen.get(url).content.decode()

    article.transition(Status.UNPUBLISHED, approver_user)
    assert "Tin đã sửa tiêu đề" not in _titles(citizen)[0]
    assert citizen.get(url).status_code == 404

    article.transition(Status.PUBLISHED, approver_user)
    assert citizen.get(url).status_code == 200
    article.delete()
    assert "Tin đã sửa tiêu đề" not in _titles(citizen)[0]
    assert citizen.get(url).status_code == 404
    # Other pages were cached too, and are not stale either.
    assert "Tin đã sửa tiêu đề" not in citizen.get("/").content.decode()


def test_a_scheduled_article_appears_within_a_minute_of_its_time_without_cron(citizen, cached, settings):
    now = timezone.now().replace(microsecond=0)
    due = now + datetime.timedelta(minutes=30)
    with time_machine.travel(now, tick=False) as clock:
        Article.objects.create(
            title="Tin hẹn giờ đăng",
            category=Category.objects.get(slug="hoat-dong"),
            status=Status.PUBLISHED,
            publish_at=due,
        )
        assert "Tin hẹn giờ đăng" not in _titles(citizen)[0]
        assert _titles(citizen)[1] == "hit"  # cached, with the article still hidden
        clock.move_to(due - datetime.timedelta(seconds=1))
        assert "Tin hẹn giờ đăng" not in _titles(citizen)[0]
        seen_after = None
        for seconds in range(0, 61):
            clock.move_to(due + datetime.timedelta(seconds=seconds))
            if "Tin hẹn giờ đăng" in _titles(citizen)[0]:
                seen_after = seconds
                break
    assert seen_after is not None, "not visible a minute after its time"
    assert seen_after <= settings.PAGE_CACHE_SECONDS


# --- PostgreSQL plans -------------------------------------------------------------------------
def test_news_list_page_500_uses_an_index_on_postgresql(site):
    requires_postgres()
    from news.views import PAGE_SIZE

    category = Category.objects.get(slug="hoat-dong")
    now = timezone.now()
    Article.objects.bulk_create(
        Article(
            title=f"Tin {i}",
            slug=f"tin-{i}",
            category=category,
            status=Status.PUBLISHED,
            publish_at=now - datetime.timedelta(minutes=i + 1),
        )
        for i in range(PAGE_SIZE * 500 + 100)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE news_article")
    offset = PAGE_SIZE * 499
    queryset = Article.objects.published().for_listing()[offset : offset + PAGE_SIZE]
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert re.search(r"Index (Only )?Scan( Backward)? using \w+ on news_article", plan), plan
    assert "Seq Scan on news_article" not in plan, plan
