"""A page costs the same number of queries on a platform of 1 site and of 50.

Every public page type is requested cold (caches emptied) on site 1 with its content, then again
after 49 other committees, each with its own content, join the platform as members of site 1:
the counts are equal, page by page (the province's aggregated blocks included)."""

import datetime

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from network.api import working_on
from network.models import Committee
from tests.conftest import make_site

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/tin-tuc/",
    "/tin-tuc/tin-hoat-dong/",
    "/tin-tuc/bai/{article}/",
    "/tin-tuc/rss/",
    "/van-ban/",
    "/van-ban/?ban_chi_dao=tat-ca",
    "/van-ban/{document}/",
    "/ban-chi-dao/",
    "/ban-chi-dao/thanh-vien/{person}/",
    "/tim-kiem/?q=hoi+nghi",
    "/so-do-cong/",
    "/cac-ban-chi-dao/",
    "/sitemap.xml",
    "/thong-ke/ve-so-lieu/",
]


def content(site, n: int) -> dict:
    from committee.models import Appointment, Person, Role, Unit
    from documents.models import Document, DocumentType, IssuingBody
    from news.models import Article, Category

    with working_on(site):
        category = Category.objects.get_or_create(slug="tin-hoat-dong", defaults={"name": "Tin hoạt động"})[0]
        article = Article.objects.create(
            title=f"Hội nghị Ban Chỉ đạo số {n}",
            category=category,
            body="<p>Nội dung hội nghị.</p>",
            status="published",
            publish_at=timezone.now() - datetime.timedelta(hours=n + 1),
        )
        document = Document.objects.create(
            doc_type=DocumentType.objects.get_or_create(name="Kế hoạch", defaults={"abbreviation": "KH"})[0],
            issuing_body=IssuingBody.objects.get_or_create(
                name="Ban Chỉ đạo", defaults={"abbreviation": "BCĐ"}
            )[0],
            number=n + 1,
            title=f"Kế hoạch hội nghị số {n}",
            summary="Trích yếu.",
            issue_date=datetime.date(2025, 9, 1),
            is_published=True,
        )
        person = Person.objects.create(full_name=f"Nguyễn Văn Số {n}")
        Appointment.objects.create(
            person=person,
            unit=Unit.objects.get_or_create(slug="ban-chi-dao", defaults={"name": "Ban Chỉ đạo"})[0],
            role=Role.objects.get_or_create(name="Trưởng ban", defaults={"rank": 10})[0],
            start_date=datetime.date(2025, 9, 1),
        )
    return {"article": article.slug, "document": document.slug, "person": person.slug}


def cold_counts(client, objects) -> dict[str, int]:
    from network import hosts
    from pagecache.local import copies

    counts = {}
    for page in PAGES:
        url = page.format(**objects)
        for each in caches.all():
            each.clear()
        hosts._memo = None
        copies.forget()  # this process's copies of the versions read from the emptied cache
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = len(queries.captured_queries)
    return counts


def test_every_page_costs_the_same_queries_with_1_site_and_with_50(client, site_identity):
    objects = content(site_identity.site, 0)
    # One member, so that the aggregated blocks are there in both runs.
    first_member = make_site("xa0.test", "Ban Chỉ đạo 35 xã 0", parent_id=1)
    content(first_member, 1)
    alone = cold_counts(client, objects)
    for n in range(2, 51):
        site = make_site(f"xa{n}.test", f"Ban Chỉ đạo 35 xã {n}", parent_id=1)
        content(site, n)
    assert Committee.objects.count() == 51
    platform = cold_counts(client, objects)
    assert platform == alone
