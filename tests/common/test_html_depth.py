"""Bounded work in the sanitiser: markup nested deeper than MAX_NESTING is flattened before
nh3 parses it; ordinary articles pass through untouched and no text is ever lost."""

import time

import lxml.html
import pytest

from common.html import MAX_NESTING, clean_html, flatten_deep_nesting, plain_text

ARTICLE = (
    '<h2>Mở đầu</h2><p class="text-align-center">Ban Chỉ đạo <strong>35</strong> '
    '<a href="https://a.vn">họp</a>.</p><figure class="table"><table><tbody><tr><td>Ô</td></tr>'
    "</tbody></table></figure><ul><li>Một<ul><li>Hai</li></ul></li></ul><p>Hết<br>dòng</p>"
) * 30


def depth(html: str) -> int:
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    return max(sum(1 for _ in el.iterancestors()) for el in root.iter())


def test_an_ordinary_article_is_returned_as_is():
    assert flatten_deep_nesting(ARTICLE) is ARTICLE


def test_nesting_deeper_than_the_limit_is_flattened_and_keeps_every_word():
    html = "<div><blockquote>" * 5_000 + "<p>Lời cuối cùng.</p>" + "</blockquote></div>" * 5_000
    flat = flatten_deep_nesting(html)
    assert flat.count("<blockquote>") == MAX_NESTING // 2
    cleaned = clean_html(html)
    assert depth(cleaned) <= MAX_NESTING + 1
    assert plain_text(cleaned) == "Lời cuối cùng."


def test_a_flattened_block_tag_leaves_a_space_and_an_inline_one_nothing():
    deep = "<div>" * MAX_NESTING
    assert plain_text(clean_html(deep + "một<p>hai</p>ba<em>n</em>")) == "một hai ban"


def test_end_tags_close_what_they_opened_so_siblings_do_not_add_up():
    html = "<section><p>Đoạn <em>văn</em></p></section>" * 5_000
    assert flatten_deep_nesting(html) is html


def test_unclosed_paragraphs_and_list_items_do_not_add_up():
    html = "<ul>" + "<li>mục" * 5_000 + "</ul>" + "<p>đoạn" * 5_000
    assert flatten_deep_nesting(html) is html


def test_tag_names_match_whatever_their_case():
    html = "<DIV>" * 2 * MAX_NESTING + "chữ" + "</div>" * 2 * MAX_NESTING + "<p>sau</p>"
    flat = flatten_deep_nesting(html)
    assert flat.count("<DIV>") == MAX_NESTING and "<p>sau</p>" in flat


@pytest.mark.parametrize(
    "hidden",
    [
        "<b <br>",  # a start tag whose attribute looks like a void tag: the parser opens <b>
        '<b title="x>"><i>',  # ">" inside quotes: we see more tags, never fewer
        "<table><td><em>",
    ],
)
def test_start_tags_the_parser_opens_are_counted_however_they_are_written(hidden):
    html = hidden * 20_000 + "chữ"
    assert flatten_deep_nesting(html) is not html
    start = time.perf_counter()
    clean_html(html)
    assert time.perf_counter() - start < 5


def test_the_sanitiser_still_decides_below_the_limit():
    deep = "<div>" * (MAX_NESTING + 50)
    cleaned = clean_html(
        deep + '<script>alert(1)</script><a href="javascript:alert(1)">x</a><img src=x onerror=alert(1)>'
    )
    assert "script" not in cleaned and "javascript" not in cleaned and "onerror" not in cleaned


def test_an_unterminated_tag_flood_is_scanned_in_linear_time():
    html = "<a" * 200_000 + "<p>x</p>"
    start = time.perf_counter()
    flatten_deep_nesting(html)
    assert time.perf_counter() - start < 2  # quadratic would take minutes
