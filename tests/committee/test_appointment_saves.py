"""Appointments edited together on a person's admin page: one save, never a server error.

The database allows one open appointment per person, unit and role after every single write,
while the rows of the page are written one at a time; every change a secretary can make in one
save that ends valid must be saved, and one that does not must come back with a Vietnamese error.
"""

import datetime
import html

import pytest

from committee.models import Appointment, Person

pytestmark = pytest.mark.django_db
D = datetime.date
PERSON_ADMIN = "/quan-tri/committee/person/"


def _page(person: Person, rows: list[dict], **person_changes) -> dict:
    """The POST of the person's change page: the person's fields and the appointment rows."""
    data = {
        "honorific": person.honorific,
        "full_name": person.full_name,
        "slug": person.slug,
        "main_position": person.main_position,
        "biography": person.biography,
        "phone": "",
        "email": "",
        **person_changes,
        "appointments-TOTAL_FORMS": str(len(rows)),
        "appointments-INITIAL_FORMS": str(sum(1 for row in rows if row.get("id"))),
        "appointments-MIN_NUM_FORMS": "0",
        "appointments-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        row = {"id": "", "person": person.pk, "end_date": "", "decision": "", "decision_text": "", **row}
        row.setdefault("duties", "")
        row.setdefault("order", "0")
        data.update({f"appointments-{i}-{key}": value for key, value in row.items()})
    return data


def _stored(appointment: Appointment, **changes) -> dict:
    """A row as the page shows a stored appointment (dates as the secretary sees them), then edited."""
    row = {
        "id": appointment.pk,
        "unit": appointment.unit_id,
        "role": appointment.role_id,
        "start_date": f"{appointment.start_date:%d/%m/%Y}",
        "end_date": f"{appointment.end_date:%d/%m/%Y}" if appointment.end_date else "",
        "duties": appointment.duties,
        "order": str(appointment.order),
    }
    return {**row, **changes}


def _save(secretary, person: Person, rows: list[dict], **person_changes):
    return secretary.post(f"{PERSON_ADMIN}{person.pk}/change/", _page(person, rows, **person_changes))


def _tenures(person: Person) -> list[tuple[str, D, D | None]]:
    return sorted((a.role.name, a.start_date, a.end_date) for a in person.appointments.select_related("role"))


def test_ending_the_old_appointment_and_adding_the_new_one_in_one_save_keeps_both_in_the_history(
    secretary, make_person, appoint, roles, units, site_identity
):
    person = make_person()
    old = appoint(person, role="Thành viên", start=D(2020, 8, 10))
    rows = [
        _stored(old, end_date="14/07/2023"),
        {"unit": units["steering"].pk, "role": roles["Thành viên"].pk, "start_date": "14/07/2023"},
    ]

    response = _save(secretary, person, rows)

    assert response.status_code == 302
    assert _tenures(person) == [
        ("Thành viên", D(2020, 8, 10), D(2023, 7, 14)),
        ("Thành viên", D(2023, 7, 14), None),
    ]
    assert person.appointments.current(D(2025, 1, 1)).get().start_date == D(2023, 7, 14)
    history = secretary.get("/ban-chi-dao/qua-cac-thoi-ky/").content.decode()
    assert "10/08/2020 – 14/07/2023" in history


def test_reopening_a_row_listed_above_the_one_being_ended_saves(
    secretary, make_person, appoint, roles, units
):
    # The successor was entered ahead with a provisional end and sorts first (order 0): the page
    # writes it, open again, before the predecessor gets its end date.
    person = make_person()
    predecessor = appoint(person, start=D(2020, 8, 10), order=5)
    successor = appoint(person, start=D(2023, 7, 14), end=D(2024, 1, 1), order=0)
    rows = [_stored(successor, end_date=""), _stored(predecessor, end_date="14/07/2023")]

    response = _save(secretary, person, rows)

    assert response.status_code == 302
    assert _tenures(person) == [
        ("Thành viên", D(2020, 8, 10), D(2023, 7, 14)),
        ("Thành viên", D(2023, 7, 14), None),
    ]


def test_correcting_the_role_of_the_new_appointment_while_ending_the_old_one_saves(
    secretary, make_person, appoint, roles, units
):
    # Entered as Phó Trưởng ban by mistake, which sorts before Thành viên.
    person = make_person()
    old = appoint(person, role="Thành viên", start=D(2020, 8, 10))
    new = appoint(person, role="Phó Trưởng ban", start=D(2023, 7, 14))
    rows = [_stored(new, role=roles["Thành viên"].pk), _stored(old, end_date="14/07/2023")]

    response = _save(secretary, person, rows)

    assert response.status_code == 302
    assert _tenures(person) == [
        ("Thành viên", D(2020, 8, 10), D(2023, 7, 14)),
        ("Thành viên", D(2023, 7, 14), None),
    ]


def test_deleting_a_mistaken_new_appointment_and_reopening_the_old_one_saves(
    secretary, make_person, appoint, roles, units
):
    person = make_person()
    old = appoint(person, start=D(2020, 8, 10), end=D(2023, 7, 14))
    mistaken = appoint(person, start=D(2023, 7, 14))
    rows = [_stored(old, end_date=""), _stored(mistaken, DELETE="on")]

    response = _save(secretary, person, rows)

    assert response.status_code == 302
    assert _tenures(person) == [("Thành viên", D(2020, 8, 10), None)]


def test_swapping_the_roles_of_two_current_appointments_saves(secretary, make_person, appoint, roles, units):
    person = make_person()
    member = appoint(person, role="Thành viên", start=D(2020, 8, 10))
    deputy = appoint(person, role="Phó Trưởng ban", start=D(2021, 1, 4))
    rows = [_stored(deputy, role=roles["Thành viên"].pk), _stored(member, role=roles["Phó Trưởng ban"].pk)]

    response = _save(secretary, person, rows)

    assert response.status_code == 302
    assert _tenures(person) == [("Phó Trưởng ban", D(2020, 8, 10), None), ("Thành viên", D(2021, 1, 4), None)]


@pytest.mark.parametrize(
    "old_end, new_start, new_end, clash",
    [
        # Two open appointments: what the database's one-open-row rule forbids.
        ("", "14/07/2023", "", "từ 10/08/2020 (đang đảm nhiệm)"),
        # Two dated ranges that meet: what the overlap rule forbids beyond the database.
        ("14/07/2023", "01/01/2023", "01/01/2024", "từ 10/08/2020 đến 14/07/2023"),
    ],
    ids=["both-open", "dated-ranges-meet"],
)
def test_overlapping_appointments_get_a_vietnamese_error_keep_what_was_typed_and_write_nothing(
    secretary, make_person, appoint, roles, units, old_end, new_start, new_end, clash
):
    person = make_person(main_position="Phó Bí thư Thường trực")
    old = appoint(person, role="Thành viên", start=D(2020, 8, 10))
    rows = [
        _stored(old, end_date=old_end),
        {
            "unit": units["steering"].pk,
            "role": roles["Thành viên"].pk,
            "start_date": new_start,
            "end_date": new_end,
            "duties": "Theo dõi dư luận xã hội trên không gian mạng.",
        },
    ]

    response = _save(secretary, person, rows, main_position="Bí thư Huyện ủy")

    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert (
        f"Trùng thời gian: Phan Văn Nhặn đã giữ chức danh “Thành viên” trong “Ban Chỉ đạo” {clash}."
    ) in page
    assert f'value="{new_start}"' in page
    assert "Theo dõi dư luận xã hội trên không gian mạng." in page
    assert 'value="Bí thư Huyện ủy"' in page
    assert _tenures(person) == [("Thành viên", D(2020, 8, 10), None)]
    person.refresh_from_db()
    assert person.main_position == "Phó Bí thư Thường trực"
