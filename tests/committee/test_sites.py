"""Every committee's site has its own members, units, roles, appointments and kiện toàn.

Site 1 (testserver) is the install's own committee; `other_site` is Ban Chỉ đạo 35 xã Long Hữu
at longhuu.test. Its rows are made inside `working_on(other_site)`, as its own staff and
commands make them.
"""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client

from committee.models import Appointment, Person, Reorganisation, Role, Unit
from committee.sitemaps import PersonSitemap, UnitSitemap
from network.api import all_sites, working_on
from network.models import SiteRole
from tests.conftest import give_role, login_staff

pytestmark = pytest.mark.django_db
D = datetime.date
OTHER = {"HTTP_HOST": "longhuu.test"}
ADMIN = "/quan-tri/committee/"
REORGANISE = f"{ADMIN}appointment/kien-toan/"
ORGANISATION = "/ban-chi-dao/"
HISTORY = "/ban-chi-dao/qua-cac-thoi-ky/"


@pytest.fixture
def longhuu(other_site):
    """Long Hữu's committee: its own unit, role, a current member and a former one."""
    with working_on(other_site):
        unit = Unit.objects.create(name="Ban Chỉ đạo", slug="ban-chi-dao", kind=Unit.Kind.STEERING)
        team = Unit.objects.create(name="Tổ giúp việc xã", slug="to-giup-viec-xa", parent=unit, order=1)
        head = Role.objects.create(name="Trưởng ban", rank=10)
        person = Person.objects.create(full_name="Huỳnh Văn Hữu", main_position="Bí thư Đảng ủy xã")
        former = Person.objects.create(full_name="Đặng Thị Lụa", main_position="Nguyên Phó Chủ tịch UBND xã")
        appointment = Appointment.objects.create(
            person=person, unit=unit, role=head, start_date=D(2024, 1, 5)
        )
        Appointment.objects.create(person=person, unit=team, role=head, start_date=D(2024, 1, 5))
        ended = Appointment.objects.create(
            person=former, unit=unit, role=head, start_date=D(2021, 3, 1), end_date=D(2024, 1, 5)
        )
    return {
        "site": other_site,
        "unit": unit,
        "team": team,
        "role": head,
        "person": person,
        "former": former,
        "appointment": appointment,
        "ended": ended,
    }


@pytest.fixture
def home(make_person, appoint, site_identity):
    """Site 1's committee: its chair and a former member."""
    chair = make_person("Phan Văn Nhặn", main_position="Phó Bí thư Thường trực Huyện ủy")
    former = make_person("Lê Hoàng Phúc", main_position="Nguyên Phó Chủ tịch UBND")
    return {
        "chair": chair,
        "appointment": appoint(chair, role="Trưởng ban"),
        "former": former,
        "ended": appoint(former, role="Phó Trưởng ban", end=D(2023, 7, 14)),
    }


def _text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


# --- (1) public pages -----------------------------------------------------------------------------
def test_rows_belong_to_the_site_they_were_made_on(longhuu, home):
    site_id = longhuu["site"].pk
    for key in ["unit", "team", "role", "person", "appointment", "ended"]:
        assert longhuu[key].site_id == site_id
    assert home["chair"].site_id == home["appointment"].site_id == 1
    # Site 1's work sees only its own rows; Long Hữu's only Long Hữu's.
    assert not Person.objects.filter(pk=longhuu["person"].pk).exists()
    assert not Unit.objects.filter(slug="to-giup-viec-xa").exists()
    with working_on(longhuu["site"]):
        assert set(Person.objects.all()) == {longhuu["former"], longhuu["person"]}
        assert list(Role.objects.all()) == [longhuu["role"]]
        assert Appointment.objects.count() == 3


def test_another_sites_members_never_appear_on_this_sites_organisation_pages(citizen, longhuu, home):
    for url in [ORGANISATION, HISTORY]:
        html = _text(citizen.get(url))
        assert "Huỳnh Văn Hữu" not in html and "Đặng Thị Lụa" not in html and "Tổ giúp việc xã" not in html
    assert "Phan Văn Nhặn" in _text(citizen.get(ORGANISATION))
    assert "Lê Hoàng Phúc" in _text(citizen.get(HISTORY))
    assert citizen.get(f"{ORGANISATION}thanh-vien/{longhuu['person'].slug}/").status_code == 404
    assert citizen.get(f"{ORGANISATION}don-vi/to-giup-viec-xa/").status_code == 404


