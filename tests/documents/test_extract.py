"""Text of OpenDocument files as a reader sees it, read with lxml and nothing else."""

import io
import zipfile

from documents.extract import extract_text

from .conftest import _odf_package

ODT = "application/vnd.oasis.opendocument.text"


def _odt(body: str) -> io.BytesIO:
    return io.BytesIO(_odf_package(ODT, f"<office:text>{body}</office:text>"))


def test_headings_and_paragraphs_are_read_in_document_order():
    f = _odt(
        "<text:h>Điều 1. Phạm vi</text:h><text:p>Quy chế này áp dụng</text:p>"
        "<text:h>Điều 2. Đối tượng</text:h><text:p>Cán bộ, đảng viên</text:p>"
    )
    assert extract_text(f, "odt").split("\n") == [
        "Điều 1. Phạm vi",
        "Quy chế này áp dụng",
        "Điều 2. Đối tượng",
        "Cán bộ, đảng viên",
    ]


def test_spans_spaces_tabs_and_line_breaks_keep_words_apart():
    f = _odt(
        '<text:p>Ban <text:span text:style-name="B">Chỉ đạo</text:span> 35<text:s text:c="3"/>huyện'
        "<text:tab/>Duyên<text:line-break/>Hải</text:p>"
    )
    assert extract_text(f, "odt") == "Ban Chỉ đạo 35 huyện Duyên Hải"


def test_an_entity_bomb_is_not_expanded():
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
        "<office:body><office:text><text:p>&c;</text:p></office:text></office:body>"
        "</office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", ODT)
        z.writestr("content.xml", bomb)
    assert "aaaaaaaaaa" not in extract_text(out, "odt")


def test_a_package_without_content_gives_no_text_and_no_error():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", ODT)
    assert extract_text(out, "odt") == ""
