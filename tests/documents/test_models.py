"""Numbers, status derivation, rules (database and form), derived text, file replacement."""

import datetime
import re

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import override_settings

from documents.models import Attachment, AttachmentVersion, Document, Status
from documents.storage import document_storage

from .conftest import attach, docx_bytes, odt_bytes, pdf_bytes

pytestmark = pytest.mark.django_db

HCM = datetime.timezone(datetime.timedelta(hours=7))


# --- numbers ----------------------------------------------------------------------------------
def test_party_style_composes_number_type_and_symbol(make_document):
    document = make_document(number=5)
    assert document.code == "05-KH/BCĐ"
    assert str(document) == "05-KH/BCĐ – Kế hoạch mẫu số 1"


@override_settings(DOCUMENT_NUMBER_STYLE="state")
def test_state_style_composes_number_type_and_symbol(make_document):
    assert make_document(number=5).code == "05/KH-BCĐ"


def test_symbol_defaults_to_the_issuing_body_and_can_be_overridden(make_document):
    assert make_document(number=1).symbol == "BCĐ"
    assert make_document(number=2, symbol="BCĐ35").code == "02-KH/BCĐ35"


def test_term_is_chosen_from_the_issue_date_for_party_bodies(make_document, lookups):
    assert make_document(issue_date=datetime.date(2021, 3, 12)).term == lookups["term"]
    assert make_document(issue_date=datetime.date(2026, 1, 8)).term == lookups["next_term"]


def test_party_body_without_a_covering_term_gets_a_clear_error(make_document):
    with pytest.raises(ValidationError) as info:
        make_document(issue_date=datetime.date(2010, 1, 1))
    assert "nhiệm kỳ" in info.value.message_dict["term"][0]


def test_slug_comes_from_number_and_title_and_is_unique(make_document, lookups):
    first = make_document(number=5, title="Kế hoạch năm 2021")
    second = make_document(number=5, title="Kế hoạch năm 2021", doc_type=lookups["rules"])
    assert first.slug == "05-kh-bcd-ke-hoach-nam-2021"
    assert second.slug == "05-qc-bcd-ke-hoach-nam-2021"
    assert first.get_absolute_url() == "/van-ban/05-kh-bcd-ke-hoach-nam-2021/"


