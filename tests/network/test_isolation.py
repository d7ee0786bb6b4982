"""Isolation, table-driven: content made on committee B never appears on committee A's pages.

Site B is made the way a platform administrator makes one (lifecycle.create), and B publishes
an article, a document with a file, a person in a unit, a static page, a menu item and a link,
each carrying the marker word below. Then every public URL type of the portal is requested on
A's host: none shows the marker, and each of B's own addresses is a 404 there. The same URLs on
B's host do show B's content (the test can fail). The admin's side is the role matrix across
sites (tests/security/test_role_matrix_sites.py). Runs on SQLite and on PostgreSQL.
"""

import datetime

import pytest
from django.contrib.sites.models import Site
from django.core.files.base import ContentFile
from django.urls import get_resolver
from django.utils import timezone

from lifecycle.create import NewCommittee, create_committee
from network.api import working_on

pytestmark = pytest.mark.django_db

MARKER = "Zyxwvutsr"
B_HOST = "xab.test"

# Every public URL of the portal: name → how to request it ("{…}" filled from the objects of
# the site being asked). The coverage test below fails when a new URL is added without a row.
PUBLIC = {
    "home": "/",
    "site-map": "/so-do-cong/",
    "robots-txt": "/robots.txt",
    "sitemap": "/sitemap.xml",
    "news:index": "/tin-tuc/",
    "news:feed": "/tin-tuc/rss/",
    "news:category": "/tin-tuc/{category}/",
    "news:category-feed": "/tin-tuc/{category}/rss/",
    "news:article": "/tin-tuc/bai/{article}/",
    "news:rebuttals": "/tin-tuc/phan-bac/",
    "committee:organisation": "/ban-chi-dao/",
    "committee:history": "/ban-chi-dao/qua-cac-thoi-ky/",
    "committee:unit-detail": "/ban-chi-dao/don-vi/{unit}/",
    "committee:person-detail": "/ban-chi-dao/thanh-vien/{person}/",
    "documents:document-list": "/van-ban/",
    "documents:feed": "/van-ban/rss/",
    "documents:document-detail": "/van-ban/{document}/",
    "documents:consultation-list": "/van-ban/du-thao/",
    "documents:consultation-detail": "/van-ban/du-thao/{consultation}/",
    "stats:about": "/thong-ke/ve-so-lieu/",
    "search:results": "/tim-kiem/?q=Tin",  # a word in both sites' titles
    "pages:page": "/{page}/",
    "ratings:thanks": "/danh-gia/news.article/{article_pk}/cam-on/",
    "questions:list": "/hoi-dap/",
    "questions:detail": "/hoi-dap/{question}/",
    "questions:ask": "/hoi-dap/dat-cau-hoi/",  # the site's own topics
}
# Addresses that are not pages of content, or need more than a GET to mean anything.
NOT_PAGES = {
    "healthz",  # {"status": "ok"}
    "favicon",  # a redirect to a static file
    "network-directory",  # the parent's aggregated view: tests/network/test_hosts.py
    "logout-everywhere",
    "news:editor-image-upload",  # staff only: the role matrix
    "news:article-download",  # the article as a file: requested below with the article
    "documents:attachment-download",  # by number: requested below
    "documents:version-download",
    "pages:english-page",  # no English pages on B
    "media",  # requested below
    "ratings:rate",  # a POST: tests/ratings (another site's article is a 404 there)
    "ratings:token",  # a CSRF token as JSON, the same for every site
    # Hỏi đáp's private pages answer a POSTed code or a cookie, never a plain GET's content:
    # tests/questions/test_citizen.py (a code of another site finds nothing).
    "questions:status",
    "questions:asked",
    "reports:report",  # a form showing no site content; reports land on the site asked: tests/reports
    "reports:sent",  # needs a signed reference: tests/reports/test_report_form.py
}


