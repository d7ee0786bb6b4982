"""Plain text of an attachment for search, extracted once when the file is uploaded.

Bounded: at most DOCUMENT_TEXT_MAX_PAGES pages of a PDF and DOCUMENT_TEXT_MAX_CHARS characters
of any file. A file we cannot read gives empty text (it was already accepted as safe); the
reason is logged, never shown to the reader.
"""

import logging
import zipfile

from django.conf import settings

logger = logging.getLogger(__name__)

# Parts a hostile package could inflate: refuse to decompress more than this for extraction.
MAX_PART_BYTES = 50 * 1024 * 1024


def _limits() -> tuple[int, int]:
    return settings.DOCUMENT_TEXT_MAX_CHARS, settings.DOCUMENT_TEXT_MAX_PAGES


def _join_bounded(pieces, max_chars: int) -> str:
    out, total = [], 0
    for piece in pieces:
        piece = " ".join(piece.split())
        if not piece:
            continue
        out.append(piece)
        total += len(piece) + 1
        if total >= max_chars:
            break
    return "\n".join(out)[:max_chars]


def _pdf_pieces(f, max_pages: int):
    from pypdf import PdfReader

    reader = PdfReader(f, strict=False)
    for page in reader.pages[:max_pages]:
        yield page.extract_text() or ""


def _check_part(f, part: str) -> None:
    f.seek(0)
    with zipfile.ZipFile(f) as zf:
        if zf.getinfo(part).file_size > MAX_PART_BYTES:
            raise ValueError(f"{part} too large to extract")
    f.seek(0)


def _docx_pieces(f):
    import docx

    _check_part(f, "word/document.xml")
    document = docx.Document(f)
    for paragraph in document.paragraphs:
        yield paragraph.text
    for table in document.tables:
        for row in table.rows:
            yield " ".join(cell.text for cell in row.cells)


_ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_ODF_BLOCKS = (f"{{{_ODF_TEXT}}}h", f"{{{_ODF_TEXT}}}p")
_ODF_SPACE, _ODF_TAB, _ODF_BREAK = (f"{{{_ODF_TEXT}}}{name}" for name in ("s", "tab", "line-break"))


def _odf_block_text(element) -> str:
    """The text of a heading or paragraph as a reader sees it: spans flattened, <text:s c="3"/>
    as three spaces, tabs and line breaks as whitespace."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == _ODF_SPACE:
            parts.append(" " * int(child.get(f"{{{_ODF_TEXT}}}c", "1") or 1))
        elif child.tag == _ODF_TAB:
            parts.append("\t")
        elif child.tag == _ODF_BREAK:
            parts.append("\n")
        elif child.tag not in _ODF_BLOCKS:  # nested blocks (notes, frames) are read on their own
            parts.append(_odf_block_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _odt_pieces(f):
    """Headings and paragraphs of an OpenDocument text, in document order. The XML is parsed
    without entity expansion or network access: the file comes from the public's hands."""
    from lxml import etree

    _check_part(f, "content.xml")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    with zipfile.ZipFile(f) as zf, zf.open("content.xml") as content:
        root = etree.parse(content, parser).getroot()
    for element in root.iter(*_ODF_BLOCKS):
        yield _odf_block_text(element)


def extract_text(f, kind: str) -> str:
    """Searchable text of a file of the given kind ("" for kinds we do not read)."""
    max_chars, max_pages = _limits()
    readers = {
        "pdf": lambda: _pdf_pieces(f, max_pages),
        "docx": lambda: _docx_pieces(f),
        "odt": lambda: _odt_pieces(f),
    }
    if kind not in readers:
        return ""
    try:
        f.seek(0)
        return _join_bounded(readers[kind](), max_chars)
    except Exception as exc:  # an odd but accepted file must not block the upload
        logger.warning("documents: no text extracted from a %s file: %s", kind, type(exc).__name__)
        return ""
    finally:
        f.seek(0)
