"""Query parsing and the match strings sent to the databases (no database needed)."""

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search.backends import PostgresBackend, SqliteBackend
from search.query import (
    MAX_QUERY_CHARS,
    MAX_QUERY_WORDS,
    Fields,
    Term,
    Tier,
    compact_number,
    index_text,
    marked_form,
    number_text,
    parse_query,
    rank_key,
    tier,
)

BACKENDS = [PostgresBackend(), SqliteBackend()]
HOSTILE = [
    "%",
    "_",
    "'",
    '"',
    "*",
    "NEAR",
    "NEAR(a b)",
    "a AND b",
    "a OR b",
    "NOT a",
    ")",
    "(",
    "-a",
    "a:b",
    "title:x",
    "{title}: x",
    "'; DROP TABLE search_searchentry; --",
    '" OR 1=1 --',
    "<script>alert(1)</script>",
    "a & b | !c <-> d:*",
    "\\",
    "\x00",
    "x" * 2000,
]


def test_words_are_folded_case_and_diacritics_insensitive():
    assert parse_query("BAN CHỈ ĐẠO 35").sequence == ("ban", "chi", "dao", "35")
    assert parse_query("ban chi dao 35").sequence == ("ban", "chi", "dao", "35")


@pytest.mark.parametrize("letter", ["đ", "Đ", "\u00d0", "d", "D"])
def test_every_kind_of_d_folds_to_d(letter):
    assert parse_query(f"{letter}ạo").sequence == ("dao",)


def test_nfc_and_nfd_queries_are_the_same_query():
    text = "Hội nghị triển khai kế hoạch của Đảng ủy"
    nfc = parse_query(unicodedata.normalize("NFC", text))
    nfd = parse_query(unicodedata.normalize("NFD", text))
    assert nfc.terms == nfd.terms and nfc.sequence == nfd.sequence


def test_a_long_query_is_cut_to_a_sane_size():
    query = parse_query("hội nghị " * 500)
    assert len(query.text) <= MAX_QUERY_CHARS
    assert len(query.sequence) == MAX_QUERY_WORDS
    assert query.terms == (Term("hoi", marked="hôi5"), Term("nghi", prefix=True, marked="nghi5"))


def test_only_the_last_word_may_be_unfinished():
    query = parse_query("phan van nha")
    assert query.terms == (Term("phan"), Term("van"), Term("nha", prefix=True))
    # Two letters are enough to be the start of a word; one letter or a number is whole.
    assert parse_query("ban ch").terms[-1] == Term("ch", prefix=True)
    assert parse_query("ban c").terms[-1] == Term("c")
    assert parse_query("ban chi dao 35").terms[-1] == Term("35")


@pytest.mark.parametrize(
    ("word", "form"),
    [
        ("hòa", "hoa2"),
        ("hoà", "hoa2"),
        ("HOÀ", "hoa2"),
        ("thủy", "thuy3"),
        ("thuỷ", "thuy3"),
        ("quý", "quy1"),
        ("qúy", "quy1"),
        ("Ðảng", "đang3"),
        ("nhặn", "nhăn5"),
        ("hoa", ""),
    ],
)
def test_a_word_has_one_spelling_whatever_the_tone_placement(word, form):
    assert marked_form(word) == form
    assert marked_form(unicodedata.normalize("NFD", word)) == form


def test_one_letter_is_too_short_to_search_for():
    assert parse_query("a").too_short and parse_query(" đ ").too_short
    assert not parse_query("an").too_short and not parse_query("nguyen van a").too_short
    assert not parse_query("%%%").too_short  # no words at all: a different message


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("05-KH/BCĐ", "5khbcd"),
        ("05/KH-BCĐ", "5khbcd"),
        ("05 kh bcd", "5khbcd"),
        ("5khbcd", "5khbcd"),
        ("150-QĐ/HU", "150qdhu"),
        ("100-kh", "100kh"),
        ("hội nghị ban chỉ đạo", ""),
        ("2021", ""),
        ("kế hoạch số 05 năm 2021 của ban chỉ đạo", ""),
    ],
)
def test_a_query_that_looks_like_a_document_number(text, number):
    assert parse_query(text).number == number


def test_numbers_are_indexed_with_and_without_punctuation():
    assert compact_number("05-KH/BCĐ") == compact_number("5/KH-BCĐ") == "5khbcd"
    assert number_text("05-KH/BCĐ") == "05 kh bcd 5khbcd"


def test_words_are_split_where_postgresql_splits_them():
    assert index_text("1e5x 2e3 e5x 12e7kh") == "1e5 x 2e3 e5x 12e7 kh"
    assert compact_number("1-E5/X") == ""


def test_index_text_is_cut_at_a_word_boundary():
    assert index_text("Hội nghị triển khai", max_chars=12) == "hoi nghi"
    assert index_text("Hội nghị triển khai") == "hoi nghi trien khai"


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_queries_become_plain_words(text):
    query = parse_query(text)
    for word in query.sequence:
        assert re.fullmatch(r"[a-z0-9]+", word)


