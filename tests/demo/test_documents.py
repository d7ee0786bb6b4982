"""The demo documents: the three the seed conference adopted, linked both ways to the seed
article, with real PDFs in Vietnamese; about twenty more of every status; idempotent."""

import datetime
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from demo import documents as demo
from documents.models import Attachment, Document, Status
from documents.storage import document_storage

pytestmark = pytest.mark.django_db

SEED_TITLES = [
    "Kế hoạch của Ban Chỉ đạo 35 huyện Duyên Hải năm 2021",
    "Quy chế hoạt động của Ban Biên tập trang fanpage Ban Chỉ đạo 35 huyện Duyên Hải",
    "Quy chế hoạt động của Cộng tác viên Ban Chỉ đạo 35 huyện Duyên Hải",
]


@pytest.fixture
def seed_article(db):
    from news.models import Article, Category
    from news.models import Status as ArticleStatus

    category = Category.objects.create(name="Tin hoạt động", slug="tin-hoat-dong")
    return Article.objects.create(
        title="Hội nghị triển khai kế hoạch, quy chế làm việc Ban Chỉ đạo 35 huyện",
        slug="hoi-nghi-trien-khai-ke-hoach-quy-che-lam-viec-ban-chi-dao-35-huyen",
        summary="Ngày 12/03/2021, Ban Chỉ đạo 35 huyện Duyên Hải hội nghị triển khai kế hoạch, quy chế.",
        category=category,
        status=ArticleStatus.PUBLISHED,
        publish_at=timezone.now() - datetime.timedelta(days=1),
    )


@pytest.fixture
def loaded(site_identity, seed_article):
    demo.load(io.StringIO())
    return {d.title: d for d in Document.objects.select_related("doc_type", "issuing_body")}


def test_the_three_adopted_documents_are_linked_both_ways_and_served_in_vietnamese(
    loaded, seed_article, citizen
):
    for title in SEED_TITLES:
        document = loaded[title]
        assert document.issue_date == datetime.date(2021, 3, 12)
        assert document.is_published
        assert list(document.related_articles.all()) == [seed_article]
        html = citizen.get(document.get_absolute_url()).content.decode()
        assert seed_article.get_absolute_url() in html  # the document links to the article
    # …and the article reaches its documents (related_name "documents").
    assert sorted(d.title for d in seed_article.documents.all()) == sorted(SEED_TITLES)
    assert loaded[SEED_TITLES[0]].code == "05-KH/BCĐ"

    # A real PDF with Vietnamese text in an embedded font, its text extracted for search.
    plan = loaded[SEED_TITLES[0]]
    attachment = plan.attachments.get(kind="pdf")
    with document_storage.open(attachment.file.name) as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Kế hoạch của Ban Chỉ đạo 35 huyện Duyên Hải năm 2021" in text
    assert "Củng cố, kiện toàn Ban Chỉ đạo 35" in text
    fonts = reader.pages[0]["/Resources"]["/Font"]
    assert any("DejaVu" in str(font.get_object()["/BaseFont"]) for font in fonts.values())
    assert attachment.page_count >= 1
    assert "nhom giai phap" in Document.objects.get(pk=plan.pk).search_text

    # Opens inline, saves under its Vietnamese name; the draft put to the conference is kept.
    rules = loaded[SEED_TITLES[1]].attachments.get()
    response = citizen.get(rules.get_absolute_url())
    assert response["Content-Disposition"].startswith('inline; filename="Quy che 01-QC-BCD')
    assert "filename*=UTF-8''Quy%20ch%E1%BA%BF" in response["Content-Disposition"]
    assert rules.versions.count() == 1


def test_demo_has_twenty_more_documents_of_every_type_and_status_and_is_idempotent(loaded, seed_article):
    assert len(loaded) >= 23
    today = timezone.localdate()
    statuses = {d.status_on(today) for d in loaded.values() if d.is_published}
    assert statuses == set(Status)
    assert len({d.doc_type.abbreviation for d in loaded.values()}) == 8
    assert len({d.issue_date.year for d in loaded.values()}) >= 6
    superseded = [d for d in loaded.values() if d.replaced_by_id]
    assert len(superseded) == 1 and superseded[0].replaced_by.replaces.get() == superseded[0]
    assert any(not d.is_published for d in loaded.values())
    assert not Document.objects.filter(attachments__isnull=True).exists()

    counts = (Document.objects.count(), Attachment.objects.count())
    demo.load(io.StringIO())
    assert (Document.objects.count(), Attachment.objects.count()) == counts
    assert seed_article.documents.count() == 3


def test_demo_runs_before_the_news_app_has_content(site_identity):
    out = io.StringIO()
    demo.load(out)
    assert "chưa liên kết" in out.getvalue()
    assert Document.objects.filter(title=SEED_TITLES[0]).exists()
