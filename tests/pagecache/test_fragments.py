"""The shared parts of every page (header, footer, sidebar blocks) and the news cards are rendered
once per site and content version in each worker, and never outlive the edit that changes them.

The whole-page cache is off here (as in the test settings): every request renders its page, and
only the fragments can be reused.
"""

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from network.api import working_on
from pages.models import MenuItem, SiteSettings, WebLink
from tests.committee.conftest import appoint, make_person, roles, units  # noqa: F401 (fixtures)
from tests.conftest import make_site
from tests.documents.conftest import lookups, make_document  # noqa: F401 (fixtures)
from tests.news.conftest import category, make_article  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

VIETNAM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def fragment_keys(name: str) -> list[str]:
    return [k for k in caches["fragments"]._cache if f"template.cache.{name}." in k]


def header(html: str) -> str:
    return re.search(r"<header class=\"site-header\".*?</header>", html, re.S).group(0)


def footer(html: str) -> str:
    return re.search(r"<footer class=\"site-footer\".*?</footer>", html, re.S).group(0)


def sidebar(html: str) -> str:
    return re.search(r"<aside class=\"sidebar\".*?</aside>", html, re.S).group(0)


@pytest.fixture
def menu(site_identity):
    MenuItem.objects.all().delete()  # the default menu: only these two entries below
    MenuItem.objects.create(title="Tin tức", url="/tin-tuc/", order=1)
    MenuItem.objects.create(title="Văn bản", url="/van-ban/", order=2)


def test_every_page_of_a_site_shares_one_rendered_header_footer_and_sidebar(client, menu):
    first = client.get("/tim-kiem/?q=ke+hoach").content.decode()  # neither page is in the menu
    second = client.get("/ban-chi-dao/").content.decode()
    for name in ("shell_header", "shell_footer", "shell_sidebar"):
        assert len(fragment_keys(name)) == 1, name
    assert header(first) == header(second)
    assert footer(first) == footer(second)


def test_a_menu_edit_shows_in_the_header_of_the_next_page(client, menu):
    assert "Hỏi đáp" not in header(client.get("/ban-chi-dao/").content.decode())
    MenuItem.objects.create(title="Hỏi đáp", url="/hoi-dap/", order=3)
    assert "Hỏi đáp" in header(client.get("/ban-chi-dao/").content.decode())


def test_the_menu_marks_the_page_it_is_on_and_no_other(client, menu):
    news = header(client.get("/tin-tuc/").content.decode())
    documents = header(client.get("/van-ban/").content.decode())
    other = header(client.get("/ban-chi-dao/").content.decode())
    assert re.search(r'href="/tin-tuc/" aria-current="page"', news)
    assert 'href="/van-ban/" aria-current' not in news
    assert re.search(r'href="/van-ban/" aria-current="page"', documents)
    assert 'href="/tin-tuc/" aria-current' not in documents
    assert "aria-current" not in other


def test_an_identity_edit_shows_in_the_footer_of_the_next_page(client, site_identity):
    assert "0270 3999 111" not in footer(client.get("/").content.decode())
    identity = SiteSettings.objects.get()
    identity.phone = "0270 3999 111"
    identity.save()
    assert "0270 3999 111" in footer(client.get("/").content.decode())


def test_a_web_link_edit_shows_in_the_sidebar_of_the_next_page(client, site_identity):
    client.get("/")
    WebLink.objects.create(title="Báo Vĩnh Long", url="https://baovinhlong.vn/")
    assert "Báo Vĩnh Long" in sidebar(client.get("/").content.decode())


def test_a_new_document_shows_in_the_sidebar_of_the_next_page(client, site_identity, make_document):  # noqa: F811
    assert "Kế hoạch tuyên truyền mới" not in sidebar(client.get("/").content.decode())
    make_document(title="Kế hoạch tuyên truyền mới")
    assert "Kế hoạch tuyên truyền mới" in sidebar(client.get("/").content.decode())


def test_a_member_site_added_below_shows_its_directory_link_in_the_footer(client, site_identity):
    assert "Các Ban Chỉ đạo cơ sở" not in footer(client.get("/").content.decode())
    make_site("xa-moi.test", "Ban Chỉ đạo 35 xã Mới", parent_id=1)
    assert "Các Ban Chỉ đạo cơ sở" in footer(client.get("/").content.decode())


def test_the_visit_numbers_stay_live_beside_a_cached_sidebar(client, site_identity, settings):
    from django.test import Client

    from stats.counter import compute_numbers

    settings.VISIT_WIDGET_CACHE_SECONDS = 0
    settings.VISIT_COUNTER_ENABLED = True
    chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0.0.0 Safari/537.36"
    for n in range(3):
        Client(headers={"user-agent": chrome}, REMOTE_ADDR=f"203.0.113.{n + 1}").get("/")
    page = client.get("/").content.decode()
    assert len(fragment_keys("shell_sidebar")) == 1  # the rest of the sidebar came from the cache
    assert compute_numbers().today == 3
    assert re.search(r"Hôm nay.{0,200}>\s*3\s*<", sidebar(page), re.S)


