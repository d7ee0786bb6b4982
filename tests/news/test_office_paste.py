"""Pasting from Word and LibreOffice: structure survives, Office junk goes (nh3 has the last word)."""

import re

import pytest

from common.html import clean_html
from news.office import normalise_pasted_html

from .conftest import FIXTURES

OFFICE_JUNK = [
    "mso-",
    "<o:p",
    "o:p>",
    "class=",
    "style=",
    "<span",
    "<font",
    "<!--",
    "[if",
    "endif",
    "<meta",
    "<xml",
    "@font-face",
    "msonormal",
    "msolist",
    "file:///",
    "<v:",
    "<w:",
    "lang=",
    "<div",
    "&nbsp;&nbsp;",
]


def _clean(name: str) -> str:
    return clean_html(normalise_pasted_html((FIXTURES / name).read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def word():
    return _clean("word-clipboard.html")


@pytest.fixture(scope="module")
def libreoffice():
    return _clean("libreoffice-clipboard.html")


def test_word_headings_survive_under_the_page_title(word):
    assert "<h2>Kế hoạch tuyên truyền năm 2021</h2>" in word
    assert "<h3>1. Nhiệm vụ trọng tâm</h3>" in word
    assert "<h1" not in word


def test_word_bold_and_italic_survive(word):
    assert "<b>Ban Chỉ đạo 35 huyện</b>" in word
    assert "<i>đồng bộ</i>" in word
    assert "<b>giáo dục, tuyên truyền</b>" in word


def test_word_fake_bullets_become_a_nested_list(word):
    assert (
        "<ul><li>Củng cố, kiện toàn Ban Chỉ đạo;<ul><li>Tổ giúp việc;</li></ul></li>"
        "<li>Đẩy mạnh công tác <b>giáo dục, tuyên truyền</b>;</li>"
        "<li>Xây dựng lực lượng cộng tác viên.</li></ul>"
    ) in word
    assert "·" not in word  # the typed bullet character is gone


def test_word_numbered_paragraphs_become_an_ordered_list(word):
    assert (
        "<ol><li>Quý I: ban hành kế hoạch.</li><li>Quý II: sơ kết, <i>rút kinh nghiệm</i>.</li></ol>" in word
    )
    assert "1." not in re.sub(r"<h3>1\. ", "", word)


def test_word_table_keeps_its_cells_without_attributes(word):
    assert "<table>" in word
    cells = re.findall(r"<td>\s*(.*?)\s*</td>", word, re.S)
    assert cells == ["<b>Đơn vị</b>", "<b>Số cộng tác viên</b>", "Thị trấn Long Thành", "12"]


def test_word_links_survive_with_safe_rel(word):
    assert (
        '<a href="https://example.gov.vn/ke-hoach" rel="noopener noreferrer">Cổng thông tin tỉnh</a>' in word
    )


@pytest.mark.parametrize("junk", OFFICE_JUNK)
def test_word_office_junk_is_gone(word, junk):
    assert junk not in word.lower()


def test_word_local_images_and_empty_paragraphs_are_dropped(word):
    assert "<img" not in word
    assert "<p></p>" not in word and "<p> </p>" not in word


def test_libreoffice_structure_survives(libreoffice):
    assert "<h2>Sơ kết công tác quý I</h2>" in libreoffice
    assert "<h3>Kết quả</h3>" in libreoffice
    assert "<b>Ngày 05/4/2021</b>" in libreoffice
    assert "<ol>" in libreoffice and libreoffice.count("<li>") == 2
    # Bold and italic carried by a span's style become real emphasis.
    assert "<strong>Đăng 45 tin bài</strong>" in libreoffice
    assert "<em>12 luận điệu</em>" in libreoffice
    assert "<td><b>Nội dung</b></td>" in libreoffice


@pytest.mark.parametrize("junk", ["<font", "style=", "class=", "<span", "<meta", "<title", "@page", "width="])
def test_libreoffice_junk_is_gone(libreoffice, junk):
    assert junk not in libreoffice.lower()


def test_ordinary_editor_html_passes_unchanged():
    html = '<h2>Tiêu đề</h2><p class="text-align-center"><strong>Đậm</strong> và <i>nghiêng</i></p>'
    assert normalise_pasted_html(html) == html


def test_paste_through_the_model_is_cleaned_on_save(make_article):
    raw = (FIXTURES / "word-clipboard.html").read_text(encoding="utf-8")
    article = make_article(body=raw)
    assert article.body.startswith("<h2>Kế hoạch tuyên truyền năm 2021</h2>")
    assert "mso-" not in article.body and "<ul><li>" in article.body


def test_what_ckeditor_sends_after_a_word_paste_is_stored_clean(make_article):
    """The editor's own paste filter leaves inline styles, list ids and a file:/// image; all go."""
    article = make_article(body=(FIXTURES / "word-via-ckeditor.html").read_text(encoding="utf-8"))
    body = article.body
    assert body.startswith("<h2>Kế hoạch tuyên truyền năm 2021</h2>")
    assert "<strong>Ban Chỉ đạo 35 huyện</strong>" in body and "<i>đồng bộ</i>" in body
    assert "<ul><li>" in body and "<ol><li>Quý I: ban hành kế hoạch.</li>" in body
    assert '<figure class="table"><table><tbody><tr><td><strong>Đơn vị</strong></td>' in body
    assert 'class="text-align-justify"' in body and 'class="text-align-right"' in body
    for junk in ("style=", "data-list-item-id", "<img", "file:", "windowtext", "<!--"):
        assert junk not in body, junk
