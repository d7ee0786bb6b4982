"""Public pages: list with filters, document page, downloads, feed, sitemap, the sidebar block."""

import datetime
import re
import xml.etree.ElementTree as ET
from urllib.parse import quote

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.test import override_settings

from documents.models import Document, Status

from .conftest import attach, docx_bytes, pdf_bytes

pytestmark = pytest.mark.django_db
HCM = datetime.timezone(datetime.timedelta(hours=7))


def h1_count(response) -> int:
    return len(re.findall(r"<h1[\s>]", response.content.decode()))


def listed_codes(response) -> list[str]:
    return re.findall(r'<td class="doc-table__code">([^<]+)</td>', response.content.decode())


# --- list -------------------------------------------------------------------------------------
def test_list_page_answers_with_one_h1_and_newest_first(citizen, site_identity, make_document):
    make_document(number=1, issue_date=datetime.date(2021, 3, 12))
    make_document(number=2, issue_date=datetime.date(2023, 1, 9))
    make_document(number=3, issue_date=datetime.date(2022, 1, 9), is_published=False)
    response = citizen.get("/van-ban/")
    assert response.status_code == 200
    assert h1_count(response) == 1
    assert listed_codes(response) == ["02-KH/BCĐ", "01-KH/BCĐ"]
    assert "Có 2 văn bản." in response.content.decode()


def test_list_refuses_post(citizen, site_identity):
    assert citizen.post("/van-ban/").status_code == 405


@pytest.fixture
def catalogue(make_document, lookups):
    """Documents that differ in one filter each."""
    return {
        "plan_2021": make_document(
            number=1, issue_date=datetime.date(2021, 3, 12), fields=[lookups["field"]]
        ),
        "rules_2021": make_document(
            number=1, doc_type=lookups["rules"], issue_date=datetime.date(2021, 3, 12)
        ),
        "plan_2023": make_document(
            number=2, issue_date=datetime.date(2023, 1, 9), expiry_date=datetime.date(2024, 1, 1)
        ),
        "state_2022": make_document(
            number=4,
            issuing_body=lookups["state"],
            issue_date=datetime.date(2022, 5, 5),
            title="Công văn UBND",
        ),
        "future": make_document(
            number=3,
            issue_date=datetime.date(2026, 11, 20),
            effective_date=datetime.date(2027, 1, 1),
            title="Kế hoạch tuyên truyền cao điểm",
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("loai=quy-che", ["rules_2021"]),
        ("co_quan=ubnd", ["state_2022"]),
        ("linh_vuc=khong-gian-mang", ["plan_2021"]),
        ("nam=2021", ["plan_2021", "rules_2021"]),
        ("tinh_trang=het-hieu-luc", ["plan_2023"]),
        ("tinh_trang=chua-hieu-luc", ["future"]),
        ("q=cong+van+ubnd", ["state_2022"]),
        ("q=tuyên truyền cao điểm", ["future"]),
        ("loai=ke-hoach&nam=2023", ["plan_2023"]),
        ("loai=khong-co&nam=2021", ["plan_2021", "rules_2021"]),  # an unknown value is ignored
    ],
)
def test_filters_select_the_right_documents(citizen, site_identity, catalogue, query, expected):
    with time_machine.travel(datetime.datetime(2026, 11, 26, 9, tzinfo=HCM), tick=False):
        response = citizen.get(f"/van-ban/?{query}")
    assert response.status_code == 200
    assert sorted(listed_codes(response)) == sorted(catalogue[key].code for key in expected)


def test_filter_form_shows_the_choices_and_keeps_the_selection(citizen, site_identity, catalogue):
    html = citizen.get("/van-ban/?loai=quy-che&nam=2021").content.decode()
    assert '<option value="quy-che" selected>Quy chế</option>' in html
    assert '<option value="2021" selected>2021</option>' in html
    assert '<option value="2026">2026</option>' in html
    assert "Bỏ điều kiện lọc" in html


