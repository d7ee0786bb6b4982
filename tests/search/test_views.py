"""The /tim-kiem/ page: form, tabs, filters, pagination, hostile input, query counts."""

import datetime
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from search.indexing import reindex
from search.models import SearchEntry
from tests.search.conftest import at, seed_article_text

URL = "/tim-kiem/"


def h1s(html: str) -> list[str]:
    return re.findall(r"<h1[^>]*>(.*?)</h1>", html, flags=re.S)


def result_titles(html: str) -> list[str]:
    titles = re.findall(r'<h2 class="search-result__title"><a href="[^"]*">(.*?)</a></h2>', html, flags=re.S)
    return [unescape(re.sub(r"<[^>]+>", "", t)).strip() for t in titles]


@pytest.fixture
def content(make_article, make_document, make_person, other_category):
    title, body = seed_article_text()
    make_article(title, body, when=at(2021, 3, 12))
    make_article(
        "Tập huấn cộng tác viên", "<p>Ban Chỉ đạo tập huấn.</p>", when=at(2022, 5, 20), cat=other_category
    )
    make_document(
        "Kế hoạch hoạt động của Ban Chỉ đạo 35 năm 2021", number=5, issued=datetime.date(2021, 3, 10)
    )
    make_document("Quy chế làm việc của Ban Chỉ đạo", number=12, kind="qc", issued=datetime.date(2023, 2, 1))
    make_person("Phan Văn Nhặn", position="Phó Bí thư Thường trực Huyện ủy", role="Trưởng ban")


def test_the_url_is_named():
    assert reverse("search:results") == URL


def test_an_empty_query_shows_the_form_and_no_error(citizen, site_identity, content):
    for params in ({}, {"q": ""}, {"q": "   "}):
        response = citizen.get(URL, params)
        assert response.status_code == 200
        html = response.content.decode()
        assert h1s(html) == ["Tìm kiếm"]
        assert '<label for="tu-khoa">Từ khóa</label>' in html and 'id="tu-khoa"' in html
        assert "search-tabs" not in html and "Không tìm thấy" not in html


def test_the_results_page_has_one_h1_breadcrumbs_tabs_and_highlighted_results(
    citizen, site_identity, content
):
    response = citizen.get(URL, {"q": "ban chi dao"})
    assert response.status_code == 200
    html = response.content.decode()
    assert h1s(html) == ["Kết quả tìm kiếm cho “ban chi dao”"]
    assert '<li aria-current="page">Tìm kiếm</li>' in html
    assert 'name="robots" content="noindex, follow"' in html
    assert "search/search.css" in html
    tabs = re.findall(
        r'<li><a href="\?([^"]*)"[^>]*>(\w[^<]*?) <span class="search-tabs__count">\((\d+)\)', html
    )
    assert [(label, int(n)) for _, label, n in tabs] == [
        ("Tất cả", 5),
        ("Tin bài", 2),
        ("Văn bản", 2),
        ("Thành viên", 1),
        ("Hỏi đáp", 0),
    ]
    assert "<mark>Ban</mark> <mark>Chỉ</mark> <mark>đạo</mark>" in html
    assert "Tin bài" in html and "Văn bản" in html and "Thành viên" in html
    assert "<script>" not in html.split("<main")[1].split("</main>")[0]


def test_a_tab_shows_one_kind(citizen, site_identity, content):
    html = citizen.get(URL, {"q": "ban chi dao", "loai": "van-ban"}).content.decode()
    assert result_titles(html) == [
        "12-QC/BCĐ Quy chế làm việc của Ban Chỉ đạo",
        "05-KH/BCĐ Kế hoạch hoạt động của Ban Chỉ đạo 35 năm 2021",
    ]
    assert re.search(r'aria-current="page">Văn bản <span', html)
    assert '<input type="hidden" name="loai" value="van-ban">' in html
    assert '<label for="loai-van-ban">Loại văn bản</label>' in html
    assert '<label for="co-quan">Cơ quan ban hành</label>' in html


