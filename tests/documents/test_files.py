"""Attachments are recognised by content; every unsafe or wrong file is refused in Vietnamese."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from documents.files import (
    ascii_file_name,
    clean_original_name,
    format_size,
    inspect_upload,
    ole_entry_names,
)

from .conftest import (
    docm_bytes,
    docx_bytes,
    encrypted_pdf,
    goto_open_action_pdf,
    javascript_pdf,
    launch_pdf,
    object_stream_js_pdf,
    ods_bytes,
    odt_bytes,
    ole_bytes,
    open_action_js_pdf,
    pdf_bytes,
    upload,
    xlsx_bytes,
)


def refused(content: bytes, name: str) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        inspect_upload(upload(content, name))
    return info.value


def message(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- accepted ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("content", "name", "kind"),
    [
        (pdf_bytes(3), "Kế hoạch.pdf", "pdf"),
        (docx_bytes(), "Quy chế.docx", "docx"),
        (xlsx_bytes(), "Bảng tổng hợp.xlsx", "xlsx"),
        (odt_bytes(), "Quy chế.odt", "odt"),
        (ods_bytes(), "Bảng.ods", "ods"),
        (ole_bytes("WordDocument", "1Table"), "Báo cáo.doc", "doc"),
        (ole_bytes("Workbook"), "Số liệu.xls", "xls"),
        (goto_open_action_pdf(), "Mở trang đầu.pdf", "pdf"),
    ],
)
def test_allowed_formats_are_recognised_by_content(content, name, kind):
    facts = inspect_upload(upload(content, name))
    assert facts.kind == kind
    assert facts.original_name == name
    assert facts.size == len(content)
    assert len(facts.sha256) == 64


def test_pdf_page_count_is_recorded():
    assert inspect_upload(upload(pdf_bytes(3), "ba-trang.pdf")).page_count == 3
    assert inspect_upload(upload(docx_bytes(), "x.docx")).page_count is None


def test_a_name_without_extension_gets_the_detected_one():
    assert inspect_upload(upload(pdf_bytes(), "Kế hoạch năm 2021")).original_name == "Kế hoạch năm 2021.pdf"


# --- refused: each kind of bad input ---------------------------------------------------------
def test_exe_renamed_pdf_is_refused():
    error = refused(b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, "ke-hoach.pdf")
    assert error.code == "dinh-dang-khong-hop-le"
    assert "tệp chương trình Windows" in message(error)
    assert "ke-hoach.pdf" in message(error)


def test_html_named_docx_is_refused():
    error = refused(b"<!DOCTYPE html><html><script>alert(1)</script></html>", "quy-che.docx")
    assert error.code == "dinh-dang-khong-hop-le"
    assert "trang HTML" in message(error)


def test_docm_is_refused_by_extension_and_by_content():
    assert refused(docm_bytes(), "quy-che.docm").code == "co-macro"
    # The same macro package renamed .docx is caught by its content.
    error = refused(docm_bytes(), "quy-che.docx")
    assert error.code == "co-macro"
    assert "macro" in message(error)


def test_xlsm_and_vba_project_in_an_old_office_file_are_refused():
    assert refused(xlsx_bytes(), "bang.xlsm").code == "co-macro"
    assert refused(ole_bytes("WordDocument", "Macros", "VBA"), "bao-cao.doc").code == "co-macro"


def test_encrypted_pdf_is_refused():
    error = refused(encrypted_pdf(), "mat.pdf")
    assert error.code == "co-mat-khau"
    assert "mật khẩu" in message(error)


def test_password_protected_office_file_is_refused():
    assert refused(ole_bytes("EncryptionInfo", "EncryptedPackage"), "bao-mat.docx").code == "co-mat-khau"


@pytest.mark.parametrize("content", [javascript_pdf(), open_action_js_pdf(), launch_pdf()])
def test_pdf_with_javascript_or_launch_action_is_refused(content):
    error = refused(content, "co-ma.pdf")
    assert error.code == "pdf-co-ma"
    assert "JavaScript" in message(error)


def test_pdf_with_hex_escaped_javascript_name_is_refused():
    content = open_action_js_pdf().replace(b"/JavaScript", b"/J#61vaScript").replace(b"/JS ", b"/J#53 ")
    assert refused(content, "an-ma.pdf").code == "pdf-co-ma"


def test_javascript_hidden_in_a_compressed_object_stream_is_refused():
    from documents.files import _scan_bytes

    content = object_stream_js_pdf()
    assert not _scan_bytes(io.BytesIO(content))  # invisible to a byte scan…
    assert refused(content, "an-trong-objstm.pdf").code == "pdf-co-ma"  # …found by the walk


def test_empty_file_is_refused():
    error = refused(b"", "rong.pdf")
    assert error.code == "tep-rong"
    assert "0 byte" in message(error)


@override_settings(DOCUMENT_MAX_UPLOAD_MB=1)
def test_file_over_the_limit_is_refused():
    content = pdf_bytes() + b"\n%" + b"x" * (1024 * 1024)
    error = refused(content, "lon.pdf")
    assert error.code == "qua-lon"
    assert "1 MB" in message(error)


def test_name_and_content_mismatch_is_refused():
    error = refused(pdf_bytes(), "ke-hoach.docx")
    assert error.code == "sai-duoi"
    assert ".docx" in message(error) and "PDF" in message(error)


@override_settings(DOCUMENT_ALLOWED_TYPES=["pdf"])
def test_allowed_types_come_from_settings():
    error = refused(docx_bytes(), "quy-che.docx")
    assert error.code == "dinh-dang-khong-hop-le"
    assert "Chỉ nhận: PDF." in message(error)


def test_other_formats_are_refused_with_what_they_are():
    assert "ảnh" in message(refused(b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "anh.pdf"))
    assert "tệp nén ZIP" in message(refused(_zip({"a.txt": "x"}), "nen.docx"))
    assert "PowerPoint" in message(refused(ole_bytes("PowerPoint Document"), "trinh-chieu.doc"))


def test_broken_pdf_is_refused():
    assert refused(b"%PDF-1.7\n garbage without objects", "hong.pdf").code == "tep-hong"


def _zip(members: dict) -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


# --- names ------------------------------------------------------------------------------------
def test_file_name_with_traversal_nul_and_diacritics_is_sanitised():
    assert clean_original_name("../../etc/Kế hoạch\x00 năm 2021.pdf") == "Kế hoạch năm 2021.pdf"
    assert clean_original_name("..\\..\\Windows\\Quy chế.docx") == "Quy chế.docx"
    assert clean_original_name('a<b>:"c|?*.pdf') == "a_b___c___.pdf"
    assert clean_original_name("x" * 300 + ".pdf").endswith("x.pdf")
    assert len(clean_original_name("x" * 300 + ".pdf")) == 180


def test_decomposed_vietnamese_is_normalised_to_nfc():
    decomposed = "Ke\u0302\u0301 hoa\u0323ch.pdf"
    assert clean_original_name(decomposed) == "Kế hoạch.pdf"


def test_ascii_fallback_name_keeps_case_and_folds_d():
    assert ascii_file_name("Quy chế Ban Chỉ đạo ĐẢNG.pdf") == "Quy che Ban Chi dao DANG.pdf"
    assert ascii_file_name("《》.pdf") == ".pdf" or ascii_file_name("《》.pdf")


def test_sizes_read_the_vietnamese_way():
    assert format_size(850) == "850 byte"
    assert format_size(12 * 1024) == "12 KB"
    assert format_size(int(1.5 * 1024 * 1024)) == "1,5 MB"
    assert format_size(25 * 1024 * 1024) == "25 MB"


def test_ole_reader_lists_stream_names():
    assert {"Root Entry", "WordDocument"} <= ole_entry_names(io.BytesIO(ole_bytes("WordDocument")))
    with pytest.raises(ValueError):
        ole_entry_names(io.BytesIO(ole_bytes("WordDocument")[:600]))