def _public_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if hasattr(pattern, "url_patterns"):
            if "quan-tri" in str(pattern.pattern):
                continue
            inner = (
                f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else pattern.namespace
            )
            yield from _public_names(pattern, inner or namespace)
        elif pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def publish_everything(site, word: str) -> dict:
    """One published object of each kind on `site`, every title carrying `word`."""
    from committee.models import Appointment, Person, Role, Unit
    from documents.models import (
        Attachment,
        Consultation,
        ConsultationComment,
        Document,
        DocumentType,
        IssuingBody,
    )
    from news.models import Article, Category, Tag
    from pages.models import MenuItem, Page, WebLink
    from tests.documents.conftest import pdf_bytes

    now = timezone.now()
    with working_on(site):
        category = Category.objects.create(name=f"Chuyên mục {word}", slug=f"chuyen-muc-{word.lower()}")
        article = Article.objects.create(
            title=f"Tin {word}",
            summary=f"Tóm tắt {word}",
            body=f"<p>Nội dung {word}</p>",
            category=category,
            status="published",
            publish_at=now - datetime.timedelta(hours=1),
            # A rebuttal (bài phản bác), so that /tin-tuc/phan-bac/ has the site's own entry.
            kind="rebuttal",
            claim=f"Luận điệu {word}",
            verdict="false",
            rebuttal_summary=f"Sự thật {word}",
        )
        article.tags.add(Tag.objects.create(name=f"Thẻ {word}"))
        document = Document.objects.create(
            doc_type=DocumentType.objects.get(name="Kế hoạch"),
            issuing_body=IssuingBody.objects.first(),
            number=7,
            title=f"Kế hoạch {word}",
            summary=f"Trích yếu {word}",
            issue_date=datetime.date(2025, 9, 1),
            is_published=True,
        )
        attachment = Attachment(document=document, title=f"Toàn văn {word}")
        attachment.file.save("ke-hoach.pdf", ContentFile(pdf_bytes(1)), save=False)
        attachment.save()
        unit = Unit.objects.create(name=f"Tổ giúp việc {word}", slug=f"to-giup-viec-{word.lower()}")
        person = Person.objects.create(full_name=f"Nguyễn Văn {word}")
        Appointment.objects.create(
            person=person,
            unit=unit,
            role=Role.objects.get(name="Thành viên"),
            start_date=datetime.date(2025, 9, 1),
        )
        page = Page.objects.create(title=f"Trang {word}", slug=f"trang-{word.lower()}", body=f"<p>{word}</p>")
        consultation = Consultation.objects.create(
            title=f"Dự thảo {word}",
            slug=f"du-thao-{word.lower()}",
            summary=f"Tóm tắt {word}",
            opens_at=now - datetime.timedelta(days=1),
            closes_at=now + datetime.timedelta(days=5),
            is_published=True,
        )
        ConsultationComment.objects.create(
            consultation=consultation, name=f"Người góp ý {word}", text=f"Ý kiến {word}", is_published=True
        )
        MenuItem.objects.create(title=f"Mục {word}", url="/van-ban/")
        from questions import codes
        from questions.models import Question, Topic

        question = Question.objects.create(
            topic=Topic.objects.create(name=f"Lĩnh vực {word}"),
            asker_name="Người hỏi",
            text=f"Câu hỏi {word}?",
            code_digest=codes.digest(codes.new_code()),
            status="answered",
            answer=f"Trả lời {word}.",
            answered_at=now,
            is_published=True,
            published_at=now,
            public_title=f"Hỏi đáp {word}",
        )
        WebLink.objects.create(title=f"Liên kết {word}", url="https://example.gov.vn/")
    return {
        "category": category.slug,
        "article": article.slug,
        "article_pk": article.pk,
        "document": document.slug,
        "consultation": consultation.slug,
        "unit": unit.slug,
        "person": person.slug,
        "page": page.slug,
        "attachment": attachment.pk,
        "question": question.pk,
        "photo": None,
    }


@pytest.fixture
def sites():
    from tests.conftest import _ensure_groups

    _ensure_groups()
    a = Site.objects.get(pk=1)
    b = create_committee(
        NewCommittee(
            host=B_HOST, full_name="Ban Chỉ đạo 35 xã B", short_name="Ban Chỉ đạo 35 xã B", level="xa"
        )
    )
    with working_on(a):
        from demo.pages import IDENTITY
        from pages.models import SiteSettings

        SiteSettings.objects.create(**IDENTITY)
        from committee.models import Role
        from documents.models import DocumentType, IssuingBody

        DocumentType.objects.get_or_create(name="Kế hoạch", defaults={"abbreviation": "KH"})
        IssuingBody.objects.get_or_create(name="Ban Chỉ đạo 35 huyện A", defaults={"abbreviation": "BCĐ"})
        Role.objects.get_or_create(name="Thành viên", defaults={"rank": 70})
    return {"a": publish_everything(a, "Aaaonly"), "b": publish_everything(b, MARKER), "b_site": b}


def test_every_public_url_is_in_the_table():
    names = set(_public_names())
    assert names - set(PUBLIC) - NOT_PAGES == set()


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_site_a_never_shows_site_b_content(client, sites, name):
    url = PUBLIC[name].format(**sites["a"])
    response = client.get(url)
    assert response.status_code == 200, url
    assert MARKER.lower() not in response.content.decode().lower()


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_site_b_shows_its_own_content_at_the_same_urls(client, sites, name):
    url = PUBLIC[name].format(**sites["b"])
    response = client.get(url, HTTP_HOST=B_HOST)
    assert response.status_code == 200, url
    if name not in {"robots-txt", "stats:about", "committee:history"}:
        assert MARKER.lower() in response.content.decode().lower(), url


@pytest.mark.parametrize(
    "url",
    [
        "/tin-tuc/{category}/",
        "/tin-tuc/{category}/rss/",
        "/tin-tuc/bai/{article}/",
        "/tin-tuc/bai/{article}/luu/",
        "/ban-chi-dao/don-vi/{unit}/",
        "/ban-chi-dao/thanh-vien/{person}/",
        "/van-ban/{document}/",
        "/van-ban/tai-ve/{attachment}/",
        "/{page}/",
    ],
)
def test_site_b_addresses_are_not_found_on_site_a(client, sites, url):
    response = client.get(url.format(**sites["b"]))
    assert response.status_code == 404
    assert MARKER not in response.content.decode()


def test_site_b_files_are_not_served_on_site_a(client, sites, settings):
    from documents.models import Attachment

    with working_on(sites["b_site"]):
        name = Attachment.objects.get(pk=sites["b"]["attachment"]).file.name
    assert name.startswith(f"sites/{sites['b_site'].pk}/")