def test_document_type_issuer_category_and_year_filters(citizen, site_identity, content):
    def titles(**params):
        return result_titles(citizen.get(URL, {"q": "ban chi dao", **params}).content.decode())

    assert titles(**{"loai-van-ban": "quy-che"}) == ["12-QC/BCĐ Quy chế làm việc của Ban Chỉ đạo"]
    assert len(titles(**{"loai": "van-ban", "co-quan": "bcd-35"})) == 2
    assert titles(**{"chuyen-muc": "tong-hop"}) == ["Tập huấn cộng tác viên"]
    assert titles(nam="2021") == [
        "Hội nghị triển khai kế hoạch, quy chế làm việc Ban Chỉ đạo 35 huyện",
        "05-KH/BCĐ Kế hoạch hoạt động của Ban Chỉ đạo 35 năm 2021",
    ]
    html = citizen.get(URL, {"q": "ban chi dao", "loai": "tin-bai"}).content.decode()
    assert '<label for="chuyen-muc">Chuyên mục</label>' in html
    assert '<option value="2022">2022</option>' in html


@pytest.mark.parametrize(
    "params",
    [
        {"loai": "khong-co"},
        {"nam": "abc"},
        {"nam": "99999"},
        {"nam": "２０２１"},
        {"chuyen-muc": "<script>"},
        {"loai-van-ban": "' OR 1=1"},
        {"trang": "-1"},
        {"trang": "abc"},
        {"trang": "999999"},
    ],
)
def test_malformed_parameters_are_ignored(citizen, site_identity, content, params):
    response = citizen.get(URL, {"q": "ban chi dao", **params})
    assert response.status_code == 200
    assert len(h1s(response.content.decode())) == 1
    assert result_titles(response.content.decode())


def test_pagination_keeps_the_query_and_the_filters(citizen, site_identity, make_article):
    for i in range(23):
        make_article(f"Hội nghị chuyên đề số {i}", when=at(2021, 1, 1) + datetime.timedelta(days=i))
    first = citizen.get(URL, {"q": "hội nghị", "loai": "tin-bai", "nam": "2021"}).content.decode()
    assert "Tìm thấy 23 kết quả, trang 1/3." in first
    assert 'href="?q=h%E1%BB%99i+ngh%E1%BB%8B&amp;nam=2021&amp;loai=tin-bai&amp;trang=2"' in first
    seen = []
    for page in (1, 2, 3):
        html = citizen.get(
            URL, {"q": "hội nghị", "loai": "tin-bai", "nam": "2021", "trang": page}
        ).content.decode()
        seen += result_titles(html)
    assert seen == [f"Hội nghị chuyên đề số {i}" for i in reversed(range(23))]


def test_a_2000_character_query_is_cut_and_works(citizen, site_identity, content):
    response = citizen.get(URL, {"q": "ban chỉ đạo " * 170})
    assert response.status_code == 200
    html = response.content.decode()
    (title,) = h1s(html)
    assert len(unescape(title)) < 240
    assert result_titles(html)


