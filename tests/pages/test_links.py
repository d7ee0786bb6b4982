"""Menu items, related websites and the site's own links: only web addresses and portal paths."""

import importlib

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import ValidationError

from ops.links import MESSAGE
from pages.models import MenuItem, SiteSettings, WebLink

pytestmark = pytest.mark.django_db

neutralise = importlib.import_module("pages.migrations.0004_neutralise_unsafe_links").neutralise


@pytest.mark.parametrize("url", ["javascript:alert(1)", "java\tscript:alert(1)", "&#106;avascript:alert(1)"])
def test_a_script_link_in_the_menu_is_refused_in_vietnamese(url):
    item = MenuItem(title="Văn bản", url=url)
    with pytest.raises(ValidationError) as exc:
        item.full_clean()
    assert exc.value.message_dict == {"url": [MESSAGE]}


def test_site_links_refuse_data_and_protocol_relative_addresses(site_identity):
    site_identity.fanpage_url = "data:text/html;base64,PHNjcmlwdD4="
    site_identity.tracking_script_url = "//evil.example/emc.js"
    with pytest.raises(ValidationError) as exc:
        site_identity.full_clean()
    assert exc.value.message_dict == {"fanpage_url": [MESSAGE], "tracking_script_url": [MESSAGE]}


def test_portal_paths_and_web_addresses_are_accepted(site_identity):
    MenuItem(title="Văn bản", url="/van-ban/").full_clean()
    WebLink(title="Chính phủ", url="https://chinhphu.vn/").full_clean()
    site_identity.fanpage_url = "https://www.facebook.com/bcd35.duyenhai"
    site_identity.full_clean()


def test_the_migration_empties_and_hides_stored_script_links_and_keeps_the_rest(site_identity):
    bad_menu = MenuItem.objects.create(title="Độc hại", url="/tam/", order=50)
    good_menu = MenuItem.objects.create(title="Văn bản", url="/van-ban/", order=51)
    bad_link = WebLink.objects.create(title="Trang lạ", url="https://tam.example/")
    MenuItem.objects.filter(pk=bad_menu.pk).update(url="JaVaScRiPt:alert(1)")
    WebLink.objects.filter(pk=bad_link.pk).update(url="data:text/html,<script>alert(1)</script>")
    SiteSettings.objects.update(
        fanpage_url="vbscript:msgbox(1)", tracking_script_url="https://emc.gov.vn/e.js"
    )

    neutralise(apps, None)

    bad_menu.refresh_from_db()
    bad_link.refresh_from_db()
    assert (bad_menu.title, bad_menu.url, bad_menu.is_visible) == ("Độc hại", "", False)
    assert (bad_link.url, bad_link.is_visible) == ("", False)
    assert MenuItem.objects.get(pk=good_menu.pk).is_visible
    site = SiteSettings.objects.get()
    assert (site.fanpage_url, site.tracking_script_url) == ("", "https://emc.gov.vn/e.js")


def test_pages_never_print_a_script_link_stored_before_validation(site_identity, citizen):
    MenuItem.objects.create(title="Mục độc hại", url="/tam/")
    MenuItem.objects.filter(title="Mục độc hại").update(url="javascript:alert(1)")
    SiteSettings.objects.update(
        fanpage_url="data:text/html,<script>alert(1)</script>", tracking_script_url="//evil.example/x.js"
    )
    cache.clear()  # update() skips the writes that invalidate the cached menu and settings
    html = citizen.get("/").content.decode()
    assert "Mục độc hại" not in html
    assert "javascript:" not in html and "data:text/html" not in html and "evil.example" not in html
    assert 'href="/van-ban/"' in html  # the rest of the menu is still there