def test_the_other_site_shows_its_own_members_and_none_of_site_one(citizen, longhuu, home):
    organisation = _text(citizen.get(ORGANISATION, **OTHER))
    assert "Huỳnh Văn Hữu" in organisation and "Bí thư Đảng ủy xã" in organisation
    assert "Tổ giúp việc xã" in organisation
    assert "Phan Văn Nhặn" not in organisation
    history = _text(citizen.get(HISTORY, **OTHER))
    assert "Đặng Thị Lụa" in history and "Lê Hoàng Phúc" not in history
    person = _text(citizen.get(f"{ORGANISATION}thanh-vien/{longhuu['person'].slug}/", **OTHER))
    assert "Huỳnh Văn Hữu" in person
    assert "Huỳnh Văn Hữu" in _text(citizen.get(f"{ORGANISATION}don-vi/to-giup-viec-xa/", **OTHER))
    assert citizen.get(f"{ORGANISATION}thanh-vien/{home['chair'].slug}/", **OTHER).status_code == 404


def test_the_same_unit_slug_leads_to_each_sites_own_unit(citizen, longhuu, home, units):
    # Both sites have a unit at /ban-chi-dao/don-vi/ban-chi-dao/: each page shows its own members.
    here = _text(citizen.get(f"{ORGANISATION}don-vi/ban-chi-dao/"))
    there = _text(citizen.get(f"{ORGANISATION}don-vi/ban-chi-dao/", **OTHER))
    assert "Phan Văn Nhặn" in here and "Huỳnh Văn Hữu" not in here
    assert "Huỳnh Văn Hữu" in there and "Phan Văn Nhặn" not in there


def test_a_cached_organisation_page_is_never_served_to_the_other_site(citizen, longhuu, home):
    # Anonymous pages are cached: the second visit of each host must still get its own.
    for _ in range(2):
        assert "Huỳnh Văn Hữu" not in _text(citizen.get(ORGANISATION))
        assert "Phan Văn Nhặn" not in _text(citizen.get(ORGANISATION, **OTHER))


def test_sitemaps_list_only_the_sites_own_people_and_units(longhuu, home):
    assert {p.full_name for p in PersonSitemap().items()} == {"Lê Hoàng Phúc", "Phan Văn Nhặn"}
    assert "to-giup-viec-xa" not in [u.slug for u in UnitSitemap().items()]
    with working_on(longhuu["site"]):
        assert {p.full_name for p in PersonSitemap().items()} == {"Huỳnh Văn Hữu", "Đặng Thị Lụa"}
        assert [u.slug for u in UnitSitemap().items()] == ["ban-chi-dao", "to-giup-viec-xa"]


def test_a_photo_is_stored_under_its_sites_folder(longhuu):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .conftest import jpeg_bytes

    with working_on(longhuu["site"]):
        person = longhuu["person"]
        person.photo = SimpleUploadedFile("chan-dung.jpg", jpeg_bytes(), content_type="image/jpeg")
        person.save()
    assert person.photo.name.startswith(f"sites/{longhuu['site'].pk}/committee/people/")


# --- (2) unique per site ----------------------------------------------------------------------
def test_the_same_person_slug_is_allowed_on_two_sites_and_refused_twice_on_one(other_site, make_person):
    make_person("Phan Văn Nhặn")
    with working_on(other_site):
        there = Person.objects.create(full_name="Phan Văn Nhặn")
    # Made from the name: the same address on each site, no "-2" for another committee's member.
    assert there.slug == "phan-van-nhan"
    assert make_person("Phan Văn Nhặn").slug == "phan-van-nhan-2"

    duplicate = Person(full_name="Phan Văn Nhặn", slug="phan-van-nhan")
    with pytest.raises(ValidationError) as refused:
        duplicate.full_clean()
    assert refused.value.messages == ["Đã có thành viên với đường dẫn này trên cổng."]
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
    with working_on(other_site):
        Person(full_name="Phan Văn Nhặn", slug="phan-van-nhan-2").full_clean()  # free there


