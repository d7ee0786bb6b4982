"""The platform administrator's pages: create a site from the unit list, merge with a dry run
first, archive; no one else reaches them."""

import pytest
from django.contrib.sites.models import Site

from network.models import Committee, Status
from tests.conftest import login_staff

from .test_merge import counts, pair  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db
ADD = "/quan-tri/sites/site/add/"


def test_the_administrator_finds_a_unit_and_gets_its_fields_filled_in(admin_client_):
    found = admin_client_.get(ADD, {"tim": "long hữu"}).content.decode()
    assert "Xã Long Hữu (29518), tỉnh Vĩnh Long" in found
    filled = admin_client_.get(ADD, {"don_vi": "29518"}).content.decode()
    assert 'value="longhuu.vinhlong.gov.vn"' in filled
    assert 'value="Ban Chỉ đạo 35 xã Long Hữu"' in filled
    assert 'value="Đảng ủy xã Long Hữu"' in filled


def test_saving_the_form_creates_the_site_and_a_bad_host_loses_nothing(admin_client_):
    data = {
        "unit_code": "29518",
        "host": "longhuu.test",
        "aliases": "bcd35.longhuu.test",
        "short_name": "Ban Chỉ đạo 35 xã Long Hữu",
        "full_name": "Ban Chỉ đạo 35 xã Long Hữu (tên đầy đủ)",
        "level": "xa",
        "locality": "Long Hữu",
        "parent_body": "Đảng ủy xã Long Hữu",
        "carried_visits": "0",
    }
    refused = admin_client_.post(ADD, {**data, "host": "không hợp lệ"})
    assert refused.status_code == 200
    assert "không phải là tên miền hợp lệ" in refused.content.decode()
    assert 'value="Ban Chỉ đạo 35 xã Long Hữu (tên đầy đủ)"' in refused.content.decode()  # kept
    assert not Site.objects.filter(name="Ban Chỉ đạo 35 xã Long Hữu").exists()
    created = admin_client_.post(ADD, data)
    site = Site.objects.get(domain="longhuu.test")
    assert created.status_code == 302 and created["Location"].endswith(f"/sites/site/{site.pk}/change/")
    assert Committee.objects.get(site=site).unit_code == "29518"
    assert admin_client_.get("/", HTTP_HOST="bcd35.longhuu.test").status_code == 200


def test_a_merge_in_the_admin_is_tried_first_then_made(admin_client_, pair):  # noqa: F811
    old, new = pair
    url = f"/quan-tri/sites/site/{old.pk}/hop-nhat/"
    before = counts(old), counts(new)
    tried = admin_client_.post(url, {"new": new.pk})
    assert "Kết quả chạy thử" in tried.content.decode()
    assert (counts(old), counts(new)) == before
    made = admin_client_.post(url, {"new": new.pk, "confirm": "on"})
    assert made.status_code == 302
    assert counts(old)["articles"] == 0 and counts(new)["articles"] == 2
    assert Committee.objects.get(site=old).status == Status.MERGED


def test_archiving_from_the_list(admin_client_, pair):  # noqa: F811
    old, _ = pair
    admin_client_.post("/quan-tri/sites/site/", {"action": "archive_sites", "_selected_action": [old.pk]})
    assert Committee.objects.get(site=old).status == Status.ARCHIVED


@pytest.mark.parametrize("url", [ADD, "/quan-tri/sites/site/", "/quan-tri/sites/site/1/hop-nhat/"])
def test_staff_of_a_site_never_reach_the_platform_pages(secretary_user, url):
    from django.test import Client

    client = login_staff(Client(), secretary_user)
    assert client.get(url).status_code == 403


def test_a_site_cannot_be_marked_merged_by_hand(admin_client_, pair):  # noqa: F811
    old, _ = pair
    committee = Committee.objects.get(site=old)
    committee.status = Status.MERGED
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="hợp nhất"):
        committee.full_clean()
