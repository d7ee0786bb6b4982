"""Templates in three layers, one contract per layer.

base.html → one section base per app (`news/base.html`) → pages. Pages extend their section base
and only fill the blocks base.html defines; every `{% endblock %}` names its block; the trail is
built the same way everywhere (`{{ block.super }}` plus `includes/crumb.html`); error pages share
one base that renders without the database; every list pages through `includes/pagination.html`.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.paginator import Paginator
from django.template import engines
from django.template.loader import render_to_string
from django.template.utils import get_app_template_dirs
from django.test import RequestFactory

from pagecache.api import page_numbers

PAGINATION = "includes/pagination.html"
CRUMB = "includes/crumb.html"
ERROR_BASE = "errors/base.html"
# Whole documents that are not pages of the site (no header, menu or trail), with the reason.
STANDALONE = {
    "news/article_download.html": "the article saved as a file: it must open on its own, offline",
    "errors/standalone.html": "the error base's layout when no request (and maybe no database) is at hand",
}
ERROR_PAGES = {"400.html", "403.html", "404.html", "414.html", "429.html", "431.html", "500.html"}
# The home page is the root of the trail: it resets the trail to Trang chủ alone.
TRAIL_ROOT = "news/home.html"
LISTS = [
    "news/article_list.html",
    "news/category_detail.html",
    "news/rebuttal_list.html",
    "documents/document_list.html",
    "search/results.html",
]

TAG = re.compile(r"{%-?\s*(.*?)\s*-?%}", re.S)
EXTENDS = re.compile(r'{%\s*extends\s+"([^"]+)"\s*%}')
BLOCK_DEFS = re.compile(r"{%\s*block\s+([\w-]+)\s*%}")


def _template_files() -> dict[str, Path]:
    """{template name: file} for the project's own templates (not those of installed packages)."""
    base = Path(settings.BASE_DIR).resolve()
    dirs = [Path(d) for d in engines["django"].engine.dirs]
    dirs += [Path(d) for d in get_app_template_dirs("templates")]
    found = {}
    for folder in dirs:
        folder = folder.resolve()
        if not folder.is_relative_to(base) or ".venv" in folder.parts or "site-packages" in folder.parts:
            continue
        for file in sorted(folder.rglob("*.html")):
            found.setdefault(file.relative_to(folder).as_posix(), file)
    return found


TEMPLATES = _template_files()


def _source(name: str) -> str:
    return TEMPLATES[name].read_text(encoding="utf-8")


def _parent(name: str) -> str | None:
    match = EXTENDS.match(_source(name).lstrip())
    return match.group(1) if match else None


def _is_admin(name: str) -> bool:
    """A page of the admin site: its chain of parents reaches one of Django's admin templates."""
    seen = set()
    while name and name not in seen:
        seen.add(name)
        if name.startswith("admin/") and name not in TEMPLATES:
            return True
        if name.startswith("admin/"):
            name = _parent(name)
            continue
        if name not in TEMPLATES:
            return False
        name = _parent(name)
    return False


def _inclusion_tag_templates() -> set[str]:
    """Widgets' templates, named by `@register.inclusion_tag("…")` in the apps' template tags."""
    names = set()
    for file in Path(settings.BASE_DIR).glob("*/templatetags/*.py"):
        names |= set(re.findall(r'inclusion_tag\(\s*"([^"]+)"', file.read_text(encoding="utf-8")))
    return names


WIDGETS = _inclusion_tag_templates()


def _kind(name: str) -> str:
    if name == "base.html":
        return "root"
    if _is_admin(name):
        return "admin"
    # Partials: included pieces, inclusion tags' templates, and form widgets' (`widgets/`).
    if "/includes/" in f"/{name}" or "/widgets/" in f"/{name}" or name in WIDGETS:
        return "partial"
    if name in STANDALONE:
        return "standalone"
    if name == ERROR_BASE:
        return "error base"
    if name in ERROR_PAGES or name.startswith("errors/"):
        return "error"
    if re.fullmatch(r"[\w-]+/base\.html", name):
        return "section base"
    return "page"


