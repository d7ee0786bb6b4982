"""What an uploaded attachment really is, decided by its bytes — never by its name or the
browser's Content-Type header.

`inspect_upload()` recognises PDF, DOC, DOCX, XLS, XLSX, ODT and ODS by content and refuses,
with a Vietnamese message an editor can act on: anything else, a name whose extension lies
about the content, macro-enabled Office files, password-protected files, PDFs that carry
JavaScript or launch actions, empty and oversized files. It also returns the facts we keep
(size, SHA-256, PDF page count) and a cleaned original name for the download.
"""

import hashlib
import re
import struct
import unicodedata
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError

from common.text import strip_marks


@dataclass(frozen=True)
class Kind:
    code: str
    label: str  # what an editor calls it
    content_type: str
    extensions: tuple[str, ...]


KINDS = {
    k.code: k
    for k in (
        Kind("pdf", "PDF", "application/pdf", ("pdf",)),
        Kind("doc", "Word (.doc)", "application/msword", ("doc",)),
        Kind(
            "docx",
            "Word (.docx)",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ("docx",),
        ),
        Kind("xls", "Excel (.xls)", "application/vnd.ms-excel", ("xls",)),
        Kind(
            "xlsx",
            "Excel (.xlsx)",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ("xlsx",),
        ),
        Kind("odt", "OpenDocument văn bản (.odt)", "application/vnd.oasis.opendocument.text", ("odt",)),
        Kind(
            "ods", "OpenDocument bảng tính (.ods)", "application/vnd.oasis.opendocument.spreadsheet", ("ods",)
        ),
    )
}
MACRO_EXTENSIONS = {"docm", "dotm", "xlsm", "xltm", "xlam", "xlsb", "pptm", "potm", "ppsm", "ppam"}

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
PDF_MAGIC = b"%PDF-"
# Bounds that keep a hostile file from costing more than a normal one.
MAX_ZIP_ENTRIES = 5000
MAX_XML_PART_BYTES = 5 * 1024 * 1024
MAX_PDF_OBJECTS = 200_000
MAX_OLE_SECTORS = 100_000
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class FileFacts:
    kind: str
    original_name: str
    size: int
    sha256: str
    page_count: int | None

    @property
    def content_type(self) -> str:
        return KINDS[self.kind].content_type


# --- names ------------------------------------------------------------------------------------
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_RESERVED = re.compile(r'[<>:"|?*]')


def clean_original_name(name: str | None, max_length: int = 180) -> str:
    """The user's file name, safe to show and to put in Content-Disposition.

    Keeps Vietnamese letters (normalised to NFC); drops any directory part (`../`, `C:\\`),
    control characters (NUL included) and characters Windows refuses in names.
    """
    name = unicodedata.normalize("NFC", str(name or ""))
    name = _CONTROL.sub("", name)
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _RESERVED.sub("_", name)
    name = " ".join(name.split()).strip(" .")
    if len(name) > max_length:
        stem, dot, ext = name.rpartition(".")
        if dot and 0 < len(ext) <= 10:
            name = stem[: max_length - len(ext) - 1].rstrip(" .") + "." + ext
        else:
            name = name[:max_length]
    return name


def extension_of(name: str) -> str:
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem else ""


def ascii_file_name(name: str) -> str:
    """ASCII fallback for Content-Disposition `filename=` (đ→d, accents dropped, case kept)."""
    return re.sub(r"[^A-Za-z0-9._ ()-]+", "_", strip_marks(name)).strip(" _") or "tai-lieu"


def format_size(size: int | None) -> str:
    """Vietnamese size: "850 byte", "12 KB", "1,5 MB" (decimal comma)."""
    if size is None:
        return ""
    if size < 1024:
        return f"{size} byte"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    value = f"{size / (1024 * 1024):.1f}".replace(".", ",")
    return f"{value.removesuffix(',0')} MB"


# --- messages ---------------------------------------------------------------------------------
def _allowed_labels() -> str:
    return ", ".join(KINDS[code].label for code in settings.DOCUMENT_ALLOWED_TYPES if code in KINDS)


def _refuse(message: str, code: str, **params) -> ValidationError:
    return ValidationError(message, code=code, params=params)


def _not_allowed(name: str, what: str) -> ValidationError:
    return _refuse(
        "Tệp “%(name)s” không thuộc định dạng được chấp nhận (nội dung thực là %(what)s). "
        "Chỉ nhận: %(allowed)s.",
        "dinh-dang-khong-hop-le",
        name=name,
        what=what,
        allowed=_allowed_labels(),
    )


