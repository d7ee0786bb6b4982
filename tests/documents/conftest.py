"""Fixtures for the documents app: lookup rows, a document factory and real files of every kind
(built here, nothing downloaded), plus hostile ones."""

import datetime
import io
import struct
import zipfile
from xml.sax.saxutils import escape

import pytest
from django.core.files.base import ContentFile

from documents.models import Attachment, Document, DocumentType, Field, IssuingBody, Term


@pytest.fixture(autouse=True)
def _document_files(settings, tmp_path):
    """Attachments of each test go to its own private folder."""
    settings.DOCUMENT_FILES_ROOT = str(tmp_path / "documents")


# --- files ------------------------------------------------------------------------------------
def pdf_bytes(pages: int = 1, text: str = "") -> bytes:
    from pypdf import PdfWriter

    if text:
        from demo.documents import make_pdf

        return make_pdf(
            parent="Huyện ủy Mẫu",
            body_name="Ban Chỉ đạo 35",
            code="05-KH/BCĐ",
            place_date="Mẫu, ngày 12 tháng 03 năm 2021",
            type_name="Kế hoạch",
            title="Kế hoạch mẫu",
            paragraphs=[text] * pages,
            signer=("Phan Văn Nhặn", "Trưởng ban"),
        )
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _pdf_with(mutate) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    mutate(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def encrypted_pdf() -> bytes:
    return _pdf_with(lambda w: w.encrypt(user_password="", owner_password="bi-mat", algorithm="RC4-128"))


def javascript_pdf() -> bytes:
    """Document-level JavaScript in the /Names tree (what Acrobat runs on open)."""
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

    def mutate(writer):
        action = DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject("app.alert(1);"),
            }
        )
        tree = DictionaryObject(
            {NameObject("/Names"): ArrayObject([TextStringObject("x"), writer._add_object(action)])}
        )
        names = DictionaryObject({NameObject("/JavaScript"): writer._add_object(tree)})
        writer._root_object[NameObject("/Names")] = writer._add_object(names)

    return _pdf_with(mutate)


def open_action_js_pdf() -> bytes:
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    def mutate(writer):
        action = DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject("app.launchURL('http://x.invalid')"),
            }
        )
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)

    return _pdf_with(mutate)


def launch_pdf() -> bytes:
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    def mutate(writer):
        action = DictionaryObject(
            {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("calc.exe")}
        )
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)

    return _pdf_with(mutate)


def goto_open_action_pdf() -> bytes:
    """A harmless open action (show page 1 fitted): must be accepted."""
    from pypdf.generic import ArrayObject, NameObject

    def mutate(writer):
        page = writer.pages[0].indirect_reference
        writer._root_object[NameObject("/OpenAction")] = ArrayObject([page, NameObject("/Fit")])

    return _pdf_with(mutate)


def docx_bytes(text: str = "Nội dung văn bản mẫu") -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docm_bytes() -> bytes:
    """A Word file with a VBA project, as Word saves .docm."""
    source = zipfile.ZipFile(io.BytesIO(docx_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                    b"application/vnd.ms-word.document.macroEnabled.main+xml",
                )
            target.writestr(item, data)
        target.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 fake vba project")
    return out.getvalue()


def _odf_package(mimetype: str, body: str) -> bytes:
    """An OpenDocument package as office suites write it: the mimetype first and stored."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        z.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
            f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{mimetype}"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>",
        )
        z.writestr(
            "content.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
            ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
            ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.3">'
            f"<office:body>{body}</office:body></office:document-content>",
        )
    return out.getvalue()


def odt_bytes(text: str = "Quy chế hoạt động của Cộng tác viên") -> bytes:
    return _odf_package(
        "application/vnd.oasis.opendocument.text",
        f"<office:text><text:p>{escape(text)}</text:p></office:text>",
    )


def ods_bytes() -> bytes:
    return _odf_package(
        "application/vnd.oasis.opendocument.spreadsheet",
        '<office:spreadsheet><table:table table:name="Trang 1"/></office:spreadsheet>',
    )


def xlsx_bytes() -> bytes:
    """The parts that identify an Excel workbook (enough for detection)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        )
        z.writestr("xl/workbook.xml", "<workbook/>")
    return out.getvalue()