def _names(kind: str) -> list[str]:
    return [name for name in TEMPLATES if _kind(name) == kind]


def _blocks(source: str) -> dict[str, str]:
    """{name: inner source} of the top-level blocks of a template."""
    blocks, depth, name, start = {}, 0, None, 0
    for match in TAG.finditer(source):
        words = match.group(1).split()
        if words[:1] == ["block"]:
            if depth == 0:
                name, start = words[1], match.end()
            depth += 1
        elif words[:1] == ["endblock"]:
            depth -= 1
            if depth == 0:
                blocks[name] = source[start : match.start()]
    return blocks


def _outside_blocks(source: str) -> str:
    """What a child template holds outside its blocks (Django would silently drop it)."""
    out, depth, last = [], 0, 0
    for match in TAG.finditer(source):
        words = match.group(1).split()
        if words[:1] == ["block"]:
            if depth == 0:
                out.append(source[last : match.start()])
            depth += 1
        elif words[:1] == ["endblock"]:
            depth -= 1
            if depth == 0:
                last = match.end()
    out.append(source[last:])
    return "".join(out)


BASE_BLOCKS = set(BLOCK_DEFS.findall(_source("base.html")))


def test_base_defines_the_one_fixed_block_set():
    assert BASE_BLOCKS == {
        "title",
        "description",
        "og",
        "head_extra",
        "body_class",
        "breadcrumbs",
        "content",
        "sidebar",
        "javascript",
    }


def test_every_template_is_in_one_layer_the_others_recognise():
    assert _names("page"), "no page template found: the discovery is broken"
    assert set(_names("section base")) >= {f"{app}/base.html" for app in ("news", "documents", "search")}


@pytest.mark.parametrize("name", [n for n in TEMPLATES if _kind(n) == "section base"])
def test_a_section_base_extends_base_html(name):
    assert _parent(name) == "base.html"


@pytest.mark.parametrize("name", [n for n in TEMPLATES if _kind(n) == "page"])
def test_a_page_extends_the_base_of_its_own_section(name):
    section_base = name.split("/")[0] + "/base.html"
    assert section_base in TEMPLATES, f"{name}: its section has no {section_base}"
    assert _parent(name) == section_base


@pytest.mark.parametrize("name", [n for n in TEMPLATES if _kind(n) == "error"])
def test_an_error_page_extends_the_one_error_base(name):
    assert _parent(name) == ERROR_BASE


@pytest.mark.parametrize("name", [n for n in TEMPLATES if _kind(n) == "partial"])
def test_a_partial_extends_nothing(name):
    assert _parent(name) is None


@pytest.mark.parametrize(
    "name", [n for n in TEMPLATES if _kind(n) in {"page", "section base", "error", "error base"}]
)
def test_a_child_template_only_fills_blocks_of_base_html(name):
    source = _source(name)
    assert set(BLOCK_DEFS.findall(source)) <= BASE_BLOCKS, f"{name} opens a block base.html does not define"
    outside = re.sub(
        r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}", "", _outside_blocks(source), flags=re.S
    )
    outside = re.sub(r"{%\s*(extends|load)\b[^%]*%}", "", outside)
    assert not outside.strip(), f"{name} holds text outside its blocks: {outside.strip()[:80]!r}"


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_every_endblock_repeats_the_name_of_its_block(name):
    stack = []
    for match in TAG.finditer(_source(name)):
        words = match.group(1).split()
        if words[:1] == ["block"]:
            stack.append(words[1])
        elif words[:1] == ["endblock"]:
            opened = stack.pop()
            assert words[1:] == [opened], f"{name}: {{% {match.group(1)} %}} closes block {opened!r}"