def _macro(name: str) -> ValidationError:
    return _refuse(
        "Tệp “%(name)s” là tệp Office có macro (.docm, .xlsm…), không được chấp nhận vì macro có thể "
        "chứa mã độc. Hãy mở tệp và lưu lại thành .docx hoặc .xlsx rồi tải lên.",
        "co-macro",
        name=name,
    )


def _broken(name: str, kind: str) -> ValidationError:
    return _refuse(
        "Tệp “%(name)s” bị hỏng hoặc không đọc được như một tệp %(kind)s. Hãy xuất lại tệp rồi tải lên.",
        "tep-hong",
        name=name,
        kind=KINDS[kind].label if kind in KINDS else kind,
    )


def _password(name: str) -> ValidationError:
    return _refuse(
        "Tệp “%(name)s” đã được mã hóa hoặc đặt mật khẩu nên người dân không mở được. "
        "Hãy lưu một bản không đặt mật khẩu rồi tải lên.",
        "co-mat-khau",
        name=name,
    )


def _describe_unknown(head: bytes) -> str:
    """A human label for common things people upload by mistake."""
    sniff = head.lstrip()[:64].lower()
    if head.startswith(b"MZ"):
        return "tệp chương trình Windows (.exe)"
    if head.startswith(b"\x7fELF"):
        return "tệp chương trình"
    if sniff.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<script")):
        return "trang HTML"
    if sniff.startswith(b"<?xml") or sniff.startswith(b"<svg"):
        return "tệp XML/SVG"
    if head.startswith(b"\x89PNG") or head.startswith(b"\xff\xd8\xff") or head[:4] in (b"GIF8", b"RIFF"):
        return "ảnh"
    if head.startswith((b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b")):
        return "tệp nén"
    if head.startswith(b"{\\rtf"):
        return "tệp RTF"
    return "định dạng không xác định"


# --- PDF --------------------------------------------------------------------------------------
_ACTIVE_NAME = re.compile(rb"/(?:JavaScript|JS|Launch)(?![A-Za-z0-9#])")
_ESCAPED_NAME = re.compile(rb"/[A-Za-z0-9]*#[0-9A-Fa-f]{2}[A-Za-z0-9#]*")
_ACTIVE = {"/JavaScript", "/JS", "/Launch"}


def _raw_active_content(data: bytes) -> bool:
    """Active names in the raw bytes, also when hex-escaped (`/J#61vaScript`)."""
    if _ACTIVE_NAME.search(data):
        return True
    for match in _ESCAPED_NAME.finditer(data):
        decoded = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), match.group())
        if decoded.decode("latin-1") in _ACTIVE:
            return True
    return False


