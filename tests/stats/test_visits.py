"""The 30-minute rule, local midnight, the ISO week, the online window.

The rules: docs/visit-counter.md, "The visit", "Days and weeks in Asia/Ho_Chi_Minh" and
"The four numbers".

Each test runs on the database store and on a real Redis (skipped with a reason without one).
"""

import datetime
import os
import time

import pytest
import time_machine

from stats.counter import count_hit
from stats.models import DailyVisits, HourlyVisits

from .helpers import CHROME, SAFARI_IOS, at, numbers, stored

pytestmark = pytest.mark.django_db


def view(ip="203.0.113.10", ua=CHROME, host="testserver"):
    return count_hit(ip, ua, host)


# --- 3. inactivity ------------------------------------------------------------------------


def test_views_within_30_minutes_of_each_other_are_one_visit(store):
    t = at(2025, 3, 12, 2, 0, 0)
    for offset in (0, 29 * 60 + 59, 59 * 60 + 58):  # the window slides with each view
        with time_machine.travel(t + datetime.timedelta(seconds=offset), tick=False):
            view()
    assert numbers(t + datetime.timedelta(hours=1)).today == 1


def test_a_view_after_30_minutes_without_one_starts_a_new_visit(store):
    t = at(2025, 3, 12, 2, 0, 0)
    with time_machine.travel(t, tick=False):
        assert view() is True
    with time_machine.travel(t + datetime.timedelta(minutes=30, seconds=1), tick=False):
        assert view() is True
    assert numbers(t + datetime.timedelta(hours=1)).today == 2


def test_a_late_arriving_older_view_does_not_move_the_window_back(store):
    t = at(2025, 3, 12, 2, 0, 0)
    view_at = lambda s: count_hit("203.0.113.10", CHROME, "testserver", now=t + datetime.timedelta(seconds=s))  # noqa: E731
    assert view_at(1000) is True
    assert view_at(0) is False  # processed late: must not pull last_seen back to t
    assert view_at(1000 + 1799) is False
    assert numbers(t + datetime.timedelta(hours=1)).today == 1


def test_different_browsers_on_one_address_are_different_visitors(store):
    with time_machine.travel(at(2025, 3, 12, 2, 0, 0), tick=False):
        view(ua=CHROME)
        view(ua=SAFARI_IOS)
        assert numbers().today == 2


# --- 4. midnight (17:00 UTC), also with the server's own time zone set to UTC -------------


@pytest.fixture(params=["Asia/Ho_Chi_Minh", "UTC"], ids=["server-tz-vn", "server-tz-utc"])
def server_tz(request, settings):
    # Changing TIME_ZONE also sets the process TZ (and time.tzset()): Django's test signal.
    settings.TIME_ZONE = request.param
    assert os.environ["TZ"] == request.param
    assert time.localtime(1741748400).tm_gmtoff == (0 if request.param == "UTC" else 7 * 3600)
    return request.param


def test_midnight_is_17_00_utc_and_splits_visits(store, server_tz):
    tuesday, wednesday = datetime.date(2025, 3, 11), datetime.date(2025, 3, 12)
    with time_machine.travel(at(2025, 3, 11, 16, 59, 30), tick=False):  # 23:59:30 +07
        assert view() is True
        assert numbers().today == 1
    with time_machine.travel(at(2025, 3, 11, 17, 0, 0), tick=False):  # 00:00:00 +07
        n = numbers()
        assert n.today == 0
        assert n.week == 1
        assert stored(tuesday) == 1
    with time_machine.travel(at(2025, 3, 11, 17, 0, 10), tick=False):  # 00:00:10 +07, 40 s later
        assert view() is True  # a new local day starts a new visit
        n = numbers()
    assert (n.today, n.week, n.total) == (1, 2, 2)
    assert stored(tuesday) == 1
    assert stored(wednesday) == 1
    # Hours are local too: 23h on Tuesday, 0h on Wednesday.
    if store.name == "database":
        assert HourlyVisits.objects.get(day=tuesday).hour == 23
        assert HourlyVisits.objects.get(day=wednesday).hour == 0


# --- 5. the ISO week, from dates ------------------------------------------------------------


def _seed(days: dict) -> None:
    DailyVisits.objects.bulk_create([DailyVisits(day=d, visits=v) for d, v in days.items()])


def test_week_resets_on_monday_and_the_total_does_not_change(store):
    _seed({datetime.date(2024, 12, 29): 1000, datetime.date(2024, 12, 30): 10, datetime.date(2025, 1, 4): 20})
    with time_machine.travel(at(2025, 1, 5, 16, 59, 50), tick=False):  # Sun 23:59:50 +07
        view()
    sunday = numbers(at(2025, 1, 5, 16, 59, 59))  # Sun 23:59:59 +07
    monday = numbers(at(2025, 1, 5, 17, 0, 0))  # Mon 2025-01-06 00:00:00 +07
    assert (sunday.today, sunday.week, sunday.total) == (1, 31, 1031)
    assert (monday.today, monday.week, monday.total) == (0, 0, 1031)


def test_week_of_new_year_sums_monday_30_december_to_wednesday_1_january(store):
    _seed(
        {
            datetime.date(2024, 12, 29): 1000,  # Sunday: the previous ISO week
            datetime.date(2024, 12, 30): 1,
            datetime.date(2024, 12, 31): 2,
        }
    )
    with time_machine.travel(at(2025, 1, 1, 3, 0, 0), tick=False):  # Wed 2025-01-01 10:00 +07
        view()
        view(ip="203.0.113.11")
        view(ip="203.0.113.12")
        view(ip="203.0.113.13")
        n = numbers()
    assert (n.today, n.week, n.total) == (4, 7, 1007)


def test_the_week_is_computed_from_dates_not_week_numbers():
    from stats.utils import week_start

    # 2024-12-30 is in ISO week 2025-W01; WEEKOFYEAR/YEAR pairs get this wrong.
    assert week_start(datetime.date(2025, 1, 1)) == datetime.date(2024, 12, 30)
    assert week_start(datetime.date(2024, 12, 29)) == datetime.date(2024, 12, 23)
    assert week_start(datetime.date(2025, 1, 6)) == datetime.date(2025, 1, 6)
    assert week_start(datetime.date(2026, 1, 4)) == datetime.date(2025, 12, 29)


# --- 7. online ------------------------------------------------------------------------------


def test_a_visitor_is_online_for_300_seconds_after_a_view(store):
    t = at(2025, 3, 12, 2, 0, 0)
    with time_machine.travel(t, tick=False):
        view()
    assert numbers(t + datetime.timedelta(seconds=299)).online == 1
    assert numbers(t + datetime.timedelta(seconds=301)).online == 0


def test_one_hundred_views_by_one_visitor_are_one_online_and_one_visit(store):
    t = at(2025, 3, 12, 2, 0, 0)
    for i in range(100):
        with time_machine.travel(t + datetime.timedelta(seconds=i), tick=False):
            view()
    n = numbers(t + datetime.timedelta(seconds=100))
    assert (n.online, n.today) == (1, 1)


def test_around_midnight_one_person_may_count_twice_online(store):
    # Accepted: the visitor key changes with the day's salt, so for up to the online window
    # the same person is two visitors.
    with time_machine.travel(at(2025, 3, 11, 16, 59, 0), tick=False):
        view()
    with time_machine.travel(at(2025, 3, 11, 17, 1, 0), tick=False):
        view()
        assert numbers().online == 2
