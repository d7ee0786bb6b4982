"""The public shell: every page has the Vietnamese landmarks, identity and exactly one <h1>."""

import re

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_pages(db):
    from demo import pages as demo

    class _Out:
        def write(self, *_):
            pass

    demo.load(_Out())


SHELL_URLS = ["/", "/gioi-thieu/", "/lien-he/", "/ban-do-hanh-chinh/", "/en/about/"]


@pytest.mark.parametrize("url", SHELL_URLS)
def test_shell_page_has_landmarks_identity_and_one_h1(citizen, demo_pages, url):
    response = citizen.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert '<html lang="vi"' in html or '<html lang="en"' in html
    assert 'class="skip-link" href="#noi-dung"' in html
    assert '<main id="noi-dung"' in html
    assert 'aria-label="Menu chính"' in html
    assert 'role="search"' in html
    assert "Ban Chỉ đạo 35 huyện Duyên Hải" in html
    assert "Huyện ủy Duyên Hải" in html
    for label in ["Trang chủ", "Giới thiệu", "Tin tức – Sự kiện", "Ban Chỉ đạo", "Văn bản", "Liên hệ"]:
        assert f">{label}</a>" in html
    assert "Bản đồ hành chính" in html and "Liên kết trang web" in html
    assert 'data-font="1"' in html and "data-contrast" in html


def test_identity_is_configuration_and_edits_show_at_once(citizen, demo_pages):
    from pages.models import Level, SiteSettings

    site = SiteSettings.objects.get()
    site.level, site.locality = Level.COMMUNE, "Long Hữu"
    site.short_name, site.parent_body = "Ban Chỉ đạo 35 xã Long Hữu", "Đảng ủy xã Long Hữu"
    site.full_name = "Ban Chỉ đạo bảo vệ nền tảng tư tưởng của Đảng xã Long Hữu"
    site.save()
    html = citizen.get("/").content.decode()
    assert "Ban Chỉ đạo 35 xã Long Hữu" in html
    assert "Đảng ủy xã Long Hữu" in html
    assert "huyện Duyên Hải" not in html.split("<main")[0]  # header no longer says "huyện"


def test_contact_page_shows_the_named_contact_person(citizen, demo_pages):
    html = citizen.get("/lien-he/").content.decode()
    assert "Người đầu mối" in html
    assert "Nguyễn Thị Mẫu" in html
    assert "Phó Trưởng Ban Tuyên giáo và Dân vận Huyện ủy" in html
    assert "Ban Tuyên giáo và Dân vận Huyện ủy Duyên Hải" in html


def test_english_about_page_is_marked_english(citizen, demo_pages):
    html = citizen.get("/en/about/").content.decode()
    assert '<html lang="en"' in html
    assert "Contact person" in html


def test_static_page_body_is_sanitised_on_save(demo_pages):
    from pages.models import Page

    page = Page.objects.get(slug="gioi-thieu")
    page.body = '<p onclick="steal()">Xin chào<script>alert(1)</script></p><iframe src="//x"></iframe>'
    page.save()
    page.refresh_from_db()
    assert page.body == "<p>Xin chào</p>"


def test_unpublished_static_page_is_404(citizen, demo_pages):
    from pages.models import Page

    Page.objects.filter(slug="gioi-thieu").update(is_published=False)
    assert citizen.get("/gioi-thieu/").status_code == 404


def test_menu_is_editable_in_the_admin_data(citizen, demo_pages):
    from pages.models import MenuItem

    MenuItem.objects.create(title="Lịch công tác", url="/lich-cong-tac/", order=99)
    assert ">Lịch công tác</a>" in citizen.get("/").content.decode()


def test_load_demo_twice_changes_nothing(db):
    from pages.models import MenuItem, Page, WebLink

    call_command("load_demo", stdout=open("/dev/null", "w"))
    counts = (MenuItem.objects.count(), Page.objects.count(), WebLink.objects.count())
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert (MenuItem.objects.count(), Page.objects.count(), WebLink.objects.count()) == counts


def test_favicon_points_at_the_static_icon(citizen):
    response = citizen.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith(".svg")