def test_filter_choices_are_shown_as_typed_never_as_markup(citizen, site_identity, catalogue, lookups):
    lookups["state"].name = 'Ủy ban <script>alert("x")</script> & "Mặt trận"'
    lookups["state"].save()
    html = citizen.get("/van-ban/?co_quan=ubnd").content.decode()
    assert (
        '<option value="ubnd" selected>Ủy ban &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; '
        "&amp; &quot;Mặt trận&quot;</option>"
    ) in html
    assert "<script>alert" not in html


@override_settings(DOCUMENTS_PER_PAGE=2)
def test_pagination_keeps_the_filters_in_shareable_links(citizen, site_identity, make_document):
    for number in range(1, 6):
        make_document(number=number, issue_date=datetime.date(2021, 1, number))
    response = citizen.get("/van-ban/?nam=2021&q=ke+hoach&trang=2")
    html = response.content.decode()
    assert listed_codes(response) == ["03-KH/BCĐ", "02-KH/BCĐ"]
    assert 'href="?q=ke+hoach&amp;nam=2021&amp;trang=3"' in html
    assert 'href="?q=ke+hoach&amp;nam=2021&amp;trang=1"' in html
    assert "trang 2/3" in html
    assert citizen.get("/van-ban/?trang=999").status_code == 200  # past the end: the last page


def test_list_shows_status_labels(citizen, site_identity, make_document):
    old = make_document(number=1, issue_date=datetime.date(2020, 9, 15))
    new = make_document(number=2)
    Document.objects.filter(pk=old.pk).update(replaced_by=new)
    html = citizen.get("/van-ban/").content.decode()
    assert '<span class="doc-status doc-status--bi-thay-the">Bị thay thế</span>' in html
    assert '<span class="doc-status doc-status--con-hieu-luc">Còn hiệu lực</span>' in html


# --- detail -----------------------------------------------------------------------------------
@pytest.fixture
def full_document(make_document, lookups):
    replacement = make_document(number=9, title="Quy chế sửa đổi", issue_date=datetime.date(2023, 8, 2))
    related = make_document(number=8, title="Thông báo phân công nhiệm vụ")
    document = make_document(
        number=5,
        title="Kế hoạch của Ban Chỉ đạo năm 2021",
        summary="Sáu nhóm giải pháp trọng tâm.",
        fields=[lookups["field"]],
        expiry_date=datetime.date(2022, 1, 1),
    )
    Document.objects.filter(pk=document.pk).update(replaced_by=replacement)
    document.related_documents.add(related)
    attach(document, pdf_bytes(3), "Kế hoạch 05-KH-BCĐ.pdf", title="Toàn văn")
    attach(document, docx_bytes(), "Phụ lục phân công.docx", order=1)
    return Document.objects.get(pk=document.pk)


def test_detail_page_shows_all_metadata(citizen, site_identity, full_document):
    response = citizen.get(full_document.get_absolute_url())
    assert response.status_code == 200
    assert h1_count(response) == 1
    html = response.content.decode()
    for label, value in [
        ("Số hiệu", "05-KH/BCĐ"),
        ("Trích yếu", "Sáu nhóm giải pháp trọng tâm."),
        ("Loại văn bản", "Kế hoạch"),
        ("Lĩnh vực", "Thông tin trên không gian mạng"),
        ("Cơ quan ban hành", "Ban Chỉ đạo 35 huyện Mẫu"),
        ("Người ký", "Phan Văn Nhặn"),
        ("Ngày ban hành", "12/03/2021"),
        ("Ngày hiệu lực", "12/03/2021"),
        ("Ngày hết hiệu lực", "01/01/2022"),
        ("Tình trạng", "Bị thay thế"),
    ]:
        row = re.search(rf'<th scope="row">{label}</th><td>(.*?)</td></tr>', html, re.S)
        assert row and value in row.group(1), label


