"""Ranking rules, and the promise that the database and Python agree on what matches."""

import datetime

import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.backends import get_backend
from search.engine import Search
from search.models import Kind, SearchEntry
from search.query import Fields, Tier, index_text, parse_query, tier
from tests.search.conftest import at


def titles(text: str) -> list[str]:
    return [str(hit.obj) for hit in Search(parse_query(text))[0:50]]


def test_a_title_match_ranks_above_a_body_match(make_article):
    make_article("Tin mới", "<p>Tập huấn cộng tác viên.</p>", when=at(2024, 1, 1))
    make_article("Tập huấn cộng tác viên", "", when=at(2020, 1, 1))
    assert titles("tap huan") == ["Tập huấn cộng tác viên", "Tin mới"]


def test_all_words_rank_above_some_words(make_article):
    make_article("Hội nghị tuyên truyền", "", when=at(2024, 1, 1))
    make_article("Tin", "<p>Hội nghị về công tác tuyên truyền miệng.</p>", when=at(2020, 1, 1))
    assert titles("hoi nghi tuyen truyen mieng") == ["Tin", "Hội nghị tuyên truyền"]


def test_more_words_rank_above_fewer_words(make_article):
    make_article("Hội thảo", "", when=at(2024, 1, 1))
    make_article("Tin", "<p>Hội nghị tuyên truyền.</p>", when=at(2020, 1, 1))
    assert titles("hoi nghi tuyen truyen mieng") == ["Tin", "Hội thảo"]


def test_a_phrase_ranks_above_scattered_words(make_article):
    make_article("Tin một", "<p>Truyền thông về kế hoạch tuyên giáo.</p>", when=at(2024, 1, 1))
    make_article("Tin hai", "<p>Triển khai kế hoạch tuyên truyền.</p>", when=at(2020, 1, 1))
    make_article("Kế hoạch, tuyên truyền", "", when=at(2019, 1, 1))
    assert titles("ke hoach tuyen truyen") == ["Kế hoạch, tuyên truyền", "Tin hai", "Tin một"]


def test_a_phrase_in_the_title_ranks_above_scattered_title_words(make_article):
    make_article("Tuyên truyền về kế hoạch", "", when=at(2024, 1, 1))
    make_article("Kế hoạch tuyên truyền", "", when=at(2020, 1, 1))
    assert titles("ke hoach tuyen truyen") == ["Kế hoạch tuyên truyền", "Tuyên truyền về kế hoạch"]


def test_newer_ranks_above_older_when_otherwise_equal(make_article):
    make_article("Hội nghị lần một", when=at(2020, 1, 1))
    make_article("Hội nghị lần ba", when=at(2022, 1, 1))
    make_article("Hội nghị lần hai", when=at(2021, 1, 1))
    assert titles("hoi nghi") == ["Hội nghị lần ba", "Hội nghị lần hai", "Hội nghị lần một"]


def test_a_whole_word_ranks_above_an_unfinished_one(make_article):
    make_article("Đảng viên", when=at(2024, 1, 1))
    make_article("Dân vận", when=at(2020, 1, 1))
    assert titles("dan") == ["Dân vận", "Đảng viên"]


def test_a_word_typed_with_diacritics_ranks_its_own_spelling_above_look_alikes(make_article):
    make_article("Hoàng Sa, Trường Sa", when=at(2024, 3, 1))
    make_article("Số hóa hồ sơ", when=at(2024, 2, 1))
    make_article("Hội thi cắm hoa", when=at(2024, 1, 1))
    make_article("Tọa đàm", "<p>Giữ hòa khí trong khu dân cư.</p>", when=at(2023, 1, 1))
    make_article("Hòa giải ở cơ sở", when=at(2020, 1, 1))
    assert titles("hòa") == [
        "Hòa giải ở cơ sở",
        "Tọa đàm",
        "Số hóa hồ sơ",
        "Hội thi cắm hoa",
        "Hoàng Sa, Trường Sa",
    ]


@pytest.mark.parametrize(
    ("typed", "written"), [("hòa", "hoà"), ("hoà", "hòa"), ("thủy", "thuỷ"), ("qúy", "quý")]
)
def test_the_old_and_the_new_tone_placement_are_one_spelling(make_article, typed, written):
    make_article(f"Bài {written}", when=at(2020, 1, 1))
    make_article("Bài khác", f"<p>{written}</p>", when=at(2021, 1, 1))
    look_alike = (
        written.replace("ò", "ó").replace("à", "á").replace("ủ", "ụ").replace("ỷ", "ỵ").replace("ý", "ỹ")
    )
    make_article(f"Bài {look_alike}", when=at(2024, 1, 1))
    # The spelling typed, even in the body, before a look-alike in the title.
    assert titles(typed) == [f"Bài {written}", "Bài khác", f"Bài {look_alike}"]


