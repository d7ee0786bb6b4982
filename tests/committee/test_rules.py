"""Rules on people, units and appointments: in forms (Vietnamese errors) and in the database."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.forms import modelform_factory

from committee.models import Appointment, Person, Unit

from .conftest import jpeg_bytes

pytestmark = pytest.mark.django_db
D = datetime.date


# --- end before start ---------------------------------------------------------------------------
def test_end_before_start_is_refused_with_a_vietnamese_error(make_person, roles, units):
    appointment = Appointment(
        person=make_person(),
        unit=units["steering"],
        role=roles["Thành viên"],
        start_date=D(2023, 5, 1),
        end_date=D(2023, 4, 30),
    )
    with pytest.raises(ValidationError) as exc:
        appointment.full_clean()
    assert exc.value.message_dict["end_date"] == ["Ngày kết thúc không được trước ngày bắt đầu."]


def test_end_before_start_is_refused_by_the_database(make_person, roles, units):
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(
            person=make_person(),
            unit=units["steering"],
            role=roles["Thành viên"],
            start_date=D(2023, 5, 1),
            end_date=D(2023, 4, 30),
        )


def test_end_on_the_start_day_is_allowed(make_person, appoint):
    appointment = appoint(make_person(), start=D(2023, 5, 1), end=D(2023, 5, 1))
    appointment.full_clean()


# --- overlaps ----------------------------------------------------------------------------------
def test_overlapping_appointment_of_the_same_person_unit_and_role_is_refused(
    make_person, appoint, roles, units
):
    person = make_person()
    appoint(person, start=D(2020, 8, 10), end=D(2023, 7, 14))
    second = Appointment(
        person=person, unit=units["steering"], role=roles["Thành viên"], start_date=D(2023, 1, 1)
    )
    with pytest.raises(ValidationError) as exc:
        second.full_clean()
    messages = exc.value.message_dict["__all__"]
    assert len(messages) == 1  # the overlap, not also the unique constraint
    assert messages[0].startswith(
        "Trùng thời gian: Phan Văn Nhặn đã giữ chức danh “Thành viên” trong “Ban Chỉ đạo”"
    )
    assert "từ 10/08/2020 đến 14/07/2023" in messages[0]


def test_second_open_appointment_is_refused_in_the_form_and_by_the_database(
    make_person, appoint, roles, units
):
    person = make_person()
    appoint(person, start=D(2020, 8, 10))
    duplicate = Appointment(
        person=person, unit=units["steering"], role=roles["Thành viên"], start_date=D(2024, 1, 1)
    )
    with pytest.raises(ValidationError) as exc:
        duplicate.full_clean()
    assert "đang đảm nhiệm" in exc.value.messages[0]
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_the_unique_constraint_speaks_vietnamese_when_the_overlap_check_is_bypassed(
    make_person, appoint, roles, units
):
    person = make_person()
    appoint(person, start=D(2020, 8, 10))
    duplicate = Appointment(
        person=person, unit=units["steering"], role=roles["Thành viên"], start_date=D(2024, 1, 1)
    )
    with pytest.raises(ValidationError) as exc:
        duplicate.validate_constraints()
    assert exc.value.messages == [
        "Người này đang giữ chức danh này trong đơn vị này (chưa có ngày kết thúc)."
    ]


def test_consecutive_appointments_sharing_the_changeover_day_do_not_overlap(
    make_person, appoint, roles, units
):
    person = make_person()
    appoint(person, start=D(2020, 8, 10), end=D(2023, 7, 14))
    Appointment(
        person=person, unit=units["steering"], role=roles["Thành viên"], start_date=D(2023, 7, 14)
    ).full_clean()


def test_other_role_or_unit_is_not_an_overlap_so_one_person_holds_several(make_person, appoint):
    person = make_person()
    appoint(person, role="Trưởng ban")
    appoint(person, role="Thành viên")  # same unit, another role
    appoint(person, role="Tổ trưởng", unit="secretariat")
    assert Appointment.objects.current(D(2024, 1, 1)).filter(person=person).count() == 3


def test_appointment_admin_form_shows_the_overlap_error(make_person, appoint, roles, units):
    person = make_person()
    appoint(person, start=D(2020, 8, 10))
    Form = modelform_factory(Appointment, fields=["person", "unit", "role", "start_date", "end_date"])
    form = Form(
        data={
            "person": person.pk,
            "unit": units["steering"].pk,
            "role": roles["Thành viên"].pk,
            "start_date": "2022-01-01",
            "end_date": "2022-12-31",
        }
    )
    assert not form.is_valid()
    assert "Trùng thời gian" in form.non_field_errors()[0]


# --- current and former ------------------------------------------------------------------------
@time_machine.travel(
    datetime.datetime(2023, 7, 14, 0, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))
)
def test_current_means_end_empty_or_in_the_future_in_local_time(make_person, appoint):
    ends_today = appoint(make_person("A"), end=D(2023, 7, 14))
    ends_tomorrow = appoint(make_person("B"), end=D(2023, 7, 15))
    open_ended = appoint(make_person("C"))
    starts_tomorrow = appoint(make_person("D"), start=D(2023, 7, 15))
    # 00:30 in Hà Nội is still 13 July in UTC: the local date decides.
    assert set(Appointment.objects.current()) == {ends_tomorrow, open_ended}
    assert set(Appointment.objects.former()) == {ends_today}
    assert starts_tomorrow not in Appointment.objects.current()
    assert set(Person.objects.published()) == {ends_today.person, ends_tomorrow.person, open_ended.person}


# --- units --------------------------------------------------------------------------------------
def test_units_nest_only_one_level(units):
    grandchild = Unit(name="Nhóm con", kind=Unit.Kind.OTHER, parent=units["secretariat"])
    with pytest.raises(ValidationError) as exc:
        grandchild.full_clean()
    assert any("chỉ được lồng một cấp" in message for message in exc.value.message_dict["parent"])


def test_a_unit_with_children_cannot_get_a_parent(units):
    other = Unit.objects.create(name="Ban khác", kind=Unit.Kind.OTHER)
    steering = units["steering"]
    steering.parent = other
    with pytest.raises(ValidationError) as exc:
        steering.full_clean()
    assert "đang có đơn vị trực thuộc" in exc.value.message_dict["parent"][0]


def test_unit_description_is_sanitised(db):
    unit = Unit.objects.create(
        name="Ban", description='<p onclick="x()">Nhiệm vụ</p><script>alert(1)</script>'
    )
    assert unit.description == "<p>Nhiệm vụ</p>"
    assert unit.slug == "ban"


# --- people -------------------------------------------------------------------------------------
def test_biography_with_script_and_iframe_is_stored_clean(make_person):
    person = make_person(
        biography='<p>Quá trình công tác<script>alert("x")</script></p>'
        '<iframe src="https://evil.example/"></iframe><a href="javascript:alert(1)">liên kết</a>'
    )
    person.refresh_from_db()
    assert "<script" not in person.biography and "alert" not in person.biography
    assert "<iframe" not in person.biography and "evil.example" not in person.biography
    assert "javascript:" not in person.biography
    assert person.biography.startswith("<p>Quá trình công tác</p>")


def test_search_text_is_folded_and_slug_unique(make_person):
    first = make_person("Phan Văn Nhặn", main_position="Phó Bí thư Thường trực Huyện ủy")
    second = make_person("Phan Văn Nhặn")
    assert first.search_text == "phan van nhan pho bi thu thuong truc huyen uy"
    assert (first.slug, second.slug) == ("phan-van-nhan", "phan-van-nhan-2")
    assert list(Person.objects.search("NHAN huyen")) == [first]


def test_person_has_no_birth_date_address_or_family_fields():
    names = {f.name for f in Person._meta.get_fields()}
    for forbidden in ["birth", "dob", "address", "family", "spouse", "marital", "hometown"]:
        assert not any(forbidden in name for name in names)


def test_public_contact_switch_needs_a_value(make_person):
    person = Person(full_name="Lê Văn A", show_phone=True, show_email=True)
    with pytest.raises(ValidationError) as exc:
        person.full_clean()
    assert set(exc.value.message_dict) == {"phone", "email"}


def test_a_photo_that_is_not_an_image_is_refused_with_a_vietnamese_error(db):
    from django.contrib.admin.sites import site

    from committee.admin import PersonAdmin

    Form = PersonAdmin(Person, site).get_form(request=None)
    fake = SimpleUploadedFile("chan-dung.jpg", b"%PDF-1.4 not a photo at all", content_type="image/jpeg")
    form = Form(data={"honorific": "Đồng chí", "full_name": "Lê Văn A"}, files={"photo": fake})
    assert not form.is_valid()
    assert form.errors["photo"] == ["Tệp không phải là ảnh JPEG, PNG hoặc WebP hợp lệ."]
    assert not Person.objects.exists()


def test_a_real_photo_is_processed_with_renditions(db):
    from django.core.files.storage import default_storage

    person = Person(full_name="Lê Văn A")
    person.photo = SimpleUploadedFile("IMG_0001.jpg", jpeg_bytes((600, 800)), content_type="image/jpeg")
    person.save()
    # Under the site's prefix: one media folder serves every committee's files.
    assert person.photo.name.startswith("sites/1/committee/people/") and "IMG_0001" not in person.photo.name
    assert (person.photo_width, person.photo_height) == (600, 800)
    stem = person.photo.name.rsplit("/", 1)[1].rsplit(".", 1)[0]
    assert default_storage.exists(f"sites/1/renditions/committee/people/{stem}-480.webp")
