"""Public pages cost a fixed number of queries whatever the number of documents; common filters
over 5,000 documents use an index on PostgreSQL."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents.forms import DocumentFilterForm
from documents.models import Document, DocumentType, IssuingBody, document_facets
from tests.conftest import requires_postgres

from .conftest import attach, docx_bytes, pdf_bytes

pytestmark = pytest.mark.django_db

# Queries on this app's tables for one cold page view (cache empty).
LIST_QUERIES = (
    7  # count + page, 4 filter choices (cached afterwards), "Văn bản mới" block (cached afterwards)
)
# document, lĩnh vực, files, versions, related, replaced, news, view count, "Văn bản mới", and the
# draft it was consulted on (lấy ý kiến dự thảo)
DETAIL_QUERIES = 10


def _queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in context.captured_queries]


def _ours(queries: list[str]) -> list[str]:
    return [sql for sql in queries if "documents_" in sql]


def _page(queries: list[str]) -> list[str]:
    """All but the visit counter's bookkeeping, which depends on the visitor's history, not on us."""
    return [sql for sql in queries if "stats_" not in sql and "SAVEPOINT" not in sql]


def _grow(lookups, start: int, stop: int, related_to: Document | None = None) -> None:
    """Published documents numbered start…stop-1, each in two lĩnh vực (bulk: the page is what we measure)."""
    rows = []
    for number in range(start, stop):
        issue = datetime.date(2021, 1, 1) + datetime.timedelta(days=number % 1500)
        rows.append(
            Document(
                doc_type=lookups["plan"],
                issuing_body=lookups["committee"],
                number=number,
                number_series=f"term-{number}",
                symbol="BCĐ",
                title=f"Kế hoạch mẫu số {number}",
                slug=f"ke-hoach-mau-{number}",
                summary="Trích yếu mẫu",
                issue_date=issue,
                effective_date=issue,
                is_published=True,
                search_text=f"ke hoach mau so {number}",
            )
        )
    created = Document.objects.bulk_create(rows)
    through = Document.fields.through
    through.objects.bulk_create(
        through(document_id=d.pk, field_id=f.pk)
        for d in created
        for f in (lookups["field"], lookups["other_field"])
    )
    if related_to is not None:
        related_to.related_documents.add(*created)


def test_list_page_runs_a_constant_number_of_queries(citizen, site_identity, lookups):
    from django.core.cache import caches

    from pagecache.local import copies

    def cold() -> None:  # every cache, the content versions too: both pages start from nothing
        for each in caches.all():
            each.clear()
        copies.forget()

    _grow(lookups, 1, 6)
    cold()
    small = _queries(citizen, "/van-ban/?linh_vuc=khong-gian-mang&nam=2021")
    _grow(lookups, 6, 201)
    assert Document.objects.count() == 200
    cold()
    large = _queries(citizen, "/van-ban/?linh_vuc=khong-gian-mang&nam=2021")
    assert len(_page(large)) == len(_page(small))
    assert len(_ours(large)) == LIST_QUERIES
    warm = _queries(citizen, "/van-ban/?linh_vuc=khong-gian-mang&nam=2021")
    assert len(_ours(warm)) == 1  # the page: the count and everything else come from the cache


def test_detail_page_runs_a_constant_number_of_queries(citizen, site_identity, make_document, lookups):
    from django.core.cache import cache

    subject = make_document(number=999, title="Văn bản chính", fields=[lookups["field"]])
    first = attach(subject, pdf_bytes(2), "a.pdf")
    attach(subject, docx_bytes(), "b.docx")
    from django.core.files.base import ContentFile

    first.file = ContentFile(pdf_bytes(3), name="a2.pdf")
    first.save()
    _grow(lookups, 1, 6, related_to=subject)
    small = _queries(citizen, subject.get_absolute_url())
    _grow(lookups, 6, 201, related_to=subject)
    cache.clear()
    large = _queries(citizen, subject.get_absolute_url())
    assert len(_page(large)) == len(_page(small))
    assert len(_ours(large)) == DETAIL_QUERIES


def _bulk_documents(lookups, count: int) -> None:
    """`count` documents spread like a real portal's: 8 types, 5 issuing bodies, ten years."""
    types = [lookups["plan"], lookups["rules"]] + [
        DocumentType.objects.create(name=f"Loại {i}", abbreviation=f"L{i}", slug=f"loai-{i}")
        for i in range(6)
    ]
    bodies = [lookups["committee"], lookups["state"]] + [
        IssuingBody.objects.create(name=f"Cơ quan {i}", abbreviation=f"CQ{i}", slug=f"co-quan-{i}")
        for i in range(3)
    ]
    rows = []
    for i in range(count):
        issue = datetime.date(2016, 1, 1) + datetime.timedelta(days=(i * 7) % 3650)
        body = bodies[i % len(bodies)]
        rows.append(
            Document(
                doc_type=types[(i // len(bodies)) % len(types)],
                issuing_body=body,
                number=i + 1,
                number_series=f"year-{issue.year}",
                symbol=body.abbreviation,
                title=f"Văn bản số {i + 1}",
                slug=f"van-ban-{i + 1}",
                summary="Trích yếu",
                issue_date=issue,
                effective_date=issue,
                expiry_date=issue + datetime.timedelta(days=365) if i % 3 == 0 else None,
                is_published=i % 10 != 0,
                search_text=f"van ban so {i + 1}",
            )
        )
    Document.objects.bulk_create(rows, batch_size=1000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE documents_document")


def _plan(run) -> str:
    """The PostgreSQL plan of the one query `run()` executes."""
    with CaptureQueriesContext(connection) as context:
        run()
    [query] = context.captured_queries
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + query["sql"])
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("params", "count_indexed"),
    [
        ({}, False),  # every published row is counted: a scan is the right plan for the count
        ({"loai": "ke-hoach"}, True),
        ({"co_quan": "ubnd"}, True),
        ({"nam": "2021"}, True),
        ({"loai": "quy-che", "nam": "2019"}, True),
        # Status is a date-range test over most rows of the body: counting them, PostgreSQL rightly
        # prefers one pass over the table; the page itself still walks the index.
        ({"co_quan": "ban-chi-dao", "tinh_trang": "con-hieu-luc"}, False),
        ({"tinh_trang": "het-hieu-luc"}, False),
    ],
)
def test_filtered_list_of_5000_documents_uses_an_index(lookups, params, count_indexed):
    requires_postgres()
    _bulk_documents(lookups, 5000)
    form = DocumentFilterForm(params, document_facets())
    documents = form.apply(Document.objects.published().for_listing())
    page_plan = _plan(lambda: list(documents[:20]))
    assert "Index" in page_plan, page_plan
    assert "Seq Scan on documents_document" not in page_plan, page_plan
    if count_indexed:
        count_plan = _plan(documents.count)
        assert "Seq Scan on documents_document" not in count_plan, count_plan
