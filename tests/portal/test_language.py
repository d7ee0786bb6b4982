"""The site's Vietnamese follows docs/style-guide.md: forms a reader must never meet.

Each rule is one row of RULES. It is checked in the product apps' templates, in the Python
string literals they show (docstrings aside) and in the text of rendered key pages; a failure
names the file and line, or the page, and the rule.
"""

import ast
import datetime
import html
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCT_APPS = [
    "accounts",
    "committee",
    "common",
    "documents",
    "imaging",
    "news",
    "ops",
    "pages",
    "pagecache",
    "portal",
    "search",
    "stats",
]
TEMPLATES = "templates"
PYTHON = "python"
PAGES = "pages"
EVERYWHERE = (TEMPLATES, PYTHON, PAGES)

# (what the style guide says, the form that must never appear, where it is checked)
RULES = [
    ("Ban Chỉ đạo, capital C", re.compile(r"\bBan chỉ đạo\b|BAN CHỈ ĐẠO"), EVERYWHERE),
    ("Đảng is capitalised", re.compile(r"\bcủa đảng\b"), EVERYWHERE),
    ("bảo đảm, not đảm bảo", re.compile(r"\b[Đđ]ảm bảo\b"), EVERYWHERE),
    ("Chủ nhật, lower-case n", re.compile(r"\bChủ Nhật\b"), EVERYWHERE),
    ("Thư điện tử as a label, not Email", re.compile(r"(?:^|>)\s*E-?mail\s*(?::|<|$)"), EVERYWHERE),
    ("Đang truy cập, not Đang online", re.compile(r"\bĐang online\b"), EVERYWHERE),
    ("Chuyển đến nội dung chính, not Bỏ qua, đến", re.compile(r"\bBỏ qua, đến\b"), EVERYWHERE),
    ("an unknown date is left out, not Không xác định", re.compile(r"\bKhông xác định\b"), EVERYWHERE),
    ("Trang Facebook, not Fanpage", re.compile(r"\b[Ff]anpage\b"), (TEMPLATES, PYTHON)),
    ("Liên kết trang web, not website", re.compile(r"\b[Ll]iên kết website\b"), (TEMPLATES, PYTHON)),
    ("no English online on public pages", re.compile(r"\bonline\b", re.IGNORECASE), (TEMPLATES, PAGES)),
    ("Danh mục, not Menu, as the menu button", re.compile(r"(?:>|^)\s*Menu\s*(?:<|$)"), (TEMPLATES, PAGES)),
    (
        "traditional tone marks: hòa, khóa, xóa, hóa, ủy",
        re.compile(r"\b(?:[Hh]oà|[Kk]hoá|[Xx]oá|[Hh]oá|[Uu]ỷ|[Tt]huỷ|[Tt]uỳ|[Tt]oà)\b"),
        EVERYWHERE,
    ),
]


def _rules(scope: str) -> list[tuple[str, re.Pattern]]:
    return [(rule, pattern) for rule, pattern, scopes in RULES if scope in scopes]


def _ids(scope: str) -> list[str]:
    return [rule for rule, _pattern in _rules(scope)]


TEMPLATE_SYNTAX = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", re.DOTALL)


def _blank(match: re.Match) -> str:
    """Template syntax becomes spaces, newlines kept, so line numbers stay true."""
    return re.sub(r"[^\n]", " ", match.group(0))


def _is_admin_template(path: Path) -> bool:
    return "admin" in path.parts or "two_factor" in path.parts


def _template_lines():
    for app in [TEMPLATES, *PRODUCT_APPS]:
        for path in sorted((ROOT / app).rglob("*.html")):
            text = TEMPLATE_SYNTAX.sub(_blank, path.read_text(encoding="utf-8"))
            for number, line in enumerate(text.splitlines(), 1):
                yield path, number, line


