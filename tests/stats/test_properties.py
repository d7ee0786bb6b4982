"""Under random traffic, 0 ≤ Hôm nay ≤ Trong tuần ≤ Tất cả, each non-decreasing in its period,
and the visits equal those of a plain reference model of the rules (docs/visit-counter.md,
"The four numbers")."""

import datetime

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stats.counter import compute_numbers, count_hit
from stats.models import CounterBaseline, DailyVisits, HourlyVisits, VisitorPresence, VisitSalt
from stats.utils import local_moment, week_start

from .helpers import CHROME, at

pytestmark = pytest.mark.django_db

START = at(2024, 12, 27, 10, 0, 0)  # a Friday; traffic runs across the new year and a week end

events = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=5),  # visitor
        st.integers(min_value=0, max_value=4 * 3600),  # seconds since the previous event
    ),
    min_size=1,
    max_size=40,
)


def _reset() -> None:
    for model in (DailyVisits, HourlyVisits, VisitorPresence, VisitSalt, CounterBaseline):
        model.objects.all().delete()
    cache.clear()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(traffic=events, baseline=st.integers(min_value=0, max_value=10**7))
def test_today_week_total_invariants_under_random_traffic(traffic, baseline):
    _reset()
    CounterBaseline.objects.create(pk=1, visits=baseline)
    now = START
    previous = None
    last_seen: dict[tuple, datetime.datetime] = {}  # reference model: (visitor, local day) → last view
    expected_by_day: dict[datetime.date, int] = {}
    for visitor, gap in traffic:
        now += datetime.timedelta(seconds=gap)
        day, _ = local_moment(now, "Asia/Ho_Chi_Minh")
        seen = last_seen.get((visitor, day))
        if seen is None or now - seen >= datetime.timedelta(seconds=1800):
            expected_by_day[day] = expected_by_day.get(day, 0) + 1
        last_seen[(visitor, day)] = now
        count_hit(f"203.0.113.{visitor}", CHROME, "testserver", now=now)

        n = compute_numbers(now)
        assert 0 <= n.today <= n.week <= n.total
        assert n.today == expected_by_day.get(day, 0)
        assert n.week == sum(v for d, v in expected_by_day.items() if week_start(day) <= d <= day)
        assert n.total == baseline + sum(expected_by_day.values())
        assert 1 <= n.online <= 6
        if previous is not None:
            prev_day, prev = previous
            assert n.total >= prev.total
            if prev_day == day:
                assert n.today >= prev.today
            if week_start(prev_day) == week_start(day):
                assert n.week >= prev.week
        previous = (day, n)