HOSTILE = [
    "%",
    "_",
    "'",
    '"',
    "*",
    "NEAR",
    "AND OR NOT",
    ")",
    "-",
    ":",
    "ban:chi",
    "ban AND chi OR dao NOT x",
    'NEAR("ban" "chi", 2)',
    "title:ban",
    "{title number}: ban",
    "ban*",
    "'; DROP TABLE search_searchentry; --",
    "1' OR '1'='1",
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "%ban% _chi_",
    "ban & chi | !dao <-> x:*",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_queries_are_plain_text(citizen, site_identity, content, text):
    before = SearchEntry.objects.count()
    response = citizen.get(URL, {"q": text})
    assert response.status_code == 200
    html = response.content.decode()
    main = html.split('<main id="noi-dung"')[1].split("</main>")[0]
    assert len(h1s(html)) == 1
    assert "<script>" not in main and "<img" not in main
    assert SearchEntry.objects.count() == before


def test_a_title_with_html_is_escaped_around_the_marks(citizen, site_identity, make_article):
    make_article("Cảnh giác <script>alert(1)</script> lừa đảo", when=at(2023, 1, 1))
    html = citizen.get(URL, {"q": "canh giac"}).content.decode()
    assert "<mark>Cảnh</mark> <mark>giác</mark> &lt;script&gt;alert(1)&lt;/script&gt; lừa đảo" in html


def test_a_query_without_words_finds_nothing_politely(citizen, site_identity, content):
    html = citizen.get(URL, {"q": "%%% ***"}).content.decode()
    assert h1s(html) == ["Kết quả tìm kiếm cho “%%% ***”"]
    assert "Không tìm thấy kết quả phù hợp" in html


def test_no_results(citizen, site_identity, content):
    html = citizen.get(URL, {"q": "xyzzy"}).content.decode()
    assert "Không tìm thấy kết quả phù hợp" in html
    assert re.search(r"Tất cả <span class=\"search-tabs__count\">\(0\)", html)


def test_the_header_search_box_leads_here(citizen, site_identity):
    html = citizen.get(URL).content.decode()
    assert 'action="/tim-kiem/"' in html


# --- query counts --------------------------------------------------------------------------
def _populate(n: int) -> None:
    """n fillers of each kind with "hội nghị" in the body only, plus one of each kind with it in
    the title (so every first page holds all three kinds), created in bulk then indexed."""
    from committee.models import Appointment, Person, Role, Unit
    from documents.models import Document, DocumentType, IssuingBody
    from news.models import Article, Category

    category = Category.objects.create(name="Tin hoạt động", slug="tin-hoat-dong")
    doc_type = DocumentType.objects.create(name="Kế hoạch", abbreviation="KH", slug="ke-hoach")
    body = IssuingBody.objects.create(name="Ban Chỉ đạo", abbreviation="BCĐ", slug="bcd")
    unit = Unit.objects.create(name="Ban Chỉ đạo", slug="ban-chi-dao")
    role = Role.objects.get(name="Thành viên")
    start = at(2020, 1, 1)
    articles, documents, people = [], [], []
    for i in range(n + 1):
        title = "Hội nghị tổng kết" if i == n else f"Tin số {i}"
        articles.append(
            Article(
                title=title,
                slug=f"tin-{i}",
                body="<p>Nội dung hội nghị.</p>",
                category=category,
                status="published",
                publish_at=start + datetime.timedelta(hours=2 * i),
            )
        )
        day = (start + datetime.timedelta(hours=2 * i + 1)).date()
        documents.append(
            Document(
                doc_type=doc_type,
                issuing_body=body,
                number=i + 1,
                number_series="year-2020",
                title="Kế hoạch hội nghị" if i == n else f"Văn bản số {i}",
                slug=f"van-ban-{i}",
                summary="Tổ chức hội nghị.",
                issue_date=day,
                effective_date=day,
                is_published=True,
            )
        )
        people.append(
            Person(
                full_name="Hội Nghị" if i == n else f"Người số {i}",
                slug=f"nguoi-{i}",
                main_position="Phụ trách hội nghị",
            )
        )
    Article.objects.bulk_create(articles)
    Document.objects.bulk_create(documents)
    Person.objects.bulk_create(people)
    Appointment.objects.bulk_create(
        Appointment(person=p, unit=unit, role=role, start_date=datetime.date(2020, 1, 1))
        for p in Person.objects.all()
    )
    reindex()


def _count_queries(client, params) -> tuple[int, list[str]]:
    client.get(URL, params)  # warm the site-wide caches (identity, menu, widgets)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(captured), [q["sql"] for q in captured.captured_queries]


@pytest.mark.parametrize(
    ("params", "budget"),
    [
        # tab counts, years, result order (ids), ranked window, excerpts, published() per kind (3)
        ({"q": "hội nghị"}, 8),
        # … one kind on the page; its facet choices (categories)
        ({"q": "hoi nghi", "loai": "tin-bai"}, 7),
        # … document types and issuing bodies
        ({"q": "hoi nghi", "loai": "van-ban", "trang": "2"}, 8),
        ({"q": "hoi nghi", "loai": "thanh-vien"}, 6),
        # … and the filtered count (a facet narrows the tab's number)
        ({"q": "hoi nghi", "nam": "2020", "chuyen-muc": "tin-hoat-dong"}, 8),
    ],
)
@pytest.mark.parametrize("n", [5, 200])
def test_the_number_of_queries_does_not_grow_with_the_content(citizen, site_identity, db, n, params, budget):
    _populate(n)
    page_without_search, _ = _count_queries(citizen, {})
    count, sql = _count_queries(citizen, params)
    assert count - page_without_search == budget, "\n".join(sql)
    html = citizen.get(URL, params).content.decode()
    if "loai" not in params and "chuyen-muc" not in params:
        kinds = re.findall(r'class="search-result search-result--(\w+)"', html)
        assert set(kinds) == {"article", "document", "person"} and len(kinds) == 10


def test_counts_and_paging_stop_at_the_result_limit(citizen, site_identity, make_article, settings):
    settings.SEARCH_RESULT_LIMIT = 5
    settings.SEARCH_CANDIDATE_LIMIT = 3
    for i in range(8):
        make_article(f"Hội nghị số {i}", when=at(2021, 1, 1 + i))
    html = citizen.get(URL, {"q": "hoi nghi"}).content.decode()
    assert "Tìm thấy hơn 5 kết quả." in html and "Chỉ hiện 5 kết quả phù hợp nhất" in html
    assert re.search(r"Tin bài <span class=\"search-tabs__count\">\(hơn 5\)", html)
    assert result_titles(html) == [f"Hội nghị số {i}" for i in (7, 6, 5, 4, 3)]


def test_short_query_results_are_shared_cached_until_something_is_published(
    citizen, site_identity, make_article, settings
):
    settings.PAGE_CACHE_SECONDS = 15
    make_article("Hội nghị triển khai kế hoạch", when=at(2021, 1, 1))
    first = citizen.get(URL, {"q": "hoi nghi"})
    second = citizen.get(URL, {"q": "hoi nghi"})
    assert "private" not in first.get("Cache-Control", "")
    assert second.get("X-Page-Cache") == "hit"
    make_article("Hội nghị sơ kết quý", when=at(2021, 2, 1))
    fresh = citizen.get(URL, {"q": "hoi nghi"})
    assert fresh.get("X-Page-Cache") != "hit"
    assert "Hội nghị sơ kết quý" in result_titles(fresh.content.decode())
    citizen.get(URL)
    assert citizen.get(URL).get("X-Page-Cache") == "hit"  # the bare form is the same for everyone


def test_long_or_deep_queries_are_private_and_not_kept_in_the_shared_page_cache(
    citizen, site_identity, content, settings
):
    settings.PAGE_CACHE_SECONDS = 15
    for params in ({"q": "ban chi dao bao ve nen tang tu tuong cua dang"}, {"q": "ban", "trang": "4"}):
        first = citizen.get(URL, params)
        second = citizen.get(URL, params)
        assert "private" in first["Cache-Control"], params
        assert second.get("X-Page-Cache") != "hit", params


def test_result_dates_give_machines_the_local_time_with_its_offset(citizen, site_identity, make_article):
    # 20:30 UTC on 12 March is already 13 March in Vietnam: reader and machine see the same day.
    make_article("Hội nghị buổi tối", when=datetime.datetime(2021, 3, 12, 20, 30, tzinfo=datetime.UTC))
    html = citizen.get(URL, {"q": "hoi nghi buoi toi"}).content.decode()
    assert '<time datetime="2021-03-13T03:30:00+07:00">13/03/2021</time>' in html


def test_one_letter_asks_for_two_instead_of_listing_everything(citizen, site_identity, content):
    html = citizen.get(URL, {"q": "a"}).content.decode()
    assert "Từ khóa quá ngắn: hãy nhập ít nhất 2 chữ cái." in html
    assert result_titles(html) == [] and "search-tabs" not in html


def test_a_document_snippet_skips_the_letterhead(citizen, site_identity, make_document):
    from tests.search.conftest import attach_text

    document = make_document("Kế hoạch tuyên truyền năm 2024", number=7, summary=" ")
    attach_text(
        document,
        "HUYỆN ỦY DUYÊN HẢI\nBAN CHỈ ĐẠO 35\n*\nSố 07-KH/BCĐ\nĐẢNG CỘNG SẢN VIỆT NAM\n"
        "Duyên Hải, ngày 05 tháng 01 năm 2024\nKẾ HOẠCH\nTuyên truyền bảo vệ nền tảng tư tưởng của Đảng.",
    )
    html = citizen.get(URL, {"q": "tuyên truyền"}).content.decode()
    snippet = unescape(re.sub(r"<[^>]+>", "", re.search(r'search-result__snippet">(.*?)</p>', html, re.S)[1]))
    assert snippet.startswith("KẾ HOẠCH Tuyên truyền bảo vệ nền tảng")
    for letterhead in ("HUYỆN ỦY", "ĐẢNG CỘNG SẢN", "Số 07", "ngày 05 tháng 01"):
        assert letterhead not in snippet
