"""Secretaries (Thư ký) keep documents in the admin; news editors have no rights there."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from documents.models import Attachment, Document

from .conftest import attach, pdf_bytes, upload

pytestmark = pytest.mark.django_db
ADD_URL = "admin:documents_document_add"


def form_data(lookups, file=None, **overrides) -> dict:
    data = {
        "doc_type": lookups["plan"].pk,
        "issuing_body": lookups["committee"].pk,
        "term": "",
        "number": "5",
        "symbol": "",
        "title": "Kế hoạch của Ban Chỉ đạo năm 2021",
        "summary": "Sáu nhóm giải pháp bảo vệ nền tảng tư tưởng của Đảng.",
        "fields": [lookups["field"].pk],
        "signer_name": "Phan Văn Nhặn",
        "signer_position": "Trưởng Ban Chỉ đạo",
        "signer_person": "",
        "issue_date": "2021-03-12",
        "effective_date": "",
        "expiry_date": "",
        "replaced_by": "",
        "is_published": "on",
        "slug": "",
        "attachments-TOTAL_FORMS": "1",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
        "attachments-0-title": "Toàn văn",
        "attachments-0-order": "0",
        "attachments-0-id": "",
        "attachments-0-document": "",
        "_save": "Lưu",
    }
    if file is not None:
        data["attachments-0-file"] = file
    data.update(overrides)
    return data


def test_secretary_adds_a_document_with_its_file_and_is_stamped_as_uploader(
    secretary, secretary_user, lookups
):
    response = secretary.post(reverse(ADD_URL), form_data(lookups, upload(pdf_bytes(2), "Kế hoạch 2021.pdf")))
    assert response.status_code == 302, response.content.decode()[:3000]
    document = Document.objects.get()
    assert document.code == "05-KH/BCĐ"
    assert document.uploaded_by == secretary_user
    assert document.term == lookups["term"]
    attachment = document.attachments.get()
    assert (attachment.original_name, attachment.page_count, attachment.uploaded_by) == (
        "Kế hoạch 2021.pdf",
        2,
        secretary_user,
    )
    assert "thong tin tren khong gian mang" in document.search_text  # lĩnh vực saved after the document


def errors_and_kept_values(response) -> tuple[str, str]:
    html = response.content.decode()
    return " ".join(re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S)), html


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (b"MZ\x90\x00" + b"\x00" * 100, "ke-hoach.pdf", "tệp chương trình Windows"),
        (b"", "rong.pdf", "rỗng (0 byte)"),
    ],
)
def test_a_refused_file_shows_the_reason_and_keeps_the_other_fields(
    secretary, lookups, content, name, expected
):
    response = secretary.post(reverse(ADD_URL), form_data(lookups, upload(content, name)))
    assert response.status_code == 200
    errors, html = errors_and_kept_values(response)
    assert expected in errors or expected in html
    assert 'value="Kế hoạch của Ban Chỉ đạo năm 2021"' in html
    assert "Sáu nhóm giải pháp bảo vệ nền tảng tư tưởng của Đảng." in html
    assert not Document.objects.exists()


def test_duplicate_number_in_the_same_term_is_a_clear_error_and_keeps_the_form(
    secretary, lookups, make_document
):
    make_document(number=5, title="Kế hoạch đã có", issue_date=datetime.date(2021, 1, 5))
    response = secretary.post(
        reverse(ADD_URL), form_data(lookups, upload(pdf_bytes(), "a.pdf"), title="Kế hoạch trùng số")
    )
    assert response.status_code == 200
    errors, html = errors_and_kept_values(response)
    assert "Số 05-KH/BCĐ đã được dùng cho văn bản “Kế hoạch đã có” trong nhiệm kỳ 2020–2025" in errors
    assert 'value="Kế hoạch trùng số"' in html
    assert Document.objects.count() == 1


def test_dates_out_of_order_are_field_errors_in_the_form(secretary, lookups):
    response = secretary.post(
        reverse(ADD_URL),
        form_data(
            lookups, upload(pdf_bytes(), "a.pdf"), effective_date="2021-03-01", expiry_date="2021-02-01"
        ),
    )
    assert response.status_code == 200
    errors, html = errors_and_kept_values(response)
    assert "Ngày hiệu lực (01/03/2021) không được trước ngày ban hành (12/03/2021)." in errors
    assert 'value="Kế hoạch của Ban Chỉ đạo năm 2021"' in html
    assert not Document.objects.exists()


def test_replacing_a_file_in_the_admin_keeps_the_address_and_records_the_version(
    secretary, secretary_user, make_document, lookups
):
    document = make_document(number=5)
    attachment = attach(document, pdf_bytes(1), "Dự thảo.pdf", title="Toàn văn")
    url = reverse("admin:documents_document_change", args=[document.pk])
    data = form_data(
        lookups,
        upload(pdf_bytes(3), "Bản ký.pdf"),
        title=document.title,
        **{
            "attachments-INITIAL_FORMS": "1",
            "attachments-0-id": str(attachment.pk),
            "attachments-0-document": str(document.pk),
        },
    )
    response = secretary.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    attachment.refresh_from_db()
    assert (attachment.original_name, attachment.page_count, attachment.uploaded_by) == (
        "Bản ký.pdf",
        3,
        secretary_user,
    )
    assert attachment.versions.get().original_name == "Dự thảo.pdf"
    assert Attachment.objects.count() == 1


def test_change_page_shows_file_facts_read_only(secretary, make_document):
    document = make_document()
    attachment = attach(document, pdf_bytes(2), "Kế hoạch.pdf")
    html = secretary.get(reverse("admin:documents_document_change", args=[document.pk])).content.decode()
    assert attachment.sha256 in html
    assert "2 trang" in html and attachment.size_display in html
    assert 'name="attachments-0-sha256"' not in html and 'name="attachments-0-size"' not in html
    assert 'name="uploaded_by"' not in html


def test_changelist_searches_number_and_summary_without_diacritics(secretary, make_document, lookups):
    make_document(number=5, summary="Phản bác quan điểm sai trái trên không gian mạng")
    make_document(number=6, summary="Tổng kết công tác năm")
    url = reverse("admin:documents_document_changelist")
    for term, expected in [
        ("05-KH/BCĐ", 1),
        ("05 kh bcd", 1),
        ("phan bac sai trai", 1),
        ("6", 1),
        ("năm", 1),
    ]:
        html = secretary.get(url, {"q": term}).content.decode()
        assert re.search(rf"{expected} văn bản", html), term


def test_changelist_filters_by_status(secretary, make_document):
    make_document(number=1, expiry_date=datetime.date(2022, 1, 1))
    make_document(number=2)
    html = secretary.get(
        reverse("admin:documents_document_changelist"), {"tinh_trang": "het-hieu-luc"}
    ).content.decode()
    assert "01-KH/BCĐ" in html and "02-KH/BCĐ" not in html


def test_publish_action_sets_the_publication_time(secretary, make_document):
    draft = make_document(is_published=False)
    response = secretary.post(
        reverse("admin:documents_document_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_published and draft.published_at is not None


def test_secretary_can_look_up_documents_to_link(secretary, make_document):
    make_document(number=5, title="Quy chế làm việc")
    response = secretary.get(
        "/" + __import__("django.conf").conf.settings.ADMIN_URL + "autocomplete/",
        {"app_label": "documents", "model_name": "document", "field_name": "replaced_by", "term": "quy che"},
    )
    assert response.status_code == 200
    assert "05-KH/BCĐ – Quy chế làm việc" in response.json()["results"][0]["text"]


@pytest.mark.parametrize("persona", ["editor", "approver"])
def test_news_editors_have_no_document_rights(request, persona, make_document):
    client = request.getfixturevalue(persona)
    document = make_document()
    assert client.get(reverse("admin:documents_document_changelist")).status_code == 403
    assert client.get(reverse(ADD_URL)).status_code == 403
    assert client.get(reverse("admin:documents_document_change", args=[document.pk])).status_code == 403


def test_secretary_group_rights_come_from_the_migration(db):
    group = Group.objects.get(name="Thư ký")
    codenames = set(
        group.permissions.filter(content_type__app_label="documents").values_list("codename", flat=True)
    )
    assert {
        "add_document",
        "change_document",
        "view_document",
        "add_attachment",
        "change_attachment",
    } <= codenames
    assert "delete_document" not in codenames  # documents are unpublished, never erased
    assert (
        not Group.objects.get(name="Biên tập viên")
        .permissions.filter(content_type__app_label="documents")
        .exists()
    )


def test_an_oversized_file_is_refused_in_the_admin(secretary, lookups, settings):
    settings.DOCUMENT_MAX_UPLOAD_MB = 1
    content = pdf_bytes() + b"\n%" + b"x" * (1024 * 1024)
    response = secretary.post(reverse(ADD_URL), form_data(lookups, upload(content, "lon.pdf")))
    assert response.status_code == 200
    assert "vượt giới hạn 1 MB" in response.content.decode()
    assert not Document.objects.exists()


def test_an_uploaded_name_with_traversal_nul_and_diacritics_is_kept_clean(secretary, lookups):
    name = "../../" + "Kế hoạch\x00 số 05 " + "rất dài " * 30 + ".pdf"
    response = secretary.post(reverse(ADD_URL), form_data(lookups, upload(pdf_bytes(), name)))
    assert response.status_code == 302, response.content.decode()[:2000]
    attachment = Attachment.objects.get()
    assert re.fullmatch(r"sites/1/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", attachment.file.name)
    assert attachment.original_name.startswith("Kế hoạch số 05 rất dài")
    assert attachment.original_name.endswith(".pdf") and len(attachment.original_name) <= 180
    assert "\x00" not in attachment.original_name and "/" not in attachment.original_name