def test_the_same_role_name_is_allowed_on_two_sites_and_refused_twice_on_one(other_site, roles):
    assert "Trưởng ban" in roles  # site 1's, from the data migration
    with working_on(other_site):
        Role(name="Trưởng ban", rank=10).full_clean()
        Role.objects.create(name="Trưởng ban", rank=10)
        with pytest.raises(ValidationError) as refused:
            Role(name="Trưởng ban", rank=15).full_clean()
    assert refused.value.messages == ["Đã có chức danh với tên này trên cổng."]
    with pytest.raises(ValidationError) as refused:
        Role(name="Trưởng ban").full_clean()
    assert refused.value.messages == ["Đã có chức danh với tên này trên cổng."]
    with all_sites():
        assert Role.objects.filter(name="Trưởng ban").count() == 2


def test_the_unit_slug_is_unique_per_site(other_site, units):
    with working_on(other_site):
        Unit(name="Ban Chỉ đạo", slug="ban-chi-dao").full_clean()
    with pytest.raises(ValidationError) as refused:
        Unit(name="Ban Chỉ đạo", slug="ban-chi-dao").full_clean()
    assert refused.value.messages == ["Đã có đơn vị với đường dẫn này trên cổng."]


def test_the_admin_form_says_why_a_taken_slug_or_role_name_is_refused(secretary, make_person, roles):
    make_person("Phan Văn Nhặn")
    response = secretary.post(
        f"{ADMIN}person/add/",
        {
            "honorific": "Đồng chí",
            "full_name": "Phan Văn Nhặn",
            "slug": "phan-van-nhan",
            "main_position": "",
            "biography": "",
            "phone": "",
            "email": "",
            "appointments-TOTAL_FORMS": "0",
            "appointments-INITIAL_FORMS": "0",
            "appointments-MIN_NUM_FORMS": "0",
            "appointments-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 200
    assert "Đã có thành viên với đường dẫn này trên cổng." in response.content.decode()
    response = secretary.post(f"{ADMIN}role/add/", {"name": "Trưởng ban", "rank": "10"})
    assert response.status_code == 200
    assert "Đã có chức danh với tên này trên cổng." in response.content.decode()
    assert Person.objects.count() == 1 and Role.objects.filter(name="Trưởng ban").count() == 1


def test_an_appointment_cannot_link_rows_of_another_site(longhuu, home, roles, units):
    """Even a platform administrator, who sees every site's rows, cannot mix two committees."""
    appointment = Appointment(
        person=home["chair"], unit=longhuu["unit"], role=longhuu["role"], start_date=D(2025, 1, 1)
    )
    with pytest.raises(ValidationError) as refused:
        appointment.full_clean()
    assert refused.value.message_dict["unit"] == ["“Ban Chỉ đạo” thuộc cổng của một Ban Chỉ đạo khác."]
    assert refused.value.message_dict["role"] == ["“Trưởng ban” thuộc cổng của một Ban Chỉ đạo khác."]
    unit = Unit(name="Tổ mới", parent=longhuu["unit"])
    with pytest.raises(ValidationError) as refused:
        unit.full_clean()
    assert "thuộc cổng của một Ban Chỉ đạo khác" in refused.value.message_dict["parent"][0]


def test_an_appointment_belongs_to_its_members_site(longhuu, roles, units):
    # Saved from site 1's work (a platform command), it still takes its member's site.
    with all_sites():
        appointment = Appointment.objects.create(
            person=longhuu["former"], unit=longhuu["team"], role=longhuu["role"], start_date=D(2025, 1, 1)
        )
    assert appointment.site_id == longhuu["site"].pk


# --- (3) a secretary of site 1 and the other site's rows ---------------------------------------
def _person_post(person: Person) -> dict:
    return {
        "honorific": "Ông",
        "full_name": "Tên Bị Sửa",
        "slug": "ten-bi-sua",
        "main_position": "",
        "biography": "",
        "phone": "",
        "email": "",
        "appointments-TOTAL_FORMS": "0",
        "appointments-INITIAL_FORMS": "0",
        "appointments-MIN_NUM_FORMS": "0",
        "appointments-MAX_NUM_FORMS": "1000",
    }


def _unchanged(longhuu) -> None:
    with working_on(longhuu["site"]):
        person = Person.objects.get(pk=longhuu["person"].pk)
        appointment = Appointment.objects.get(pk=longhuu["appointment"].pk)
        assert (person.full_name, person.slug) == ("Huỳnh Văn Hữu", longhuu["person"].slug)
        assert (appointment.end_date, appointment.ended_by_id, appointment.role_id) == (
            None,
            None,
            longhuu["role"].pk,
        )
        assert Person.objects.count() == 2 and Appointment.objects.count() == 3
        assert not Reorganisation.objects.exists()


@pytest.mark.parametrize("model", ["person", "appointment", "unit", "role"])
def test_secretary_gets_403_on_another_sites_change_and_delete_pages(secretary, longhuu, model):
    pk = longhuu[model].pk
    assert secretary.get(f"{ADMIN}{model}/{pk}/change/").status_code == 403
    assert secretary.get(f"{ADMIN}{model}/{pk}/delete/").status_code == 403
    assert secretary.post(f"{ADMIN}{model}/{pk}/delete/", {"post": "yes"}).status_code == 403
    assert secretary.get(f"{ADMIN}{model}/{pk}/history/").status_code in (403, 404)
    _unchanged(longhuu)


def test_a_forged_change_of_another_sites_person_changes_nothing(secretary, longhuu):
    response = secretary.post(
        f"{ADMIN}person/{longhuu['person'].pk}/change/", _person_post(longhuu["person"])
    )
    assert response.status_code == 403
    _unchanged(longhuu)


def test_a_forged_change_of_another_sites_appointment_changes_nothing(secretary, longhuu, home, roles):
    a = longhuu["appointment"]
    response = secretary.post(
        f"{ADMIN}appointment/{a.pk}/change/",
        {
            "person": home["chair"].pk,
            "unit": longhuu["unit"].pk,
            "role": roles["Thành viên"].pk,
            "start_date": "2024-01-05",
            "end_date": "2024-06-01",
            "decision": "",
            "decision_text": "",
            "duties": "",
            "order": "0",
        },
    )
    assert response.status_code == 403
    _unchanged(longhuu)


def test_changelists_and_choices_show_only_the_sites_own_rows(secretary, longhuu, home):
    people = secretary.get(f"{ADMIN}person/").context["cl"].result_list
    assert list(people) == [home["former"], home["chair"]]
    appointments = secretary.get(f"{ADMIN}appointment/").context["cl"].result_list
    assert {a.pk for a in appointments} == {home["appointment"].pk, home["ended"].pk}
    html = _text(secretary.get(f"{ADMIN}person/add/"))
    assert "Tổ giúp việc xã" not in html
    # The search of the person picker (autocomplete) finds no other site's member.
    found = secretary.get(
        "/quan-tri/autocomplete/",
        {"term": "huu", "app_label": "committee", "model_name": "appointment", "field_name": "person"},
    )
    assert found.status_code == 200 and found.json()["results"] == []


def test_forged_inline_rows_cannot_take_another_sites_appointment_unit_or_role(secretary, longhuu, home):
    chair = home["chair"]
    data = {
        "honorific": chair.honorific,
        "full_name": chair.full_name,
        "slug": chair.slug,
        "main_position": chair.main_position,
        "biography": "",
        "phone": "",
        "email": "",
        "appointments-TOTAL_FORMS": "2",
        "appointments-INITIAL_FORMS": "1",
        "appointments-MIN_NUM_FORMS": "0",
        "appointments-MAX_NUM_FORMS": "1000",
    }
    rows = [
        {"id": longhuu["appointment"].pk, "unit": longhuu["unit"].pk, "role": longhuu["role"].pk},
        {"unit": longhuu["team"].pk, "role": longhuu["role"].pk},
    ]
    for i, row in enumerate(rows):
        row = {
            "start_date": "2024-01-05",
            "end_date": "2024-02-01",
            "decision": "",
            "decision_text": "",
            "duties": "",
            "order": "0",
            **row,
        }
        data.update({f"appointments-{i}-{key}": value for key, value in row.items()})
    response = secretary.post(f"{ADMIN}person/{chair.pk}/change/", data)
    assert response.status_code == 200  # the form again, with errors
    assert response.context["errors"]
    _unchanged(longhuu)
    assert list(chair.appointments.all()) == [home["appointment"]]


def test_a_forged_kien_toan_cannot_end_or_start_another_sites_appointments(
    secretary, longhuu, home, roles, units
):
    a = longhuu["appointment"]
    # Named in the address: not among the appointments offered.
    html = _text(secretary.get(f"{REORGANISE}?ids={a.pk}"))
    assert "Huỳnh Văn Hữu" not in html
    response = secretary.post(
        REORGANISE,
        {
            "date": "14/07/2025",
            "decision": "",
            "decision_text": "Quyết định số 1-QĐ/ĐU",
            "note": "",
            "end_appointments": [a.pk],
            "moi-TOTAL_FORMS": "1",
            "moi-INITIAL_FORMS": "0",
            "moi-MIN_NUM_FORMS": "0",
            "moi-MAX_NUM_FORMS": "1000",
            "moi-0-person": longhuu["person"].pk,
            "moi-0-unit": longhuu["unit"].pk,
            "moi-0-role": longhuu["role"].pk,
            "moi-0-duties": "",
            "moi-0-order": "0",
        },
    )
    assert response.status_code == 200
    assert "end_appointments" in response.context["form"].errors
    assert response.context["formset"].forms[0].errors
    _unchanged(longhuu)
    assert not Reorganisation.objects.exists()


def test_platform_admin_kien_toan_page_offers_only_the_sites_own_appointments(admin_client_, longhuu, home):
    html = _text(admin_client_.get(REORGANISE))
    assert "Phan Văn Nhặn" in html and "Huỳnh Văn Hữu" not in html
    there = _text(admin_client_.get(REORGANISE, **OTHER))
    assert "Huỳnh Văn Hữu" in there and "Phan Văn Nhặn" not in there


# --- (4) rights are per site -------------------------------------------------------------------
@pytest.mark.parametrize(
    "path",
    ["person/", "person/add/", "appointment/", "unit/", "role/", "reorganisation/", "appointment/kien-toan/"],
)
def test_a_secretary_of_site_one_has_no_rights_on_the_other_site(secretary, longhuu, path):
    assert secretary.get(f"{ADMIN}{path}").status_code == 200
    assert secretary.get(f"{ADMIN}{path}", **OTHER).status_code == 403


def test_a_secretary_of_site_one_cannot_change_the_other_sites_rows_on_its_host(secretary, longhuu):
    person, appointment = longhuu["person"], longhuu["appointment"]
    assert secretary.get(f"{ADMIN}person/{person.pk}/change/", **OTHER).status_code == 403
    assert (
        secretary.post(f"{ADMIN}person/{person.pk}/change/", _person_post(person), **OTHER).status_code == 403
    )
    assert (
        secretary.post(f"{ADMIN}appointment/{appointment.pk}/delete/", {"post": "yes"}, **OTHER).status_code
        == 403
    )
    _unchanged(longhuu)


def test_a_role_only_on_the_other_site_gives_rights_there_and_none_on_site_one(
    django_user_model, longhuu, home
):
    user = django_user_model.objects.create_user(
        username="thuky-longhuu", password="Mat-khau-rat-dai-2026!", is_staff=True
    )
    give_role(user, "Thư ký", site_id=longhuu["site"].pk)
    assert SiteRole.objects.filter(user=user).count() == 1
    client = login_staff(Client(), user)
    assert client.get(f"{ADMIN}person/", **OTHER).status_code == 200
    assert client.get(f"{ADMIN}person/{longhuu['person'].pk}/change/", **OTHER).status_code == 200
    assert client.get(f"{ADMIN}person/").status_code == 403
    assert client.get(f"{ADMIN}person/{home['chair'].pk}/change/").status_code == 403
    assert client.post(f"{ADMIN}person/{home['chair'].pk}/delete/", {"post": "yes"}).status_code == 403
    assert Person.objects.filter(pk=home["chair"].pk).exists()
    assert Group.objects.get(name="Thư ký").user_set.count() == 0  # rights come from site roles only