def ole_bytes(*stream_names: str) -> bytes:
    """A minimal Compound File (the .doc/.xls container) whose directory lists these streams."""
    sector = 512
    header = bytearray(sector)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIII", header, 44, 1, 1, 0, 4096)  # 1 FAT sector, directory at sector 1
    struct.pack_into("<IIII", header, 60, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    difat = [0] + [0xFFFFFFFF] * 108
    struct.pack_into("<109I", header, 76, *difat)
    fat = [0xFFFFFFFD, 0xFFFFFFFE] + [0xFFFFFFFF] * (sector // 4 - 2)
    fat_sector = struct.pack(f"<{sector // 4}I", *fat)

    def entry(name: str, kind: int) -> bytes:
        raw = bytearray(128)
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        raw[: len(encoded)] = encoded
        struct.pack_into("<HB", raw, 64, len(encoded), kind)
        return bytes(raw)

    entries = [entry("Root Entry", 5)] + [entry(n, 2) for n in stream_names]
    directory = b"".join(entries).ljust(sector, b"\x00")
    return bytes(header) + fat_sector + directory


def upload(content: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


# --- rows -------------------------------------------------------------------------------------
@pytest.fixture
def lookups(db):
    plan = DocumentType.objects.create(name="Kế hoạch", abbreviation="KH", slug="ke-hoach", order=0)
    rules = DocumentType.objects.create(name="Quy chế", abbreviation="QC", slug="quy-che", order=1)
    committee = IssuingBody.objects.create(
        name="Ban Chỉ đạo 35 huyện Mẫu", abbreviation="BCĐ", slug="ban-chi-dao", numbering="term"
    )
    state = IssuingBody.objects.create(
        name="Ủy ban nhân dân huyện Mẫu", abbreviation="UBND", slug="ubnd", numbering="year"
    )
    term = Term.objects.create(
        name="Nhiệm kỳ 2020–2025", start_date=datetime.date(2020, 8, 1), end_date=datetime.date(2025, 7, 31)
    )
    next_term = Term.objects.create(name="Nhiệm kỳ 2025–2030", start_date=datetime.date(2025, 8, 1))
    field = Field.objects.create(name="Thông tin trên không gian mạng", slug="khong-gian-mang")
    other_field = Field.objects.create(name="Tổ chức bộ máy", slug="to-chuc-bo-may")
    return {
        "plan": plan,
        "rules": rules,
        "committee": committee,
        "state": state,
        "term": term,
        "next_term": next_term,
        "field": field,
        "other_field": other_field,
    }


@pytest.fixture
def make_document(lookups):
    counter = {"n": 0}

    def make(**kwargs) -> Document:
        counter["n"] += 1
        values = {
            "doc_type": lookups["plan"],
            "issuing_body": lookups["committee"],
            "number": counter["n"],
            "title": f"Kế hoạch mẫu số {counter['n']}",
            "summary": "Trích yếu mẫu về bảo vệ nền tảng tư tưởng của Đảng.",
            "issue_date": datetime.date(2021, 3, 12),
            "signer_name": "Phan Văn Nhặn",
            "signer_position": "Trưởng Ban Chỉ đạo",
            "is_published": True,
        }
        values.update(kwargs)
        fields = values.pop("fields", [])
        document = Document(**values)
        document.full_clean()
        document.save()
        if fields:
            document.fields.set(fields)
            document.refresh_search_text()
        return document

    return make


def attach(document: Document, content: bytes, name: str, **kwargs) -> Attachment:
    attachment = Attachment(document=document, **kwargs)
    attachment.file = ContentFile(content, name=name)
    attachment.full_clean()
    attachment.save()
    return attachment


def object_stream_js_pdf() -> bytes:
    """A PDF 1.5 whose JavaScript open action sits inside a compressed object stream, invisible
    to a byte scan: only the structural walk finds it."""
    import zlib

    hidden = b"<< /S /JavaScript /JS (app.alert(1)) >>"
    objstm_body = b"5 0 " + hidden
    first = len(b"5 0 ")
    compressed = zlib.compress(objstm_body)
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        4: b"<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
        % (first, len(compressed))
        + compressed
        + b"\nendstream",
    }
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number, body in objects.items():
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_offset = len(out)
    rows = [struct.pack(">BIH", 0, 0, 65535)]
    rows += [struct.pack(">BIH", 1, offsets[n], 0) for n in (1, 2, 3, 4)]
    rows += [struct.pack(">BIH", 2, 4, 0)]  # object 5: in object stream 4, index 0
    rows += [struct.pack(">BIH", 1, xref_offset, 0)]  # object 6: the xref stream itself
    data = zlib.compress(b"".join(rows))
    out += (
        b"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Filter /FlateDecode /Length %d >>\nstream\n"
        % len(data)
        + data
        + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_offset
    )
    return bytes(out)
