"""What staff change in the menu, the links and the site identity shows on every page at once.

These rows are kept in named keys besides the page cache. Every test warms both, as a
citizen's visit would, then writes as staff do (in bulk through the admin, or by a queryset
update that sends no model signal) and reads the page again.
"""

import pytest

from pages.models import MenuItem, Page, SiteSettings, WebLink
from tests.admin_writes import bulk_delete, warm

pytestmark = pytest.mark.django_db

PAGE = "/gioi-thieu/"


@pytest.fixture(autouse=True)
def _page_cache_on(settings, site_identity):
    settings.PAGE_CACHE_SECONDS = 15
    Page.objects.create(slug="gioi-thieu", title="Giới thiệu", body="<p>Ban Chỉ đạo 35.</p>")


def _menu_item():
    return [MenuItem.objects.create(title="Mục Hỏi đáp", url="/hoi-dap/")], PAGE, "Mục Hỏi đáp"


def _web_link():
    link = WebLink.objects.create(title="Cổng thông tin tỉnh Mẫu", url="https://mau.gov.vn/")
    return [link], PAGE, "Cổng thông tin tỉnh Mẫu"


BULK_DELETES = {
    "menu item": (MenuItem, _menu_item),
    "web link": (WebLink, _web_link),
}


@pytest.mark.parametrize("case", BULK_DELETES, ids=list(BULK_DELETES))
def test_bulk_delete_in_the_admin_shows_on_the_public_page_at_once(case, citizen, admin_client_):
    model, make = BULK_DELETES[case]
    objects, url, marker = make()
    assert marker in warm(citizen, url)
    bulk_delete(admin_client_, model, objects)
    response = citizen.get(url)
    assert response.status_code == 404 or marker not in response.content.decode()


def test_a_queryset_update_of_the_menu_shows_on_every_page_at_once(citizen):
    item = MenuItem.objects.create(title="Hỏi đáp", url="/hoi-dap/")
    assert "Hỏi đáp" in warm(citizen, PAGE)
    MenuItem.objects.filter(pk=item.pk).update(title="Trả lời bạn đọc")
    assert "Trả lời bạn đọc" in citizen.get(PAGE).content.decode()


def test_a_queryset_update_of_the_site_identity_shows_at_once(citizen):
    warm(citizen, PAGE)
    SiteSettings.objects.update(short_name="Ban Chỉ đạo 35 xã Mẫu Mới")
    assert "Ban Chỉ đạo 35 xã Mẫu Mới" in citizen.get(PAGE).content.decode()