def test_detail_page_lists_files_with_type_size_pages_and_a_titled_preview(
    citizen, site_identity, full_document
):
    html = citizen.get(full_document.get_absolute_url()).content.decode()
    pdf, docx = full_document.attachments.all()
    assert '<span class="doc-icon doc-icon--pdf" aria-hidden="true">PDF</span>' in html
    assert '<span class="doc-icon doc-icon--docx" aria-hidden="true">DOCX</span>' in html
    assert f"PDF · {pdf.size_display} · 3 trang" in html
    assert f"Word (.docx) · {docx.size_display}" in html
    assert (
        f'<iframe class="doc-preview__frame" src="/van-ban/tai-ve/{pdf.pk}/?inline=1" '
        'title="Xem trước tệp PDF Toàn văn (3 trang)" loading="lazy"></iframe>'
    ) in html
    assert f'href="/van-ban/tai-ve/{docx.pk}/" download' in html


def test_detail_page_links_replacement_and_related_documents_both_ways(citizen, site_identity, full_document):
    replacement = full_document.replaced_by
    related = full_document.related_documents.get()
    html = citizen.get(full_document.get_absolute_url()).content.decode()
    assert f'Văn bản này đã bị thay thế bởi <a href="{replacement.get_absolute_url()}">' in html
    assert related.get_absolute_url() in html
    back = citizen.get(replacement.get_absolute_url()).content.decode()
    assert "Văn bản này thay thế" in back and full_document.get_absolute_url() in back
    assert full_document.get_absolute_url() in citizen.get(related.get_absolute_url()).content.decode()


def test_unpublished_related_documents_are_not_linked(citizen, site_identity, full_document):
    Document.objects.filter(pk=full_document.replaced_by_id).update(is_published=False)
    html = citizen.get(full_document.get_absolute_url()).content.decode()
    assert "Văn bản này đã bị thay thế bởi" not in html
    assert full_document.replaced_by.get_absolute_url() not in html


def test_detail_counts_a_view(citizen, site_identity, full_document):
    citizen.get(full_document.get_absolute_url())
    full_document.refresh_from_db()
    assert full_document.view_count == 1


def test_unpublished_document_is_404_for_the_public(citizen, site_identity, make_document):
    draft = make_document(is_published=False)
    attachment = attach(draft, pdf_bytes(), "nhap.pdf")
    assert citizen.get(draft.get_absolute_url()).status_code == 404
    assert citizen.get(attachment.get_absolute_url()).status_code == 404
    assert citizen.get("/van-ban/khong-co-van-ban-nay/").status_code == 404


def test_staff_with_document_rights_preview_a_draft_uncached(secretary, editor, site_identity, make_document):
    draft = make_document(is_published=False)
    attachment = attach(draft, pdf_bytes(), "nhap.pdf")
    response = secretary.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Bản nháp:" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    download = secretary.get(attachment.get_absolute_url())
    assert download.status_code == 200 and download["Cache-Control"] == "private, no-store"
    draft.refresh_from_db()
    assert (draft.view_count, draft.download_count) == (0, 0)
    assert editor.get(draft.get_absolute_url()).status_code == 404  # news editors have no document rights


# --- downloads --------------------------------------------------------------------------------
def test_pdf_is_served_inline_with_its_vietnamese_name_and_safe_headers(citizen, make_document):
    document = make_document()
    attachment = attach(document, pdf_bytes(2), "Kế hoạch số 05 của Ban Chỉ đạo.pdf")
    response = citizen.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes(2)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'inline; filename="Ke hoach so 05 cua Ban Chi dao.pdf"; '
        f"filename*=UTF-8''{quote('Kế hoạch số 05 của Ban Chỉ đạo.pdf', safe='')}"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("default-src 'none'")
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert "sandbox" not in response["Content-Security-Policy"]  # it would block Chromium's PDF viewer
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["ETag"] == f'"{attachment.sha256}"'
    document.refresh_from_db()
    assert document.download_count == 1