def test_two_sites_never_share_a_fragment(client, site_identity, other_site):
    with working_on(other_site):
        MenuItem.objects.create(title="Mục riêng của xã", url="/van-ban/")
    first = client.get("/").content.decode()
    other = client.get("/", HTTP_HOST="longhuu.test").content.decode()
    assert "Mục riêng của xã" in header(other)
    assert "Mục riêng của xã" not in header(first)
    assert "Long Hữu" in footer(other) and "Long Hữu" not in footer(first)


def news_cards(html: str) -> list[str]:
    return re.findall(r"<article class=\"news-card.*?</article>", html, re.S)


def test_a_news_card_is_rendered_once_and_reused_by_the_next_page(client, site_identity, make_article):  # noqa: F811
    make_article("Hội nghị triển khai nhiệm vụ")
    make_article("Tập huấn báo cáo viên")
    first = news_cards(client.get("/tin-tuc/").content.decode())
    assert len(fragment_keys("news_card")) == 2
    assert news_cards(client.get("/tin-tuc/").content.decode()) == first
    assert len(fragment_keys("news_card")) == 2


def test_an_article_edit_shows_in_its_card_on_the_next_page(client, site_identity, make_article):  # noqa: F811
    article = make_article("Hội nghị triển khai nhiệm vụ")
    assert "Hội nghị triển khai nhiệm vụ" in "".join(news_cards(client.get("/tin-tuc/").content.decode()))
    assert "Hội nghị triển khai nhiệm vụ" in client.get("/").content.decode()
    article.title = "Hội nghị sơ kết sáu tháng"
    article.summary = "Tóm tắt đã sửa."
    article.save()
    cards = "".join(news_cards(client.get("/tin-tuc/").content.decode()))
    assert "Hội nghị sơ kết sáu tháng" in cards and "Tóm tắt đã sửa." in cards
    assert "Hội nghị triển khai nhiệm vụ" not in cards
    on_home = client.get("/").content.decode()
    assert "Hội nghị sơ kết sáu tháng" in on_home and "Hội nghị triển khai nhiệm vụ" not in on_home


def test_a_category_rename_shows_in_the_cards_of_the_next_page(client, site_identity, make_article, category):  # noqa: F811
    make_article("Hội nghị triển khai nhiệm vụ")
    assert category.name in "".join(news_cards(client.get("/tin-tuc/").content.decode()))
    category.name = "Hoạt động của Ban"
    category.save()
    assert "Hoạt động của Ban" in "".join(news_cards(client.get("/tin-tuc/").content.decode()))


def test_a_card_shown_two_ways_keeps_each_way(client, site_identity, make_article, category):  # noqa: F811
    make_article("Hội nghị triển khai nhiệm vụ")
    link = f'href="{category.get_absolute_url()}"'
    listed = news_cards(client.get("/tin-tuc/").content.decode())  # cards name their category
    in_category = news_cards(client.get(category.get_absolute_url()).content.decode())  # they need not
    assert link in listed[0]
    assert link not in in_category[0]
    assert news_cards(client.get("/tin-tuc/").content.decode()) == listed


def document_rows(html: str) -> list[str]:
    return re.findall(r"<tr>\s*<td class=\"doc-table__code\">.*?</tr>", html, re.S)


def filter_form(html: str) -> str:
    return re.search(r"<details class=\"doc-filter\".*?</details>", html, re.S).group(0)


def test_a_document_row_is_reused_and_an_edit_shows_in_it_at_once(client, site_identity, make_document):  # noqa: F811
    document = make_document(title="Kế hoạch tuyên truyền năm 2021")
    first = document_rows(client.get("/van-ban/").content.decode())
    assert len(fragment_keys("doc_row")) == 1
    assert document_rows(client.get("/van-ban/").content.decode()) == first
    assert len(fragment_keys("doc_row")) == 1
    document.title = "Kế hoạch tuyên truyền năm 2021 (sửa đổi)"
    document.save()
    assert "(sửa đổi)" in "".join(document_rows(client.get("/van-ban/").content.decode()))


def test_a_document_row_shows_the_status_of_its_day(client, site_identity, make_document, settings):  # noqa: F811
    settings.FRAGMENT_CACHE_SECONDS = 7 * 24 * 3600  # only the day may change the row, not its age
    make_document(title="Quy chế làm việc", effective_date=datetime.date(2030, 1, 2))
    with time_machine.travel(datetime.datetime(2030, 1, 1, 12, tzinfo=VIETNAM), tick=False):
        assert "Chưa hiệu lực" in "".join(document_rows(client.get("/van-ban/").content.decode()))
    with time_machine.travel(datetime.datetime(2030, 1, 2, 12, tzinfo=VIETNAM), tick=False):
        assert "Còn hiệu lực" in "".join(document_rows(client.get("/van-ban/").content.decode()))


