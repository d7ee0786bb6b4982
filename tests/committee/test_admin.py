"""Admin for secretaries: group rights, folded search, filters, inline rules and the kiện toàn."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group, Permission

from committee.models import Appointment, Person, Reorganisation

pytestmark = pytest.mark.django_db
D = datetime.date
ADMIN = "/quan-tri/committee/"
REORGANISE = f"{ADMIN}appointment/kien-toan/"


# --- groups and permissions ---------------------------------------------------------------------
def test_secretary_group_has_committee_rights_and_never_user_management(db):
    group = Group.objects.get(name="Thư ký")
    codenames = set(
        group.permissions.filter(content_type__app_label="committee").values_list("codename", flat=True)
    )
    for model in ["person", "unit", "role", "appointment", "reorganisation"]:
        assert {f"add_{model}", f"change_{model}", f"delete_{model}", f"view_{model}"} <= codenames
    apps = set(group.permissions.values_list("content_type__app_label", flat=True))
    # Secretaries also triage citizens' reports (reports/migrations/0002_triage_groups.py).
    assert apps <= {"committee", "documents", "notices", "ratings", "questions", "reports"}
    assert not group.permissions.filter(content_type__app_label="auth").exists()


@pytest.mark.parametrize(
    "url", [f"{ADMIN}person/", f"{ADMIN}person/add/", f"{ADMIN}appointment/", REORGANISE]
)
def test_secretary_can_manage_the_committee(secretary, url):
    assert secretary.get(url).status_code == 200


@pytest.mark.parametrize(
    "url", [f"{ADMIN}person/", f"{ADMIN}person/add/", f"{ADMIN}appointment/", REORGANISE]
)
def test_editor_and_approver_cannot_touch_the_committee(editor, approver, url):
    assert editor.get(url).status_code == 403
    assert approver.get(url).status_code == 403


def test_secretary_cannot_manage_users(secretary):
    assert secretary.get("/quan-tri/auth/user/").status_code == 403
    assert secretary.get("/quan-tri/auth/group/").status_code == 403


def test_anonymous_is_sent_to_the_login_page(citizen):
    response = citizen.get(REORGANISE)
    assert response.status_code == 302 and "/quan-tri/login/" in response["Location"]


def test_secretary_adds_a_person_with_appointments_inline(secretary, roles, units):
    data = {
        "honorific": "Đồng chí",
        "full_name": "Phan Văn Nhặn",
        "slug": "",
        "main_position": "Phó Bí thư Thường trực Huyện ủy",
        "biography": "<p>Tiểu sử</p><iframe src='https://x.example'></iframe>",
        "phone": "",
        "email": "",
        **_inline(
            [
                {"unit": units["steering"].pk, "role": roles["Trưởng ban"].pk, "start_date": "2020-08-10"},
                {"unit": units["secretariat"].pk, "role": roles["Tổ trưởng"].pk, "start_date": "2020-08-10"},
            ]
        ),
    }
    response = secretary.post(f"{ADMIN}person/add/", data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    person = Person.objects.get()
    assert person.slug == "phan-van-nhan" and person.biography == "<p>Tiểu sử</p>"
    assert person.appointments.current().count() == 2


def _inline(rows: list[dict], initial: int = 0) -> dict:
    data = {
        "appointments-TOTAL_FORMS": str(len(rows)),
        "appointments-INITIAL_FORMS": str(initial),
        "appointments-MIN_NUM_FORMS": "0",
        "appointments-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        row = {"end_date": "", "decision": "", "decision_text": "", "duties": "", "order": "0", **row}
        data.update({f"appointments-{i}-{key}": value for key, value in row.items()})
    return data


def _person_form(person: Person) -> dict:
    return {
        "honorific": person.honorific,
        "full_name": person.full_name,
        "slug": person.slug,
        "main_position": person.main_position,
        "biography": person.biography,
        "phone": "",
        "email": "",
    }


def test_inline_accepts_ending_the_old_appointment_and_adding_the_new_one_in_one_save(
    secretary, make_person, appoint, roles, units
):
    person = make_person()
    old = appoint(person, role="Thành viên")
    rows = [
        {
            "id": old.pk,
            "person": person.pk,
            "unit": units["steering"].pk,
            "role": roles["Thành viên"].pk,
            "start_date": "2020-08-10",
            "end_date": "2023-07-14",
        },
        {
            "person": person.pk,
            "unit": units["steering"].pk,
            "role": roles["Thành viên"].pk,
            "start_date": "2023-07-14",
        },
    ]
    response = secretary.post(
        f"{ADMIN}person/{person.pk}/change/", {**_person_form(person), **_inline(rows, initial=1)}
    )
    assert response.status_code == 302
    assert person.appointments.count() == 2
    old.refresh_from_db()
    assert old.end_date == D(2023, 7, 14)


def test_inline_refuses_overlapping_rows_with_a_vietnamese_error(secretary, make_person, roles, units):
    person = make_person()
    rows = [
        {
            "unit": units["steering"].pk,
            "role": roles["Thành viên"].pk,
            "start_date": "2020-08-10",
            "end_date": "2023-07-14",
        },
        {"unit": units["steering"].pk, "role": roles["Thành viên"].pk, "start_date": "2023-01-01"},
    ]
    response = secretary.post(f"{ADMIN}person/{person.pk}/change/", {**_person_form(person), **_inline(rows)})
    assert response.status_code == 200
    assert "Trùng thời gian" in response.content.decode()
    assert not Appointment.objects.exists()


def test_inline_refuses_end_before_start(secretary, make_person, roles, units):
    person = make_person()
    rows = [
        {
            "unit": units["steering"].pk,
            "role": roles["Thành viên"].pk,
            "start_date": "2023-08-10",
            "end_date": "2023-07-14",
        }
    ]
    response = secretary.post(f"{ADMIN}person/{person.pk}/change/", {**_person_form(person), **_inline(rows)})
    assert response.status_code == 200
    assert "Ngày kết thúc không được trước ngày bắt đầu." in response.content.decode()
    assert not Appointment.objects.exists()


# --- search and filters -------------------------------------------------------------------------
def test_search_ignores_diacritics(secretary, make_person):
    make_person("Phan Văn Nhặn")
    make_person("Trần Thị Thu Hà", main_position="Trưởng Ban Tuyên giáo")
    html = secretary.get(f"{ADMIN}person/", {"q": "nhan"}).content.decode()
    assert "Phan Văn Nhặn" in html and "Trần Thị Thu Hà" not in html
    html = secretary.get(f"{ADMIN}person/", {"q": "NHẶN phan"}).content.decode()
    assert "Phan Văn Nhặn" in html
    html = secretary.get(f"{ADMIN}appointment/", {"q": "tran thi"}).content.decode()
    assert "0 phân công" in html or "Trần Thị Thu Hà" not in html


def test_appointment_search_by_person_name_without_diacritics(secretary, make_person, appoint):
    appoint(make_person("Phan Văn Nhặn"), role="Trưởng ban")
    appoint(make_person("Trần Thị Thu Hà"))
    response = secretary.get(f"{ADMIN}appointment/", {"q": "nhan"})
    assert [a.person.full_name for a in response.context["cl"].result_list] == ["Phan Văn Nhặn"]


def test_filters_by_status_unit_and_role(secretary, make_person, appoint, roles, units):
    current = make_person("Đang Làm")
    former = make_person("Đã Thôi")
    appoint(current, role="Tổ trưởng", unit="secretariat")
    appoint(former, role="Thành viên", end=D(2023, 7, 14))

    def names(url, **params):
        return {str(obj) for obj in secretary.get(url, params).context["cl"].result_list}

    assert names(f"{ADMIN}person/", **{"tinh-trang": "dang"}) == {"Đang Làm"}
    assert names(f"{ADMIN}person/", **{"tinh-trang": "da-thoi"}) == {"Đã Thôi"}
    assert names(f"{ADMIN}person/", **{"don-vi": units["secretariat"].pk}) == {"Đang Làm"}
    assert names(f"{ADMIN}person/", **{"chuc-danh": roles["Thành viên"].pk}) == {"Đã Thôi"}
    appointments = secretary.get(f"{ADMIN}appointment/", {"tinh-trang": "da-thoi"}).context["cl"].result_list
    assert [a.person for a in appointments] == [former]
    appointments = (
        secretary.get(f"{ADMIN}appointment/", {"unit__id__exact": units["secretariat"].pk})
        .context["cl"]
        .result_list
    )
    assert [a.person for a in appointments] == [current]


# --- kiện toàn ---------------------------------------------------------------------------------
def _new_rows(rows: list[dict], total: int = 6) -> dict:
    data = {
        "moi-TOTAL_FORMS": str(total),
        "moi-INITIAL_FORMS": "0",
        "moi-MIN_NUM_FORMS": "0",
        "moi-MAX_NUM_FORMS": "1000",
    }
    for i in range(total):
        row = rows[i] if i < len(rows) else {}
        data.update(
            {
                f"moi-{i}-person": row.get("person", ""),
                f"moi-{i}-unit": row.get("unit", ""),
                f"moi-{i}-role": row.get("role", ""),
                f"moi-{i}-duties": row.get("duties", ""),
                f"moi-{i}-order": row.get("order", "0"),
            }
        )
    return data


@pytest.fixture
def before_reorganisation(make_person, appoint):
    chair = make_person("Phan Văn Nhặn")
    leaving = make_person("Lê Hoàng Phúc")
    staying = make_person("Nguyễn Văn Đức")
    arriving = make_person("Võ Minh Hiếu")
    return {
        "chair": appoint(chair, role="Trưởng ban"),
        "leaving": appoint(leaving, role="Phó Trưởng ban"),
        "leaving_member": appoint(leaving, role="Thành viên", unit="secretariat"),
        "staying": appoint(staying, role="Thành viên"),
        "arriving": arriving,
    }


def test_reorganise_action_sends_the_selected_current_appointments_to_the_form(
    secretary, before_reorganisation
):
    leaving = before_reorganisation["leaving"]
    response = secretary.post(
        f"{ADMIN}appointment/", {"action": "reorganise_selected", "_selected_action": [leaving.pk]}
    )
    assert response.status_code == 302 and response["Location"] == f"{REORGANISE}?ids={leaving.pk}"
    html = secretary.get(response["Location"]).content.decode()
    checked = re.findall(r'name="end_appointments" value="(\d+)" id="id_end_appointments_\d+" checked', html)
    assert checked == [str(leaving.pk)]
    # The first new row is prefilled with the unit and role being replaced.
    first_role = html[
        html.index('name="moi-0-role"') : html.index("</select>", html.index('name="moi-0-role"'))
    ]
    assert f'<option value="{leaving.role_id}" selected>' in first_role


def test_reorganisation_ends_and_starts_appointments_by_one_decision_in_one_go(
    secretary, before_reorganisation, roles, units
):
    b = before_reorganisation
    data = {
        "date": "14/07/2023",
        "decision": "",
        "decision_text": "Quyết định số 1024-QĐ/HU ngày 14/7/2023",
        "note": "",
        "end_appointments": [b["leaving"].pk, b["leaving_member"].pk],
        **_new_rows(
            [
                {
                    "person": b["arriving"].pk,
                    "unit": units["steering"].pk,
                    "role": roles["Phó Trưởng ban"].pk,
                    "duties": "Quản lý nhà nước về thông tin.",
                },
                {"person": b["arriving"].pk, "unit": units["secretariat"].pk, "role": roles["Thành viên"].pk},
            ]
        ),
    }
    response = secretary.post(REORGANISE, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    reorganisation = Reorganisation.objects.get()
    assert response["Location"] == f"{ADMIN}reorganisation/{reorganisation.pk}/change/"
    for key in ["leaving", "leaving_member"]:
        b[key].refresh_from_db()
        assert (b[key].end_date, b[key].ended_by) == (D(2023, 7, 14), reorganisation)
    new = list(Appointment.objects.filter(started_by=reorganisation).order_by("unit__order"))
    assert [(a.person, a.role.name, a.start_date, a.end_date) for a in new] == [
        (b["arriving"], "Phó Trưởng ban", D(2023, 7, 14), None),
        (b["arriving"], "Thành viên", D(2023, 7, 14), None),
    ]
    assert {a.decision_text for a in new} == {"Quyết định số 1024-QĐ/HU ngày 14/7/2023"}
    assert new[0].duties == "Quản lý nhà nước về thông tin."
    b["chair"].refresh_from_db()
    assert b["chair"].end_date is None


def test_reorganisation_is_all_or_nothing(secretary, before_reorganisation, roles, units):
    """A new appointment that clashes with one not ended rolls the whole kiện toàn back."""
    b = before_reorganisation
    data = {
        "date": "14/07/2023",
        "decision_text": "Quyết định số 1024-QĐ/HU",
        "end_appointments": [b["leaving"].pk],
        **_new_rows(
            [
                {
                    "person": b["arriving"].pk,
                    "unit": units["steering"].pk,
                    "role": roles["Phó Trưởng ban"].pk,
                },
                # Nguyễn Văn Đức is still a member (not ended): a second open membership clashes.
                {
                    "person": b["staying"].person.pk,
                    "unit": units["steering"].pk,
                    "role": roles["Thành viên"].pk,
                },
            ]
        ),
    }
    response = secretary.post(REORGANISE, data)
    assert response.status_code == 200
    assert "Trùng thời gian: Nguyễn Văn Đức" in response.content.decode()
    assert not Reorganisation.objects.exists()
    b["leaving"].refresh_from_db()
    assert b["leaving"].end_date is None
    assert not Appointment.objects.filter(person=b["arriving"]).exists()


def test_reorganisation_needs_a_decision_and_a_date_not_before_the_ended_starts(
    secretary, before_reorganisation
):
    b = before_reorganisation
    response = secretary.post(
        REORGANISE,
        {"date": "01/01/2019", "decision_text": "", "end_appointments": [b["leaving"].pk], **_new_rows([])},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kiện toàn phải căn cứ một quyết định" in html
    assert "Ngày kiện toàn (01/01/2019) trước ngày bắt đầu của: Lê Hoàng Phúc (10/08/2020)." in html
    assert not Reorganisation.objects.exists()


def test_reorganisation_refuses_the_same_new_appointment_twice(
    secretary, before_reorganisation, roles, units
):
    b = before_reorganisation
    row = {"person": b["arriving"].pk, "unit": units["steering"].pk, "role": roles["Thành viên"].pk}
    response = secretary.post(
        REORGANISE, {"date": "14/07/2023", "decision_text": "QĐ 1024", **_new_rows([row, row])}
    )
    assert response.status_code == 200
    assert "Trùng thời gian" in response.content.decode()
    assert not Reorganisation.objects.exists()


def test_editor_cannot_post_a_reorganisation(editor, before_reorganisation):
    response = editor.post(REORGANISE, {"date": "14/07/2023", "decision_text": "x", **_new_rows([])})
    assert response.status_code == 403
    assert not Reorganisation.objects.exists()


def test_secretary_without_the_kien_toan_rights_does_not_get_the_action(
    secretary_user, secretary, make_person
):
    group = Group.objects.get(name="Thư ký")
    group.permissions.remove(Permission.objects.get(codename="add_reorganisation"))
    assert secretary.get(REORGANISE).status_code == 403
    actions = secretary.get(f"{ADMIN}appointment/").context["action_form"].fields["action"].choices
    assert "reorganise_selected" not in [value for value, _ in actions]


def test_secretary_admin_pages_render(secretary, make_person, appoint):
    person = make_person()
    appoint(person, role="Trưởng ban")
    reorganisation = Reorganisation.objects.create(date=D(2023, 7, 14), decision_text="QĐ 1024")
    for url in [
        f"{ADMIN}person/{person.pk}/change/",
        f"{ADMIN}unit/",
        f"{ADMIN}unit/add/",
        f"{ADMIN}role/",
        f"{ADMIN}reorganisation/",
        f"{ADMIN}reorganisation/{reorganisation.pk}/change/",
        f"{ADMIN}appointment/{person.appointments.get().pk}/change/",
        "/quan-tri/autocomplete/?app_label=committee&model_name=appointment&field_name=person&term=nhan",
    ]:
        response = secretary.get(url)
        assert response.status_code == 200, url
    assert [r["text"] for r in response.json()["results"]] == ["Phan Văn Nhặn"]  # the autocomplete folds too
    assert secretary.get(f"{ADMIN}reorganisation/add/").status_code == 403  # made by the kiện toàn page