def test_office_files_are_downloads_in_a_sandbox(citizen, make_document):
    attachment = attach(make_document(), docx_bytes(), "Phụ lục.docx")
    response = citizen.get(attachment.get_absolute_url())
    assert response["Content-Type"] == attachment.content_type
    assert response["Content-Disposition"].startswith('attachment; filename="Phu luc.docx"; filename*=UTF-8')
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox; frame-ancestors 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_the_preview_frame_is_not_counted_as_a_download(citizen, make_document):
    document = make_document()
    attachment = attach(document, pdf_bytes(), "a.pdf")
    response = citizen.get(attachment.preview_url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("inline;")
    document.refresh_from_db()
    assert document.download_count == 0


def test_a_revalidated_download_is_a_304_and_not_counted(citizen, make_document):
    document = make_document()
    attachment = attach(document, pdf_bytes(), "a.pdf")
    response = citizen.get(attachment.get_absolute_url(), HTTP_IF_NONE_MATCH=f'"{attachment.sha256}"')
    assert response.status_code == 304
    document.refresh_from_db()
    assert document.download_count == 0


def test_download_url_survives_replacement_and_old_version_stays_downloadable(citizen, make_document):
    document = make_document()
    attachment = attach(document, pdf_bytes(1), "Dự thảo.pdf")
    url = attachment.get_absolute_url()
    attachment.file = ContentFile(pdf_bytes(2), name="Chính thức.pdf")
    attachment.save()
    response = citizen.get(url)
    assert b"".join(response.streaming_content) == pdf_bytes(2)
    version = attachment.versions.get()
    old = citizen.get(version.get_absolute_url())
    assert b"".join(old.streaming_content) == pdf_bytes(1)
    assert "Du thao.pdf" in old["Content-Disposition"]
    html = citizen.get(document.get_absolute_url()).content.decode()
    assert "Các phiên bản trước (1)" in html and version.get_absolute_url() in html


@override_settings(DOCUMENT_X_ACCEL_PREFIX="/_tep-van-ban/")
def test_nginx_can_send_the_bytes(citizen, make_document):
    attachment = attach(make_document(), pdf_bytes(), "Kế hoạch.pdf")
    response = citizen.get(attachment.get_absolute_url())
    assert response["X-Accel-Redirect"] == f"/_tep-van-ban/{attachment.file.name}"
    assert response.content == b""
    assert response["X-Document-CSP"] == response["Content-Security-Policy"]
    assert "filename*=UTF-8''K%E1%BA%BF" in response["Content-Disposition"]


def test_downloads_answer_get_only(citizen, make_document):
    attachment = attach(make_document(), pdf_bytes(), "a.pdf")
    assert citizen.post(attachment.get_absolute_url()).status_code == 405


# --- feed, sitemap, sidebar block -------------------------------------------------------------
def test_rss_feed_lists_published_documents_only(citizen, site_identity, make_document):
    shown = make_document(number=5, title="Kế hoạch năm 2021")
    make_document(number=6, title="Bản nháp", is_published=False)
    response = citizen.get("/van-ban/rss/")
    assert response.status_code == 200
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("title") == "Văn bản mới – Ban Chỉ đạo 35 huyện Duyên Hải"
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles == ["05-KH/BCĐ – Kế hoạch năm 2021"]
    assert channel.find("item").findtext("link").endswith(shown.get_absolute_url())


def test_list_page_advertises_the_feed(citizen, site_identity):
    assert 'type="application/rss+xml"' in citizen.get("/van-ban/").content.decode()


def test_sitemap_lists_published_documents(citizen, site_identity, make_document):
    shown = make_document(number=1)
    hidden = make_document(number=2, is_published=False)
    xml = citizen.get("/sitemap.xml").content.decode()
    assert shown.get_absolute_url() in xml
    assert hidden.get_absolute_url() not in xml
    assert "/van-ban/</loc>" in xml


def test_latest_documents_block_is_cached_and_refreshed_on_save(
    citizen, site_identity, make_document, django_assert_num_queries
):
    from django.template import Context, Template

    template = Template("{% load documents_tags %}{% latest_documents 3 %}")
    make_document(number=1, title="Kế hoạch cũ", issue_date=datetime.date(2021, 1, 1))
    first = template.render(Context())
    assert "01-KH/BCĐ" in first and "Kế hoạch cũ" in first
    with django_assert_num_queries(0):
        assert template.render(Context()) == first
    make_document(number=2, title="Kế hoạch mới", issue_date=datetime.date(2023, 1, 1))
    refreshed = template.render(Context())
    assert refreshed.index("Kế hoạch mới") < refreshed.index("Kế hoạch cũ")


def test_latest_documents_block_shows_on_every_page(citizen, site_identity, make_document):
    make_document(number=1, title="Kế hoạch trong cột bên")
    assert "Kế hoạch trong cột bên" in citizen.get("/van-ban/").content.decode()


def test_no_template_hard_codes_the_level_of_government(settings):
    from pathlib import Path

    folder = Path(settings.BASE_DIR) / "documents" / "templates"
    for template in folder.rglob("*.html"):
        assert "huyện" not in template.read_text(encoding="utf-8").lower(), template


def test_status_enum_values_are_the_filter_values():
    assert [s.value for s in Status] == ["chua-hieu-luc", "con-hieu-luc", "het-hieu-luc", "bi-thay-the"]


def test_signer_links_to_the_member_page_only_while_it_is_public(citizen, site_identity, make_document):
    from committee.models import Appointment, Person, Role, Unit

    person = Person.objects.create(full_name="Phan Văn Nhặn")
    document = make_document(signer_person=person)
    html = citizen.get(document.get_absolute_url()).content.decode()
    assert person.get_absolute_url() not in html  # no started appointment: the member page is not public
    Appointment.objects.create(
        person=person,
        unit=Unit.objects.create(name="Ban Chỉ đạo", slug="ban-chi-dao"),
        role=Role.objects.get_or_create(name="Trưởng ban", defaults={"rank": 10})[0],
        start_date=datetime.date(2020, 8, 10),
    )
    html = citizen.get(document.get_absolute_url()).content.decode()
    assert f'<a href="{person.get_absolute_url()}">Phan Văn Nhặn</a>, Trưởng Ban Chỉ đạo' in html


def test_head_requests_are_answered_without_counting(citizen, site_identity, make_document):
    document = make_document()
    attachment = attach(document, pdf_bytes(), "a.pdf")
    assert citizen.head(attachment.get_absolute_url()).status_code == 200
    assert citizen.head(document.get_absolute_url()).status_code == 200
    document.refresh_from_db()
    assert (document.view_count, document.download_count) == (0, 0)


def test_news_articles_can_list_their_published_documents(make_document, django_assert_num_queries):
    from django.template import Context, Template
    from django.utils import timezone

    from news.models import Article, Category
    from news.models import Status as ArticleStatus

    article = Article.objects.create(
        title="Hội nghị triển khai kế hoạch",
        category=Category.objects.create(name="Tin hoạt động", slug="tin-hoat-dong"),
        status=ArticleStatus.PUBLISHED,
        publish_at=timezone.now(),
    )
    shown = make_document(number=5, title="Kế hoạch năm 2021")
    hidden = make_document(number=6, title="Bản nháp", is_published=False)
    shown.related_articles.add(article)
    hidden.related_articles.add(article)
    template = Template("{% load documents_tags %}{% article_documents article %}")
    with django_assert_num_queries(1):
        html = template.render(Context({"article": article}))
    assert "Văn bản liên quan" in html
    # The number stays on one line (class doc-code: white-space nowrap).
    number = '<span class="doc-code">05-KH/BCĐ</span>'
    assert f'<a href="{shown.get_absolute_url()}">Kế hoạch số {number}</a>' in html
    assert "Bản nháp" not in html
    empty = Article.objects.create(
        title="Tin khác", category=article.category, status=ArticleStatus.PUBLISHED
    )
    assert template.render(Context({"article": empty})).strip() == ""


def test_rss_dates_carry_the_local_offset_and_the_local_day(citizen, site_identity, make_document):
    # 20:30 UTC on 12 March is 03:30 on 13 March in Vietnam, the day the reader saw it published.
    with time_machine.travel(datetime.datetime(2021, 3, 12, 20, 30, tzinfo=datetime.UTC), tick=False):
        make_document(number=7)
    item = ET.fromstring(citizen.get("/van-ban/rss/").content).find("channel/item")
    assert item.findtext("pubDate") == "Sat, 13 Mar 2021 03:30:00 +0700"
