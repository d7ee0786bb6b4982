"""The demo statistics: the old site's total and 400 days of traffic; loading twice changes nothing."""

import datetime
import io

import pytest
import time_machine

from demo import stats as demo
from stats.models import CounterBaseline, DailyVisits, HourlyVisits
from tests.stats.conftest import _fresh_counter  # noqa: F401  (autouse: the stats tests' fresh counter)
from tests.stats.helpers import at, numbers

pytestmark = pytest.mark.django_db

T = at(2025, 3, 12, 3, 0, 0)


def test_demo_loads_a_baseline_and_400_days_and_is_idempotent():
    with time_machine.travel(T, tick=False):
        demo.load(io.StringIO())
        first = (
            list(DailyVisits.objects.order_by("day").values_list("day", "visits")),
            HourlyVisits.objects.count(),
            CounterBaseline.objects.get().visits,
        )
        demo.load(io.StringIO())
        second = (
            list(DailyVisits.objects.order_by("day").values_list("day", "visits")),
            HourlyVisits.objects.count(),
            CounterBaseline.objects.get().visits,
        )
        n = numbers()
    assert first == second
    days = first[0]
    assert len(days) == 400 and days[-1][0] == datetime.date(2025, 3, 11)
    assert first[2] == 3_782_582
    assert CounterBaseline.objects.get().as_of < days[0][0]
    assert 200 < sum(v for _, v in days) / 400 < 3000  # a district portal without bots
    # Every day's hours add up to the day.
    day, visits = days[100]
    assert sum(HourlyVisits.objects.filter(day=day).values_list("visits", flat=True)) == visits
    assert n.today == 0 and n.total == 3_782_582 + sum(v for _, v in days)


def test_demo_never_overwrites_a_counted_day():
    DailyVisits.objects.create(day=datetime.date(2025, 3, 11), visits=7)
    with time_machine.travel(T, tick=False):
        demo.load(io.StringIO())
    assert DailyVisits.objects.get(day=datetime.date(2025, 3, 11)).visits == 7