def test_a_query_typed_without_diacritics_ranks_every_spelling_alike(make_article):
    make_article("Hòa giải", when=at(2020, 1, 1))
    make_article("Hóa chất", when=at(2022, 1, 1))
    make_article("Cắm hoa", when=at(2021, 1, 1))
    assert titles("hoa") == ["Hóa chất", "Cắm hoa", "Hòa giải"]


def test_a_whole_syllable_in_the_body_ranks_above_the_start_of_a_longer_one_in_the_title(make_article):
    make_article("Hoàng Văn Thái", when=at(2024, 1, 1))
    make_article("Tin", "<p>Tổ hòa giải.</p>", when=at(2020, 1, 1))
    assert titles("hòa") == ["Tin", "Hoàng Văn Thái"]


def test_a_name_being_typed_ranks_above_the_same_words_scattered_in_a_body(make_person, make_article):
    make_article("Tin", "<p>Phan văn nha sĩ.</p>", when=at(2024, 1, 1))
    make_person("Phan Văn Nhặn")
    assert titles("phan van nha") == ["Phan Văn Nhặn", "Tin"]


def test_two_letters_are_enough_to_finish_the_last_word(make_person):
    make_person("Lê Thị Thủy")
    make_person("Lê Thị Lan")
    assert titles("le thi th") == ["Lê Thị Thủy", "Lê Thị Lan"]


def test_a_document_found_by_its_number_comes_first(make_article, make_document):
    make_article("Triển khai Kế hoạch 05-KH/BCĐ", when=at(2024, 1, 1))
    document = make_document("Kế hoạch hoạt động", number=5, issued=datetime.date(2020, 1, 1))
    make_document("Kế hoạch khác", number=50, issued=datetime.date(2023, 1, 1))
    for text in ("05-KH/BCĐ", "05 kh bcd", "5/KH-BCĐ", "05-kh"):
        assert titles(text)[0] == str(document), text


def test_results_past_the_ranking_window_are_neither_repeated_nor_skipped(make_article, settings):
    settings.SEARCH_CANDIDATE_LIMIT = 4
    for i in range(11):
        body = "<p>Hội nghị.</p>" if i % 2 else ""
        make_article(f"Hội nghị {i}" if i % 3 else f"Tin {i}", body, when=at(2020, 1, 1 + i))
    search = Search(parse_query("hoi nghi"))
    one_by_one = [hit.obj.pk for start in range(0, 12, 3) for hit in search[start : start + 3]]
    assert len(one_by_one) == len(set(one_by_one)) == search.count() == 9


# --- the database and Python agree --------------------------------------------------------
VOCABULARY = [
    "hoi",
    "nghi",
    "ban",
    "bang",
    "chi",
    "dao",
    "05",
    "kh",
    "bcd",
    "5khbcd",
    "nha",
    "nhan",
    "1e5x",
    "2e3",
]
# Through index_text, as the providers store them.
field_text = st.lists(st.sampled_from(VOCABULARY), max_size=6).map(lambda w: index_text(" ".join(w)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(st.tuples(field_text, field_text, field_text), min_size=1, max_size=8),
    query_words=st.lists(st.sampled_from([*VOCABULARY, "nh", "05-kh/bcđ"]), min_size=1, max_size=4),
)
def test_the_database_finds_and_tiers_exactly_what_python_would(db, rows, query_words):
    """Random rows and queries: the set the full-text index returns and the tier the database
    gives each row are exactly what the Python rules compute — on SQLite and on PostgreSQL."""
    query = parse_query(" ".join(query_words))
    with transaction.atomic():
        SearchEntry.objects.bulk_create(
            SearchEntry(kind=Kind.DOCUMENT, object_id=i, title=t, number=n, body=b, is_live=True)
            for i, (t, n, b) in enumerate(rows)
        )
        backend = get_backend(connection)
        in_db = dict(
            SearchEntry.objects.filter(backend.matches(query))
            .annotate(db_tier=backend.tier(query))
            .values_list("object_id", "db_tier")
        )
        expected = {}
        for i, (t, n, b) in enumerate(rows):
            python_tier = tier(query, Fields.of(t, n, b))
            if python_tier != Tier.NONE:
                expected[i] = int(python_tier)
        assert in_db == expected
        transaction.set_rollback(True)


@pytest.mark.parametrize("text", ["hoi nghi ban", "05 kh bcd", "nha"])
def test_tiers_from_the_database_match_python_on_real_content(
    db, make_article, make_document, make_person, text
):
    make_article("Hội nghị Ban Chỉ đạo", "<p>Kế hoạch 05-KH/BCĐ.</p>")
    make_document("Kế hoạch", number=5, body_text="Hội nghị")
    make_person("Phan Văn Nhặn", position="Phó Bí thư")
    query = parse_query(text)
    backend = get_backend(connection)
    for entry in SearchEntry.objects.filter(backend.matches(query)).annotate(db_tier=backend.tier(query)):
        assert entry.db_tier == tier(query, Fields.of(entry.title, entry.number, entry.body))
