"""Sơ đồ cổng: an HTML page for people that reaches every section, category, committee unit and
static page; /sitemap.xml lists the unit pages; the English page marks its Vietnamese frame."""

import re

import pytest

from committee.models import Unit
from news.models import Category
from pages.models import Page


@pytest.fixture
def site_content(db, site_identity):
    steering = Unit.objects.create(name="Ban Chỉ đạo", kind=Unit.Kind.STEERING)
    Unit.objects.create(name="Tổ giúp việc", kind=Unit.Kind.SECRETARIAT, parent=steering)
    Category.objects.create(name="Tin hoạt động", slug="tin-hoat-dong")
    Page.objects.create(title="Giới thiệu", slug="gioi-thieu", body="<p>Giới thiệu</p>")
    Page.objects.create(title="About", slug="about", body="<p>About us</p>", language=Page.Language.EN)


def _hrefs(html: str) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', html))


def test_site_map_page_links_to_every_section_category_unit_and_page(citizen, site_content):
    response = citizen.get("/so-do-cong/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    main = html.split('<main id="noi-dung"')[1].split("</main>")[0]
    expected = {"/", "/tin-tuc/", "/van-ban/", "/ban-chi-dao/", "/ban-chi-dao/qua-cac-thoi-ky/", "/tim-kiem/"}
    expected |= {c.get_absolute_url() for c in Category.objects.all()}
    expected |= {u.get_absolute_url() for u in Unit.objects.all()}
    expected |= {p.get_absolute_url() for p in Page.objects.all()}
    assert expected <= _hrefs(main), expected - _hrefs(main)


def test_footer_links_to_the_site_map_page_not_the_xml(citizen, site_content):
    html = citizen.get("/").content.decode()
    footer = html.split("<footer")[1]
    assert 'href="/so-do-cong/"' in footer and "sitemap.xml" not in footer


def test_sitemap_xml_and_organisation_page_link_every_unit_page(citizen, site_content):
    xml = citizen.get("/sitemap.xml").content.decode()
    organisation = citizen.get("/ban-chi-dao/").content.decode()
    for unit in Unit.objects.all():
        assert f"{unit.get_absolute_url()}</loc>" in xml, unit
        assert f'href="{unit.get_absolute_url()}"' in organisation, unit
        assert citizen.get(unit.get_absolute_url()).status_code == 200


def test_english_page_marks_its_vietnamese_header_menu_sidebar_and_footer(citizen, site_content):
    html = citizen.get("/en/about/").content.decode()
    assert '<html lang="en"' in html
    for opening in ('<header class="site-header"', '<aside class="sidebar"', '<footer class="site-footer"'):
        tag = html.split(opening)[1].split(">")[0]
        assert 'lang="vi"' in tag, opening
    # On Vietnamese pages the frame inherits the page's language.
    assert '<header class="site-header">' in citizen.get("/gioi-thieu/").content.decode()