def _docstring_nodes(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _python_strings():
    for app in PRODUCT_APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue  # a migration records the labels of its day
            tree = ast.parse(path.read_text(encoding="utf-8"))
            docstrings = _docstring_nodes(tree)
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Constant)
                    and isinstance(node.value, str)
                    and id(node) not in docstrings
                ):
                    yield path, node.lineno, node.value


def _where(path: Path, line: int) -> str:
    return f"{path.relative_to(ROOT)}:{line}"


@pytest.mark.parametrize("rule, pattern", _rules(TEMPLATES), ids=_ids(TEMPLATES))
def test_no_template_uses_a_form_the_style_guide_forbids(rule, pattern):
    public_only = rule.startswith("no English")
    found = [
        f"{_where(path, number)}: {line.strip()}"
        for path, number, line in _template_lines()
        if pattern.search(line) and not (public_only and _is_admin_template(path))
    ]
    assert not found, f"{rule}:\n" + "\n".join(found)


@pytest.mark.parametrize("rule, pattern", _rules(PYTHON), ids=_ids(PYTHON))
def test_no_message_or_label_in_python_uses_a_form_the_style_guide_forbids(rule, pattern):
    found = [
        f"{_where(path, line)}: {text!r}" for path, line, text in _python_strings() if pattern.search(text)
    ]
    assert not found, f"{rule}:\n" + "\n".join(found)


def _visible_text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", "\n", page))


@pytest.fixture
def key_pages(site_identity, citizen):
    """Home, contact, organisation, visit counter page and a superseded regulation, as read."""
    from documents.models import Document, DocumentType, IssuingBody
    from pages.models import Page

    site_identity.email = "bcd35@example.vn"
    site_identity.contact_email = "tuyengiao@example.vn"
    site_identity.save()
    Page.objects.create(title="Liên hệ", slug="lien-he", body="<p>Liên hệ</p>", show_contact=True)
    rules = DocumentType.objects.create(name="Quy chế", abbreviation="QC", slug="quy-che")
    body = IssuingBody.objects.create(
        name="Ban Chỉ đạo 35 huyện Mẫu", abbreviation="BCĐ", slug="bcd", numbering="year"
    )
    common = {"doc_type": rules, "issuing_body": body, "summary": "Quy chế hoạt động.", "is_published": True}
    old = Document.objects.create(
        number=1, title="Quy chế cũ", issue_date=datetime.date(2020, 9, 1), **common
    )
    new = Document.objects.create(
        number=2, title="Quy chế mới", issue_date=datetime.date(2023, 8, 2), **common
    )
    old.replaced_by = new
    old.save()
    urls = ["/", "/lien-he/", "/ban-chi-dao/", "/thong-ke/ve-so-lieu/", old.get_absolute_url()]
    return {url: citizen.get(url) for url in urls}


@pytest.mark.django_db
@pytest.mark.parametrize("rule, pattern", _rules(PAGES), ids=_ids(PAGES))
def test_key_pages_read_as_the_style_guide_asks(key_pages, rule, pattern):
    found = []
    for url, response in key_pages.items():
        assert response.status_code == 200, url
        for number, line in enumerate(_visible_text(response.content.decode()).splitlines(), 1):
            if pattern.search(line):
                found.append(f"{url} (line {number} of the text): {line.strip()}")
    assert not found, f"{rule}:\n" + "\n".join(found)


def test_superseded_regulation_names_its_replacement_instead_of_an_unknown_end_date(key_pages):
    url = next(url for url in key_pages if url.startswith("/van-ban/"))
    text = " ".join(_visible_text(key_pages[url].content.decode()).split())
    assert "Ngày hết hiệu lực" not in text
    assert "Bị thay thế bởi QC" in text or "Bị thay thế bởi 02" in text


def test_visit_page_calls_its_numbers_approximate_and_lists_their_limits(key_pages):
    text = " ".join(_visible_text(key_pages["/thong-ke/ve-so-lieu/"].content.decode()).split())
    assert "được đếm chính xác" not in text
    assert "số đếm gần đúng" in text
    assert "Giới hạn của số liệu" in text
