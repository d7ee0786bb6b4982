"""Highlighting: folded matching, marks placed on the original text, everything else escaped."""

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search.highlight import fold_aligned, highlight, snippet, strip_letterhead
from search.query import parse_query


def marked(html: str) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", str(html))


def test_a_query_without_diacritics_marks_the_words_with_them():
    html = highlight("Đồng chí Phan Văn Nhặn, Phó Bí thư", parse_query("phan van nhan"))
    assert str(html) == "Đồng chí <mark>Phan</mark> <mark>Văn</mark> <mark>Nhặn</mark>, Phó Bí thư"


def test_a_query_with_diacritics_marks_text_without_them():
    assert marked(highlight("Hoi nghi trien khai ke hoach", parse_query("Hội nghị"))) == ["Hoi", "nghi"]


def test_every_kind_of_d_is_marked():
    html = highlight("Đảng, đảng và \u00d0ảng", parse_query("dang"))
    assert marked(html) == ["Đảng", "đảng", "\u00d0ảng"]


def test_decomposed_text_is_shown_composed_and_marked():
    text = unicodedata.normalize("NFD", "Sơ kết công tác tuyên truyền")
    html = highlight(text, parse_query(unicodedata.normalize("NFD", "công tác")))
    assert str(html) == "Sơ kết <mark>công</mark> <mark>tác</mark> tuyên truyền"


def test_only_whole_words_are_marked_except_an_unfinished_last_word():
    assert marked(highlight("Ban bản bang Bảng 35", parse_query("ban 35"))) == ["Ban", "bản", "35"]
    assert marked(highlight("Ban bản bang Bảng", parse_query("ban"))) == ["Ban", "bản", "bang", "Bảng"]
    assert marked(highlight("Phan Văn Nhặn nhanh", parse_query("phan van nha"))) == [
        "Phan",
        "Văn",
        "Nhặn",
        "nhanh",
    ]


def test_html_in_the_text_is_escaped_and_cannot_break_out():
    html = str(highlight('<script>alert("Nhặn")</script> & <b>Nhặn</b>', parse_query("nhan script")))
    assert "<script>" not in html and "<b>" not in html
    assert html == (
        "&lt;<mark>script</mark>&gt;alert(&quot;<mark>Nhặn</mark>&quot;)&lt;/<mark>script</mark>&gt; "
        "&amp; &lt;b&gt;<mark>Nhặn</mark>&lt;/b&gt;"
    )


def test_html_in_the_query_marks_nothing_it_should_not():
    html = str(highlight("Tin <mark>bài</mark> mới", parse_query("<mark>")))
    assert html == "Tin &lt;<mark>mark</mark>&gt;bài&lt;/<mark>mark</mark>&gt; mới"


def test_characters_that_fold_to_several_or_none_keep_the_marks_in_place():
    # "ß" folds to "ss", "ﬁ" to "fi", and "q̣" keeps a combining dot (no precomposed form).
    text = "Straße ﬁle q\u0323 Nhặn"
    html = str(highlight(text, parse_query("nhan strasse")))
    assert marked(html) == ["Straße", "Nhặn"]
    assert html.endswith("<mark>Nhặn</mark>")


def test_a_mark_keeps_the_combining_marks_of_its_last_letter():
    text = "xe\u0323\u0302 nha\u0323\u0306"  # no precomposed form for the last letters after NFC
    folded, offsets = fold_aligned(unicodedata.normalize("NFC", text))
    assert folded.replace("\u0323", "").startswith("x")
    assert marked(highlight(text, parse_query("nha"))) == [unicodedata.normalize("NFC", "nha\u0323\u0306")]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120), st.text(min_size=1, max_size=20))
def test_highlighting_never_loses_or_injects_text(text, query_text):
    """Removing the marks and unescaping gives back the (composed) text, whatever the input."""
    import html as html_lib

    output = str(highlight(text, parse_query(query_text)))
    assert html_lib.unescape(output.replace("<mark>", "").replace("</mark>", "")) == unicodedata.normalize(
        "NFC", text
    )
    assert "<" not in output.replace("<mark>", "").replace("</mark>", "")


LONG = (
    "Ngày 12/03/2021, Ban Chỉ đạo 35 huyện Duyên Hải tổ chức hội nghị. " * 8
    + "Quy chế hoạt động của Cộng tác viên Ban Chỉ đạo bảo vệ nền tảng tư tưởng của Đảng. "
    + "Đẩy mạnh công tác giáo dục, tuyên truyền nâng cao nhận thức. " * 8
)


def test_a_snippet_is_short_and_shows_the_phrase():
    html = str(snippet(LONG, parse_query("cong tac vien")))
    text = re.sub(r"</?mark>", "", html)
    assert len(text) <= 262
    assert text.startswith("…") and text.endswith("…")
    assert "<mark>Cộng</mark> <mark>tác</mark> <mark>viên</mark>" in html


def test_a_snippet_without_a_match_is_the_beginning_of_the_text():
    html = str(snippet(LONG, parse_query("xyzzy")))
    assert html.startswith("Ngày 12/03/2021") and html.endswith("…") and "<mark>" not in html


def test_a_short_text_is_shown_whole():
    assert str(snippet("Quy chế cộng tác viên", parse_query("quy che"))) == (
        "<mark>Quy</mark> <mark>chế</mark> cộng tác viên"
    )


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (
            "HUYỆN ỦY DUYÊN HẢI\nBAN CHỈ ĐẠO 35\n*\nSố: 07-KH/BCĐ\nĐẢNG CỘNG SẢN VIỆT NAM\n"
            "Duyên Hải, ngày 5 tháng 1 năm 2024\nKẾ HOẠCH\nTuyên truyền.",
            "KẾ HOẠCH\nTuyên truyền.",
        ),
        (
            "ỦY BAN NHÂN DÂN TỈNH TRÀ VINH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc "
            "Số 12/QĐ-UBND Trà Vinh, ngày 02 tháng 3 năm 2023 QUYẾT ĐỊNH Về việc kiện toàn.",
            "QUYẾT ĐỊNH Về việc kiện toàn.",
        ),
        # Not a letterhead: ordinary text before a date stays.
        ("Hội nghị được tổ chức tại Duyên Hải, ngày 5 tháng 1 năm 2024.", None),
        ("Không có tiêu đề văn bản.", None),
    ],
)
def test_a_letterhead_is_left_out_of_a_document_excerpt(text, kept):
    assert strip_letterhead(text) == (kept if kept is not None else text)
