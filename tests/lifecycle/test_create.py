"""Creating a committee's site in one step, from the official list of administrative units."""

import pytest
from django.contrib.sites.models import Site
from django.core.management import CommandError, call_command

from committee.models import Role
from documents.models import DocumentType
from lifecycle.units import derived_identity, find_unit, search_units, suggested_host
from network.api import working_on
from network.models import Committee, SiteRole
from news.models import Category
from pages.models import MenuItem, Page, SiteSettings
from questions.models import Topic
from stats.counter import compute_numbers

pytestmark = pytest.mark.django_db


def test_the_official_list_has_every_province_and_commune_since_july_2025():
    from lifecycle.units import all_units

    units = all_units().values()
    assert sum(u.is_province for u in units) == 34
    assert sum(not u.is_province for u in units) == 3321
    hosts = [suggested_host(u) for u in units]
    assert len(hosts) == len(set(hosts))  # every unit gets an address of its own


def test_a_commune_gives_its_names_level_and_address():
    unit = find_unit("29518")
    assert unit.full_name == "xã Long Hữu" and unit.province_name == "Vĩnh Long"
    assert suggested_host(unit) == "longhuu.vinhlong.gov.vn"
    identity = derived_identity(unit)
    assert identity["short_name"] == "Ban Chỉ đạo 35 xã Long Hữu"
    assert identity["level"] == "xa" and identity["parent_body"] == "Đảng ủy xã Long Hữu"
    assert derived_identity(find_unit("86"))["parent_body"] == "Tỉnh ủy Vĩnh Long"
    assert [u.code for u in search_units("long hữu")][0] == "29518"


def test_create_committee_makes_a_working_site_under_its_province(client, django_user_model):
    call_command("create_committee", "--unit", "86", "--host", "vinhlong.test")
    editor = django_user_model.objects.create_user(
        "bientap-xa", password="Mat-khau-rat-dai-2026!", is_staff=True
    )
    from tests.conftest import _ensure_groups

    _ensure_groups()
    call_command(
        "create_committee",
        "--unit",
        "29518",
        "--host",
        "longhuu.test",
        "--editor",
        "bientap-xa",
        "--carried-visits",
        "12345",
        "--carried-as-of",
        "30/06/2025",
    )
    site = Site.objects.get(domain="longhuu.test")
    committee = Committee.objects.get(site=site)
    assert committee.parent.site.domain == "vinhlong.test"
    assert committee.unit_code == "29518"
    with working_on(site):
        assert SiteSettings.objects.get().short_name == "Ban Chỉ đạo 35 xã Long Hữu"
        assert MenuItem.objects.count() == 7 and Page.objects.filter(slug="lien-he").exists()
        assert MenuItem.objects.filter(url="/hoi-dap/").exists() and Topic.objects.count() == 4
        assert Category.objects.count() >= 4 and DocumentType.objects.filter(name="Kế hoạch").exists()
        assert Role.objects.filter(name="Trưởng ban").exists()
        assert compute_numbers(site_id=site.pk).total == 12345
    assert SiteRole.objects.filter(user=editor, site=site, group__name="Biên tập viên").exists()
    home = client.get("/", HTTP_HOST="longhuu.test")
    assert home.status_code == 200
    assert "Ban Chỉ đạo 35 xã Long Hữu" in home.content.decode()
    assert client.get("/lien-he/", HTTP_HOST="longhuu.test").status_code == 200


@pytest.mark.parametrize(
    "args,message",
    [
        (["--unit", "99999"], "Không có đơn vị hành chính mã 99999"),
        (["--unit", "29518", "--host", "localhost"], "đã thuộc một cổng khác"),
        (["--unit", "29518", "--host", "khong hop le"], "không phải là tên miền hợp lệ"),
        (["--unit", "29518", "--editor", "khong-co"], "Không có tài khoản"),
        ([], "Cần --unit"),
    ],
)
def test_bad_input_gets_a_vietnamese_error_and_creates_nothing(args, message):
    sites = Site.objects.count()
    with pytest.raises(CommandError, match=message):
        call_command("create_committee", *args)
    assert Site.objects.count() == sites