# What may appear in a match string besides the quoted words: the operators we write ourselves.
_PG_SYNTAX = re.compile(r"^[\s()|&<\->:*ABC]*$")
_FTS_SYNTAX = re.compile(r"^[\s()*:{}]*(?:(?:AND|OR|title|number)[\s()*:{}]*)*$")


def _strip_quoted(match: str, quote: str) -> str:
    return re.sub(quote + r"[a-z0-9 ]+" + quote, " ", match)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_match_strings_hold_only_quoted_words_and_our_operators(text):
    query = parse_query(text)
    if query.is_empty:
        return
    pg, fts = BACKENDS
    pg_strings = [m.text for m in pg.base_matches(query)] + [m.text for _, m in pg.tier_matches(query)]
    fts_strings = [m.text for m in fts.base_matches(query)] + [m.text for _, m in fts.tier_matches(query)]
    for match in pg_strings:
        assert _PG_SYNTAX.match(_strip_quoted(match, "'")), match
    for match in fts_strings:
        assert _FTS_SYNTAX.match(_strip_quoted(match, '"')), match


@pytest.mark.parametrize("backend", BACKENDS, ids=["postgresql", "sqlite"])
def test_a_backend_refuses_to_quote_anything_but_a_folded_word(backend):
    with pytest.raises(ValueError):
        backend.all_terms((Term("x' | 'y"),), head=False)


def _fields(title="", number="", body=""):
    return Fields.of(index_text(title), number_text(number) if number else "", index_text(body))


@pytest.mark.parametrize(
    ("query", "fields", "expected"),
    [
        ("05-KH/BCĐ", _fields("Kế hoạch", "05-KH/BCĐ"), Tier.NUMBER),
        ("hội nghị triển khai", _fields("Hội nghị triển khai kế hoạch"), Tier.TITLE_PHRASE),
        ("triển khai hội nghị", _fields("Hội nghị triển khai kế hoạch"), Tier.TITLE_ALL),
        ("kế hoạch 05", _fields("Kế hoạch", "05-KH/BCĐ"), Tier.TITLE_ALL),
        ("hội nghị", _fields("Tin", body="Hội nghị triển khai"), Tier.ALL),
        ("nghị hội", _fields("Tin", body="Hội nghị triển khai"), Tier.ALL),
        ("hội nghị xyz", _fields("Hội nghị"), Tier.SOME),
        ("xyz", _fields("Hội nghị"), Tier.NONE),
        ("phan van nhặn", _fields("Phan Văn Nhặn"), Tier.TITLE_PHRASE),
        ("phan van nha", _fields("Phan Văn Nhặn"), Tier.TYPED_TITLE_PHRASE),
        ("phan van nha", _fields("Phan Văn Nhặn", body="phan van nha"), Tier.TYPED_TITLE_PHRASE),
        ("phan van nha", _fields("Tin", body="Phan Văn nhà"), Tier.ALL),
        ("van nha", _fields("Văn Nhặn", body="Tuyên giáo"), Tier.TYPED_TITLE_PHRASE),
        ("nhan van", _fields("Phan Văn Nhặn"), Tier.TITLE_ALL),
        ("van nh", _fields("Nhặn Văn"), Tier.TYPED_TITLE_ALL),
        ("van nh", _fields("Tin", body="Văn Nhặn"), Tier.TYPED_ALL),
    ],
)
def test_tiers(query, fields, expected):
    assert tier(parse_query(query), fields) == expected


def test_a_phrase_never_runs_from_the_title_into_the_number_or_the_body():
    query = parse_query("hoạch tuyên")
    assert tier(query, _fields("Kế hoạch", body="Tuyên truyền")) == Tier.ALL
    assert tier(parse_query("hoạch 05"), _fields("Kế hoạch", "05-KH/BCĐ")) == Tier.TITLE_ALL


def test_a_phrase_in_the_body_ranks_above_the_same_words_scattered():
    query = parse_query("hội nghị")
    phrase = rank_key(query, _fields("Tin", body="Hội nghị"), None, 1)
    scattered = rank_key(query, _fields("Tin", body="nghị hội"), None, 2)
    assert phrase < scattered


def test_within_some_words_more_words_then_title_then_whole_words_come_first():
    query = parse_query("hội nghị tuyên truyền")
    three_in_body = rank_key(query, _fields("Tin", body="hội nghị tuyên"), None, 1)
    one_in_title = rank_key(query, _fields("Hội"), None, 2)
    two_in_title = rank_key(query, _fields("Hội nghị"), None, 3)
    two_in_body = rank_key(query, _fields("Tin", body="hội nghị"), None, 4)
    assert sorted([one_in_title, two_in_body, three_in_body, two_in_title]) == [
        three_in_body,
        two_in_title,
        two_in_body,
        one_in_title,
    ]


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=200))
def test_the_fast_per_character_fold_is_common_text_fold(text):
    from common.text import fold, words
    from search.query import FOLDS, index_words

    assert text.translate(FOLDS) == fold(text)
    if not any(len(w) > 64 for w in words(text)) and not re.search(r"[0-9]e[0-9]", fold(text)):
        assert index_words(text) == words(text)