# --- uniqueness: per (issuing body, type, term) or per year -----------------------------------
def test_duplicate_number_in_the_same_term_is_refused_by_the_database(make_document, lookups):
    make_document(number=7, issue_date=datetime.date(2021, 3, 12))
    clash = Document(
        doc_type=lookups["plan"],
        issuing_body=lookups["committee"],
        number=7,
        title="Khác",
        summary="Khác",
        issue_date=datetime.date(2024, 5, 1),  # another year, same term
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        clash.save()


def test_duplicate_number_gets_a_clear_error_on_the_number_field(make_document, lookups):
    make_document(number=7, title="Kế hoạch gốc", issue_date=datetime.date(2021, 3, 12))
    clash = Document(
        doc_type=lookups["plan"],
        issuing_body=lookups["committee"],
        number=7,
        title="Khác",
        summary="Khác",
        issue_date=datetime.date(2024, 5, 1),
    )
    with pytest.raises(ValidationError) as info:
        clash.full_clean()
    [error] = info.value.message_dict["number"]
    assert "07-KH/BCĐ" in error and "Kế hoạch gốc" in error and "nhiệm kỳ 2020–2025" in error


def test_the_same_number_is_free_in_another_term_type_or_body(make_document, lookups):
    make_document(number=7, issue_date=datetime.date(2021, 3, 12))
    make_document(number=7, issue_date=datetime.date(2026, 3, 12))  # next term
    make_document(number=7, doc_type=lookups["rules"])
    make_document(number=7, issuing_body=lookups["state"], issue_date=datetime.date(2021, 1, 5))
    assert Document.objects.filter(number=7).count() == 4


def test_state_bodies_number_per_year(make_document, lookups):
    make_document(number=3, issuing_body=lookups["state"], issue_date=datetime.date(2021, 1, 5))
    make_document(number=3, issuing_body=lookups["state"], issue_date=datetime.date(2022, 1, 5))
    with pytest.raises(ValidationError) as info:
        make_document(number=3, issuing_body=lookups["state"], issue_date=datetime.date(2022, 6, 1))
    assert "năm 2022" in info.value.message_dict["number"][0]


# --- dates ------------------------------------------------------------------------------------
def test_effective_date_defaults_to_the_issue_date(make_document):
    assert make_document(issue_date=datetime.date(2021, 3, 12)).effective_date == datetime.date(2021, 3, 12)


def test_effective_date_before_issue_date_is_a_field_error(make_document):
    with pytest.raises(ValidationError) as info:
        make_document(issue_date=datetime.date(2021, 3, 12), effective_date=datetime.date(2021, 3, 1))
    assert info.value.message_dict["effective_date"] == [
        "Ngày hiệu lực (01/03/2021) không được trước ngày ban hành (12/03/2021)."
    ]


@pytest.mark.parametrize(
    "expiry", [datetime.date(2021, 3, 12), datetime.date(2021, 3, 20), datetime.date(2020, 1, 1)]
)
def test_expiry_must_come_after_issue_and_effective_dates(make_document, expiry):
    with pytest.raises(ValidationError) as info:
        make_document(
            issue_date=datetime.date(2021, 3, 12),
            effective_date=datetime.date(2021, 4, 1),
            expiry_date=expiry,
        )
    assert "Ngày hết hiệu lực" in info.value.message_dict["expiry_date"][0]


def test_dates_out_of_order_are_refused_by_the_database(make_document):
    document = make_document(issue_date=datetime.date(2021, 3, 12))
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.filter(pk=document.pk).update(effective_date=datetime.date(2021, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.filter(pk=document.pk).update(expiry_date=datetime.date(2021, 3, 12))


# --- status -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2021-03-31 23:59", Status.NOT_YET),
        ("2021-04-01 00:00", Status.IN_FORCE),
        ("2021-12-31 23:59", Status.IN_FORCE),
        ("2022-01-01 00:00", Status.EXPIRED),
    ],
)
def test_status_is_derived_from_the_dates_in_local_time(make_document, now, expected):
    document = make_document(
        issue_date=datetime.date(2021, 3, 12),
        effective_date=datetime.date(2021, 4, 1),
        expiry_date=datetime.date(2022, 1, 1),
    )
    moment = datetime.datetime.fromisoformat(now).replace(tzinfo=HCM)
    with time_machine.travel(moment, tick=False):
        assert document.status == expected
        assert list(Document.objects.with_status(expected)) == [document]
        others = [s for s in Status if s != expected]
        assert not any(Document.objects.with_status(s).exists() for s in others)


def test_replaced_document_is_superseded_and_links_both_ways(make_document):
    old = make_document(number=1, issue_date=datetime.date(2020, 9, 1))
    new = make_document(number=2, issue_date=datetime.date(2023, 8, 2))
    old.replaced_by = new
    old.full_clean()
    old.save()
    assert old.status == Status.SUPERSEDED
    assert list(new.replaces.all()) == [old]
    assert list(Document.objects.with_status(Status.SUPERSEDED)) == [old]
    assert new.status == Status.IN_FORCE


def test_a_document_cannot_replace_itself(make_document):
    document = make_document()
    document.replaced_by = document
    with pytest.raises(ValidationError) as info:
        document.full_clean()
    assert "replaced_by" in info.value.message_dict


def test_related_documents_link_both_ways(make_document):
    plan, rules = make_document(), make_document()
    plan.related_documents.add(rules)
    assert list(rules.related_documents.all()) == [plan]


def test_published_is_the_only_public_door(make_document):
    shown = make_document(is_published=True)
    make_document(is_published=False)
    assert list(Document.objects.published()) == [shown]
    assert shown.published_at is not None


# --- files and derived text -------------------------------------------------------------------
def test_attachment_gets_a_generated_name_and_keeps_the_original(make_document):
    attachment = attach(make_document(), pdf_bytes(2), "../../etc/Kế hoạch\x00 năm 2021.pdf")
    assert re.fullmatch(r"sites/1/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", attachment.file.name)
    assert attachment.original_name == "Kế hoạch năm 2021.pdf"
    assert (attachment.kind, attachment.page_count, attachment.size) == ("pdf", 2, len(pdf_bytes(2)))
    assert document_storage.exists(attachment.file.name)


def test_attachment_files_live_outside_media_root(settings, make_document):
    attachment = attach(make_document(), pdf_bytes(), "a.pdf")
    path = document_storage.path(attachment.file.name)
    assert not path.startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(NotImplementedError):
        document_storage.url(attachment.file.name)


def test_an_unchecked_file_is_never_stored_even_outside_a_form(make_document):
    from django.core.files.base import ContentFile

    attachment = Attachment(document=make_document())
    attachment.file = ContentFile(b"MZ\x90\x00 not a pdf", name="x.pdf")
    with pytest.raises(ValidationError):
        attachment.save()
    assert not Attachment.objects.exists()


def test_text_is_extracted_on_upload_into_the_search_text(make_document, lookups):
    document = make_document(title="Kế hoạch", fields=[lookups["field"]])
    attach(document, pdf_bytes(text="Đấu tranh phản bác quan điểm sai trái trên mạng xã hội."), "kh.pdf")
    attach(document, docx_bytes("Phụ lục phân công nhiệm vụ cộng tác viên"), "pl.docx")
    attach(document, odt_bytes("Quy chế hoạt động của Ban Biên tập"), "qc.odt")
    document.refresh_from_db()
    text = document.search_text
    assert "phan bac quan diem sai trai" in text  # from the PDF
    assert "phu luc phan cong nhiem vu" in text  # from the DOCX
    assert "quy che hoat dong cua ban bien tap" in text  # from the ODT
    assert "thong tin tren khong gian mang" in text  # lĩnh vực
    assert "01-kh/bcd" in text and "01 kh bcd" in text  # the number, with and without punctuation


@override_settings(DOCUMENT_TEXT_MAX_CHARS=50, DOCUMENT_TEXT_MAX_PAGES=1)
def test_extraction_is_bounded(make_document):
    attachment = attach(make_document(), pdf_bytes(pages=3, text="Nội dung dài " * 40), "dai.pdf")
    attachment.refresh_from_db()  # the text is written by the extraction job
    assert 0 < len(attachment.text) <= 50


def test_matching_ignores_diacritics_and_punctuation(make_document):
    document = make_document(number=5, title="Quy chế hoạt động của Cộng tác viên")
    assert list(Document.objects.matching("quy che cong tac vien")) == [document]
    assert list(Document.objects.matching("05-KH/BCĐ")) == [document]
    assert not Document.objects.matching("nghị quyết").exists()


def test_replacing_a_file_keeps_the_url_and_lists_the_earlier_version(make_document):
    from django.core.files.base import ContentFile

    with time_machine.travel(datetime.datetime(2021, 3, 9, 10, tzinfo=HCM), tick=False):
        attachment = attach(make_document(), pdf_bytes(1), "Dự thảo.pdf")
    url, old_name, old_sha = attachment.get_absolute_url(), attachment.file.name, attachment.sha256
    with time_machine.travel(datetime.datetime(2021, 3, 12, 16, tzinfo=HCM), tick=False):
        attachment.file = ContentFile(pdf_bytes(3), name="Bản chính thức.pdf")
        attachment.full_clean()
        attachment.save()
    attachment.refresh_from_db()
    assert attachment.get_absolute_url() == url
    assert (attachment.original_name, attachment.page_count) == ("Bản chính thức.pdf", 3)
    [version] = attachment.versions.all()
    assert (version.file.name, version.sha256, version.original_name) == (old_name, old_sha, "Dự thảo.pdf")
    assert version.uploaded_at.astimezone(HCM).day == 9
    assert version.replaced_at.astimezone(HCM).day == 12
    assert document_storage.exists(old_name)  # the earlier file stays downloadable


def test_deleting_an_attachment_removes_its_files(make_document, django_capture_on_commit_callbacks):
    from django.core.files.base import ContentFile

    attachment = attach(make_document(), pdf_bytes(1), "a.pdf")
    attachment.file = ContentFile(pdf_bytes(2), name="b.pdf")
    attachment.save()
    names = [attachment.file.name, *AttachmentVersion.objects.values_list("file", flat=True)]
    with django_capture_on_commit_callbacks(execute=True):
        attachment.delete()
    assert not any(document_storage.exists(name) for name in names)


def test_deleting_a_document_removes_its_files(make_document, django_capture_on_commit_callbacks):
    document = make_document()
    attachment = attach(document, pdf_bytes(), "a.pdf")
    with django_capture_on_commit_callbacks(execute=True):
        document.delete()
    assert not document_storage.exists(attachment.file.name)


def test_a_chosen_term_must_contain_the_issue_date(make_document, lookups):
    with pytest.raises(ValidationError) as info:
        make_document(issue_date=datetime.date(2026, 1, 5), term=lookups["term"])
    assert info.value.message_dict["term"] == ["Ngày ban hành 05/01/2026 nằm ngoài nhiệm kỳ 2020–2025."]