def _structural_active_content(reader) -> bool:
    """Walk every reachable object: a JavaScript or Launch action anywhere (document
    open action, page/field additional actions, annotations, the /Names tree) is refused.
    Reaches objects hidden in compressed object streams, which a byte scan cannot see."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    stack = [reader.trailer]
    seen: set[tuple[int, int]] = set()
    visited = 0
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            try:
                obj = obj.get_object()
            except Exception:  # a dangling reference is not our concern here
                continue
        visited += 1
        if visited > MAX_PDF_OBJECTS:
            return True  # absurdly complex: refuse rather than half-check
        if isinstance(obj, DictionaryObject):
            for key, value in dict.items(obj):
                if key in ("/JS", "/JavaScript"):
                    return True
                if key == "/S":
                    action = value.get_object() if isinstance(value, IndirectObject) else value
                    if str(action) in ("/JavaScript", "/Launch"):
                        return True
                if key != "/Parent":
                    stack.append(value)
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
    return False


_STREAM_BODY = re.compile(rb"stream\r?\n.*?endstream", re.S)


def _scan_bytes(f) -> bool:
    """Byte scan of the PDF syntax outside stream bodies (compressed data is random bytes
    that would match by chance), as a second line behind the structural walk."""
    f.seek(0)
    data = f.read()
    return _raw_active_content(_STREAM_BODY.sub(b" ", data))


def _inspect_pdf(f, name: str) -> int:
    """Page count of a safe PDF; ValidationError otherwise."""
    from pypdf import PdfReader

    f.seek(0)
    try:
        reader = PdfReader(f, strict=False)
        encrypted = reader.is_encrypted
    except Exception:
        raise _broken(name, "pdf") from None
    if encrypted:
        raise _password(name)
    try:
        pages = len(reader.pages)
        active = _structural_active_content(reader)
    except Exception:
        raise _broken(name, "pdf") from None
    if active or _scan_bytes(f):
        raise _refuse(
            "Tệp PDF “%(name)s” chứa mã JavaScript hoặc lệnh tự mở chương trình, không được chấp nhận. "
            "Hãy in lại ra PDF (chức năng “In ra PDF”) rồi tải lên.",
            "pdf-co-ma",
            name=name,
        )
    if pages < 1:
        raise _broken(name, "pdf")
    return pages


# --- OLE2 (Word 97–2003, Excel 97–2003) -------------------------------------------------------
_ENDOFCHAIN = 0xFFFFFFFE
_MAXREGSECT = 0xFFFFFFFA


def ole_entry_names(f) -> set[str]:
    """Names of the storages and streams in a Compound File (the .doc/.xls container).

    A small, bounded reader of the [MS-CFB] header, FAT and directory chain — enough to tell a
    Word file from an Excel file, a macro project or a password-protected OOXML package.
    """
    f.seek(0)
    header = f.read(512)
    if len(header) < 512 or header[:8] != OLE_MAGIC:
        raise ValueError("not a compound file")
    sector_shift = struct.unpack_from("<H", header, 30)[0]
    if sector_shift not in (9, 12):
        raise ValueError("bad sector size")
    sector_size = 1 << sector_shift
    num_fat, first_dir = struct.unpack_from("<II", header, 44)
    first_difat, num_difat = struct.unpack_from("<II", header, 68)
    ints_per_sector = sector_size // 4

    def read_sector(index: int) -> tuple[int, ...]:
        f.seek((index + 1) * sector_size)
        data = f.read(sector_size)
        if len(data) < sector_size:
            raise ValueError("truncated")
        return struct.unpack(f"<{ints_per_sector}I", data)

    difat = list(struct.unpack_from("<109I", header, 76))
    sector, hops = first_difat, 0
    while sector < _MAXREGSECT and hops < num_difat and hops < MAX_OLE_SECTORS:
        entries = read_sector(sector)
        difat.extend(entries[:-1])
        sector, hops = entries[-1], hops + 1
    fat: list[int] = []
    for fat_sector in [s for s in difat if s < _MAXREGSECT][:num_fat]:
        fat.extend(read_sector(fat_sector))
        if len(fat) > MAX_OLE_SECTORS * ints_per_sector:
            raise ValueError("FAT too large")

    names: set[str] = set()
    sector, seen = first_dir, set()
    while sector < _MAXREGSECT and sector not in seen and len(seen) < MAX_OLE_SECTORS:
        seen.add(sector)
        f.seek((sector + 1) * sector_size)
        data = f.read(sector_size)
        if len(data) < sector_size:
            raise ValueError("truncated directory")
        for offset in range(0, sector_size, 128):
            entry = data[offset : offset + 128]
            name_length, entry_type = struct.unpack_from("<HB", entry, 64)
            if entry_type in (1, 2, 5) and 2 <= name_length <= 64:
                names.add(entry[: name_length - 2].decode("utf-16-le", "replace"))
        sector = fat[sector] if sector < len(fat) else _ENDOFCHAIN
    if not names:
        raise ValueError("empty directory")
    return names


def _inspect_ole(f, name: str) -> str:
    try:
        names = ole_entry_names(f)
    except (ValueError, struct.error):
        raise _broken(name, "doc" if extension_of(name) == "doc" else "xls") from None
    upper = {n.upper() for n in names}
    if "ENCRYPTEDPACKAGE" in upper or "ENCRYPTIONINFO" in upper:
        raise _password(name)
    if upper & {"MACROS", "_VBA_PROJECT_CUR", "_VBA_PROJECT", "VBA"}:
        raise _macro(name)
    if "WORDDOCUMENT" in upper:
        return "doc"
    if upper & {"WORKBOOK", "BOOK"}:
        return "xls"
    if "POWERPOINT DOCUMENT" in upper:
        raise _not_allowed(name, "bản trình chiếu PowerPoint")
    raise _not_allowed(name, "tệp Office hoặc gói cài đặt không xác định")


# --- ZIP packages (DOCX, XLSX, ODT, ODS) ------------------------------------------------------
_OOXML_MAIN = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
}
_ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    if info.file_size > MAX_XML_PART_BYTES:
        raise ValueError("part too large")
    return zf.read(info)


def _inspect_zip(f, name: str) -> str:
    f.seek(0)
    try:
        zf = zipfile.ZipFile(f)
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _broken(name, extension_of(name) or "docx") from None
    if len(infos) > MAX_ZIP_ENTRIES:
        raise _not_allowed(name, "tệp nén có quá nhiều thành phần")
    if any(info.flag_bits & 0x1 for info in infos):
        raise _password(name)
    by_name = {info.filename: info for info in infos}
    lowered = [n.lower() for n in by_name]
    if any(n.endswith("vbaproject.bin") or n.endswith("vbadata.xml") for n in lowered):
        raise _macro(name)
    try:
        if "mimetype" in by_name:
            mimetype = _read_member(zf, by_name["mimetype"]).strip()
            if any(n.startswith(("basic/", "scripts/")) for n in lowered):
                raise _macro(name)
            if mimetype in _ODF_MIMETYPES:
                return _ODF_MIMETYPES[mimetype]
            raise _not_allowed(name, "tệp OpenDocument loại khác (trình chiếu, bản vẽ…)")
        if "[Content_Types].xml" in by_name:
            content_types = _read_member(zf, by_name["[Content_Types].xml"]).decode("utf-8", "replace")
            if "macroenabled" in content_types.lower():
                raise _macro(name)
            for content_type, kind in _OOXML_MAIN.items():
                if content_type in content_types:
                    return kind
            raise _not_allowed(name, "tệp Office loại khác (trình chiếu, mẫu…)")
    except (zipfile.BadZipFile, ValueError, OSError, RuntimeError, EOFError):
        raise _broken(name, extension_of(name) or "docx") from None
    raise _not_allowed(name, "tệp nén ZIP")


# --- the door ---------------------------------------------------------------------------------
def _hash(f) -> tuple[int, str]:
    digest, size = hashlib.sha256(), 0
    f.seek(0)
    while chunk := f.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    f.seek(0)
    return size, digest.hexdigest()


def inspect_upload(f, name: str | None = None) -> FileFacts:
    """Facts about an uploaded file, or a ValidationError with a Vietnamese message.

    `f` is any seekable binary file object (an UploadedFile, a File, BytesIO).
    """
    original = clean_original_name(name if name is not None else getattr(f, "name", ""))
    shown = original or "không tên"
    limit_mb = settings.DOCUMENT_MAX_UPLOAD_MB
    declared = getattr(f, "size", None)
    if declared is not None and declared > limit_mb * 1024 * 1024:
        raise _refuse(
            "Tệp “%(name)s” nặng %(size)s, vượt giới hạn %(limit)s MB. Hãy giảm dung lượng "
            "(nén ảnh, tách phụ lục) rồi tải lên.",
            "qua-lon",
            name=shown,
            size=format_size(declared),
            limit=limit_mb,
        )
    size, sha256 = _hash(f)
    if size == 0:
        raise _refuse("Tệp “%(name)s” rỗng (0 byte). Hãy chọn lại đúng tệp văn bản.", "tep-rong", name=shown)
    if size > limit_mb * 1024 * 1024:
        raise _refuse(
            "Tệp “%(name)s” nặng %(size)s, vượt giới hạn %(limit)s MB.",
            "qua-lon",
            name=shown,
            size=format_size(size),
            limit=limit_mb,
        )
    extension = extension_of(original)
    if extension in MACRO_EXTENSIONS:
        raise _macro(shown)

    head = f.read(16)
    f.seek(0)
    if head.startswith(PDF_MAGIC):
        kind = "pdf"
    elif head.startswith(OLE_MAGIC):
        kind = _inspect_ole(f, shown)
    elif head.startswith(ZIP_MAGIC):
        kind = _inspect_zip(f, shown)
    else:
        raise _not_allowed(shown, _describe_unknown(head))
    if kind not in settings.DOCUMENT_ALLOWED_TYPES:
        raise _not_allowed(shown, KINDS[kind].label)
    if extension and extension not in KINDS[kind].extensions:
        raise _refuse(
            "Tên tệp “%(name)s” có đuôi .%(extension)s nhưng nội dung là %(kind)s. Hãy kiểm tra lại "
            "đúng tệp, hoặc đổi đuôi thành .%(expected)s.",
            "sai-duoi",
            name=shown,
            extension=extension,
            kind=KINDS[kind].label,
            expected=KINDS[kind].extensions[0],
        )
    page_count = _inspect_pdf(f, shown) if kind == "pdf" else None
    f.seek(0)
    if not extension:
        original = f"{original or 'tai-lieu'}.{KINDS[kind].extensions[0]}"
    return FileFacts(kind=kind, original_name=original, size=size, sha256=sha256, page_count=page_count)