def test_the_document_filter_form_shows_what_each_request_asked(client, site_identity, make_document):  # noqa: F811
    make_document()
    asked = filter_form(client.get("/van-ban/?q=tuyen+truyen").content.decode())
    plain = filter_form(client.get("/van-ban/").content.decode())
    other = filter_form(client.get("/van-ban/?q=ke+hoach").content.decode())
    assert 'value="tuyen truyen"' in asked and "đang lọc" in asked
    assert "value=" not in plain.split('name="q"')[1].split(">")[0] and "đang lọc" not in plain
    assert 'value="ke hoach"' in other


def member_cards(html: str) -> list[str]:
    return re.findall(r"<article class=\"member-card\">.*?</article>", html, re.S)


def test_a_member_card_is_reused_and_an_edit_shows_in_it(client, site_identity, make_person, appoint, roles):  # noqa: F811
    person = make_person("Phan Văn Nhặn")
    appoint(person, role="Thành viên")
    first = member_cards(client.get("/ban-chi-dao/").content.decode())
    assert len(first) == 1 and "Phan Văn Nhặn" in first[0]
    assert len(fragment_keys("member_card")) == 1
    assert member_cards(client.get("/ban-chi-dao/").content.decode()) == first
    assert len(fragment_keys("member_card")) == 1
    person.full_name = "Phan Văn Nhẫn"
    person.save()
    assert "Phan Văn Nhẫn" in member_cards(client.get("/ban-chi-dao/").content.decode())[0]
    role = roles["Thành viên"]
    role.name = "Ủy viên"
    role.save()
    assert "Ủy viên" in member_cards(client.get("/ban-chi-dao/").content.decode())[0]


def committee_page(html: str) -> str:
    return re.search(r"<article class=\"committee\">.*</article>", html, re.S).group(0)


def test_organisation_page_reused_without_a_query(client, site_identity, make_person, appoint, settings):  # noqa: F811
    """Its key holds all it depends on, so it outlives the short fragments and whole pages."""
    settings.FRAGMENT_CACHE_SECONDS = 10
    appoint(make_person("Phan Văn Nhặn"), role="Trưởng ban")
    with time_machine.travel(datetime.datetime(2030, 1, 1, 10, tzinfo=VIETNAM), tick=False):
        first = client.get("/ban-chi-dao/").content.decode()
    assert len(fragment_keys("organisation")) == 1
    with time_machine.travel(datetime.datetime(2030, 1, 1, 10, 30, tzinfo=VIETNAM), tick=False):
        with CaptureQueriesContext(connection) as ctx:
            again = client.get("/ban-chi-dao/").content.decode()
    assert [q["sql"] for q in ctx.captured_queries if '"committee_' in q["sql"]] == []
    assert committee_page(again) == committee_page(first)


def test_organisation_edits_show_on_the_next_page(client, site_identity, make_person, appoint, units):  # noqa: F811
    person = make_person("Phan Văn Nhặn")
    appoint(person, role="Trưởng ban")
    client.get("/ban-chi-dao/")
    person.full_name = "Phan Văn Nhẫn"
    person.save()
    html = client.get("/ban-chi-dao/").content.decode()
    assert "Phan Văn Nhẫn" in html and "Phan Văn Nhặn" not in html  # chart and card
    appoint(make_person("Lê Thị Hoa"), role="Thành viên")
    html = client.get("/ban-chi-dao/").content.decode()
    assert "Lê Thị Hoa" in html and "(2 người)" in html
    steering = units["steering"]
    steering.description = "<p>Tham mưu cho cấp ủy về bảo vệ nền tảng tư tưởng.</p>"
    steering.save()
    assert "về bảo vệ nền tảng tư tưởng" in client.get("/ban-chi-dao/").content.decode()
    identity = SiteSettings.load()
    identity.short_name = "Ban Chỉ đạo 35 xã Mẫu Sơn"
    identity.save()
    assert "<h1>Ban Chỉ đạo 35 xã Mẫu Sơn</h1>" in client.get("/ban-chi-dao/").content.decode()


def test_the_organisation_page_shows_its_day(client, site_identity, make_person, appoint, settings):  # noqa: F811
    settings.FRAGMENT_CACHE_SECONDS = 7 * 24 * 3600  # only the day may change the page, not its age
    appoint(make_person("Người Mãn Nhiệm"), end=datetime.date(2030, 1, 2))
    appoint(make_person("Người Mới Đến"), start=datetime.date(2030, 1, 2))
    with time_machine.travel(datetime.datetime(2030, 1, 1, 23, 50, tzinfo=VIETNAM), tick=False):
        html = client.get("/ban-chi-dao/").content.decode()
        assert "Người Mãn Nhiệm" in html and "Người Mới Đến" not in html
    with time_machine.travel(datetime.datetime(2030, 1, 2, 0, 10, tzinfo=VIETNAM), tick=False):
        html = client.get("/ban-chi-dao/").content.decode()
        assert "Người Mới Đến" in html and "Người Mãn Nhiệm" not in html
