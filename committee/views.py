"""Public pages of the committee: organisation, member, members through the periods."""

import datetime
from dataclasses import dataclass, field
from functools import cached_property
from itertools import groupby

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from pagecache.api import page_numbers

from .models import Appointment, Person, Reorganisation, Role, Unit

MENTIONS_ON_MEMBER_PAGE = 10
# A unit with more members than this shows its first cards (by role rank) on the organisation
# page and links to its own paginated page: a 200-strong group of collaborators would otherwise
# make the page 140 KB for a reader looking for the Trưởng ban.
CARDS_PER_UNIT_ON_ORGANISATION = 24
MEMBERS_PER_UNIT_PAGE = 48


@dataclass
class _RoleGroup:
    role: Role
    appointments: list[Appointment]


@dataclass
class _UnitBlock:
    """A unit with its current appointments (ordered by role rank, then order) and sub-units."""

    unit: Unit
    appointments: list[Appointment] = field(default_factory=list)
    children: list["_UnitBlock"] = field(default_factory=list)

    @property
    def role_groups(self) -> list[_RoleGroup]:
        return [
            _RoleGroup(role, list(items)) for role, items in groupby(self.appointments, key=lambda a: a.role)
        ]

    @property
    def member_count(self) -> int:
        return len({a.person_id for a in self.appointments})

    @property
    def shown_appointments(self) -> list[Appointment]:
        return self.appointments[:CARDS_PER_UNIT_ON_ORGANISATION]

    @property
    def not_shown(self) -> int:
        return max(0, len(self.appointments) - CARDS_PER_UNIT_ON_ORGANISATION)


def _organisation(on: datetime.date) -> list[_UnitBlock]:
    """Top-level units with their sub-units and current members: two queries in all."""
    blocks = {unit.pk: _UnitBlock(unit) for unit in Unit.objects.all()}
    for appointment in Appointment.objects.current(on).for_cards():
        blocks[appointment.unit_id].appointments.append(appointment)
    roots = []
    for block in blocks.values():
        if block.unit.parent_id is None:
            roots.append(block)
        else:
            blocks[block.unit.parent_id].children.append(block)
    return roots


class _Chart:
    """The organisation page's units and members as of a day, read from the database on first
    use. The page is one fragment per content version and day (committee/organisation.html), so
    a page served from it reads nothing: 300 members are 900 objects built for each render."""

    def __init__(self, on: datetime.date):
        self.on = on

    @cached_property
    def roots(self) -> list[_UnitBlock]:
        return _organisation(self.on)

    @cached_property
    def steering(self) -> _UnitBlock | None:
        return next((b for b in self.roots if b.unit.kind == Unit.Kind.STEERING), None)


@require_safe
def organisation(request):
    today = timezone.localdate()
    return render(request, "committee/organisation.html", {"chart": _Chart(today), "today": today})


@require_safe
def unit_detail(request, slug: str):
    unit = get_object_or_404(Unit.objects.select_related("parent"), slug=slug)
    members = Appointment.objects.current(timezone.localdate()).filter(unit=unit).for_listing()
    page = Paginator(members, MEMBERS_PER_UNIT_PAGE).get_page(request.GET.get("trang"))
    context = {
        "unit": unit,
        "page_obj": page,
        "page_range": page_numbers(page),
        "appointments": page.object_list,
    }
    return render(request, "committee/unit_detail.html", context)


@require_safe
def person_detail(request, slug: str):
    person = get_object_or_404(Person.objects.published(), slug=slug)
    today = timezone.localdate()
    appointments = list(person.appointments.for_listing())
    current = [a for a in appointments if a.is_current(today)]
    past = sorted(
        (a for a in appointments if not a.is_ongoing(today)),
        key=lambda a: (a.end_date, a.start_date),
        reverse=True,
    )
    context = {
        "person": person,
        "current": current,
        "past": past,
        "articles": person.news_articles.published().for_listing()[:MENTIONS_ON_MEMBER_PAGE],
    }
    return render(request, "committee/person_detail.html", context)


@dataclass
class _Period:
    """Former members who left together: by one kiện toàn, or on one date outside any."""

    end: datetime.date
    reorganisation: Reorganisation | None
    appointments: list[Appointment]

    @property
    def start(self) -> datetime.date:
        return min(a.start_date for a in self.appointments)


@require_safe
def history(request):
    former = Appointment.objects.former(timezone.localdate()).for_listing()
    periods: dict[tuple, _Period] = {}
    for appointment in former:
        key = ("kt", appointment.ended_by_id) if appointment.ended_by_id else ("ngay", appointment.end_date)
        if key not in periods:
            periods[key] = _Period(appointment.end_date, appointment.ended_by, [])
        periods[key].appointments.append(appointment)
    ordered = sorted(periods.values(), key=lambda p: p.end, reverse=True)
    return render(request, "committee/history.html", {"periods": ordered})