@pytest.mark.parametrize("name", [n for n in TEMPLATES if _kind(n) in {"page", "section base", "error"}])
def test_the_trail_is_the_parents_plus_crumbs(name):
    """A trail is extended, never rewritten: `{{ block.super }}`, then crumbs from one partial."""
    trail = _blocks(_source(name)).get("breadcrumbs")
    if trail is None or name == TRAIL_ROOT:
        return
    assert trail.startswith("{{ block.super }}"), f"{name} rewrites the trail instead of extending it"
    rest = trail.removeprefix("{{ block.super }}")
    rest = re.sub(r"{%\s*url\s+[^%]*\bas\s+\w+\s*%}", "", rest)
    rest = re.sub(r'{%\s*include\s+"' + re.escape(CRUMB) + r'"[^%]*%}', "", rest)
    assert not rest.strip(), f"{name} writes a crumb by hand: {rest.strip()[:80]!r}"


@pytest.mark.parametrize("name", LISTS)
def test_a_list_pages_through_the_one_pagination_partial(name):
    assert re.search(r'{%\s*include\s+"' + re.escape(PAGINATION) + '"', _source(name))


def test_no_template_but_the_partial_writes_pagination_markup():
    writers = [name for name in TEMPLATES if 'class="pagination"' in _source(name)]
    assert writers == [PAGINATION]
    assert [name for name in TEMPLATES if name.endswith("pagination.html")] == [PAGINATION]


def _page(number: int, count: int = 100, per_page: int = 10):
    return Paginator(range(count), per_page).get_page(number)


def test_the_pagination_partial_marks_the_current_page_and_keeps_the_query():
    page = _page(2)
    context = {"page_obj": page, "page_range": page_numbers(page), "page_query": "q=ke+hoach"}
    html = render_to_string(PAGINATION, context)
    assert '<nav aria-label="Phân trang">' in html
    assert '<span aria-current="page"><span class="visually-hidden">Trang </span>2</span>' in html
    assert 'href="?q=ke+hoach&amp;trang=1" rel="prev"' in html
    assert 'href="?q=ke+hoach&amp;trang=3" rel="next"' in html


def test_the_pagination_partial_shows_the_readers_page_and_elides_the_rest():
    page = _page(20, count=400)
    html = render_to_string(PAGINATION, {"page_obj": page, "page_range": page_numbers(page)})
    assert '<span aria-current="page"><span class="visually-hidden">Trang </span>20</span>' in html
    assert html.count('<span aria-hidden="true">…</span>') == 2
    assert 'href="?trang=21"' in html and 'href="?trang=25"' not in html


def test_one_page_gets_no_pagination():
    assert not render_to_string(PAGINATION, {"page_obj": _page(1, count=5)}).strip()


def test_a_crumb_links_to_its_page_except_on_that_page():
    request, index = RequestFactory().get("/tin-tuc/tin-hoat-dong/"), RequestFactory().get("/tin-tuc/")
    link = render_to_string(CRUMB, {"request": request, "title": "Tin tức", "url": "/tin-tuc/"})
    here = render_to_string(CRUMB, {"request": index, "title": "Tin tức", "url": "/tin-tuc/"})
    current = render_to_string(CRUMB, {"request": request, "title": "Hội nghị"})
    assert link.strip() == '<li><a href="/tin-tuc/">Tin tức</a></li>'
    assert here.strip() == '<li aria-current="page">Tin tức</li>'
    assert current.strip() == '<li aria-current="page">Hội nghị</li>'


@pytest.mark.parametrize(
    ("name", "context", "text"),
    [
        ("500.html", {}, "Hệ thống đang gặp sự cố"),
        ("errors/503.html", {}, "Hệ thống tạm thời gián đoạn"),
        ("errors/bare.html", {"status": 404}, "Không tìm thấy trang"),
        ("404.html", {"status": 404}, "Không tìm thấy trang"),
    ],
)
def test_an_error_page_without_a_request_renders_standalone_and_without_the_database(name, context, text):
    """No django_db mark: a query here would fail the test."""
    html = render_to_string(name, context)
    assert text in html
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert "css/error.css" in html and "site-header" not in html
    assert 'href="/"' in html
