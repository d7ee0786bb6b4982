"""Factories for the committee tests: units, people and appointments with sensible defaults."""

import datetime
import io

import pytest
from PIL import Image

from committee.models import Appointment, Person, Role, Unit

TODAY = datetime.date(2025, 3, 12)


@pytest.fixture
def roles(db) -> dict[str, Role]:
    """The default roles, created by the committee's data migration."""
    return {role.name: role for role in Role.objects.all()}


@pytest.fixture
def units(db) -> dict[str, Unit]:
    steering = Unit.objects.create(
        name="Ban Chỉ đạo",
        slug="ban-chi-dao",
        kind=Unit.Kind.STEERING,
        description="<h3>Chức năng</h3><p>Tham mưu cho cấp ủy.</p>",
    )
    secretariat = Unit.objects.create(
        name="Tổ giúp việc", slug="to-giup-viec", kind=Unit.Kind.SECRETARIAT, parent=steering, order=1
    )
    return {"steering": steering, "secretariat": secretariat}


@pytest.fixture
def make_person(db):
    def make(full_name: str = "Phan Văn Nhặn", **fields) -> Person:
        fields.setdefault("main_position", "Phó Bí thư Thường trực")
        return Person.objects.create(full_name=full_name, **fields)

    return make


@pytest.fixture
def appoint(db, roles, units):
    def make(
        person, role="Thành viên", unit="steering", start=datetime.date(2020, 8, 10), end=None, **fields
    ):
        return Appointment.objects.create(
            person=person,
            role=roles[role] if isinstance(role, str) else role,
            unit=units[unit] if isinstance(unit, str) else unit,
            start_date=start,
            end_date=end,
            **fields,
        )

    return make


def jpeg_bytes(size=(300, 400)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (120, 120, 140)).save(buf, "JPEG")
    return buf.getvalue()
