"""Management commands: set_visit_baseline, prune_visits, flush/reseed without Redis."""

import datetime
import io

import pytest
import time_machine
from django.core.management import CommandError, call_command

from stats.models import CounterBaseline, DailyVisits, ObjectDailyCount, VisitorPresence

from .helpers import at, numbers

pytestmark = pytest.mark.django_db

T = at(2025, 3, 12, 3, 0, 0)


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_baseline_is_added_to_the_total_and_setting_it_again_changes_nothing():
    DailyVisits.objects.create(day=datetime.date(2025, 3, 10), visits=10)
    with time_machine.travel(T, tick=False):
        assert "Đã đặt" in run("set_visit_baseline", "1234567", "--as-of", "2024-06-30")
        first = (numbers(), CounterBaseline.objects.get().updated_at)
        assert "Không đổi" in run("set_visit_baseline", "1234567", "--as-of", "30/06/2024")
        second = (numbers(), CounterBaseline.objects.get().updated_at)
    assert first == second
    assert first[0].total == 1234567 + 10
    assert CounterBaseline.objects.get().as_of == datetime.date(2024, 6, 30)


def test_a_new_baseline_shows_at_once_in_the_total():
    with time_machine.travel(T, tick=False):
        run("set_visit_baseline", "100", "--as-of", "2024-06-30")
        assert numbers().total == 100
        run("set_visit_baseline", "250", "--as-of", "2024-06-30")
        assert numbers().total == 250


def test_baseline_refuses_a_negative_number_or_a_bad_date():
    with pytest.raises(CommandError):
        run("set_visit_baseline", "-5", "--as-of", "2024-06-30")
    with pytest.raises(CommandError):
        run("set_visit_baseline", "5", "--as-of", "30-06-2024x")


def test_baseline_warns_when_counted_days_overlap_the_old_site():
    DailyVisits.objects.create(day=datetime.date(2024, 6, 29), visits=10)
    assert "Lưu ý" in run("set_visit_baseline", "5", "--as-of", "2024-06-30")


def test_flush_and_reseed_without_redis_say_so_and_change_nothing():
    assert "Không dùng Redis" in run("flush_visit_counts")
    assert "Không dùng Redis" in run("reseed_visit_counters")


def test_prune_visits_keeps_yesterday_and_today_and_old_object_counts_go(settings):
    for days_ago in range(4):
        VisitorPresence.objects.create(
            day=datetime.date(2025, 3, 12) - datetime.timedelta(days=days_ago),
            visitor_key=f"{days_ago:032x}",
            visit_started=T,
            last_seen=T,
        )
    ObjectDailyCount.objects.create(
        day=datetime.date(2023, 1, 1), kind="view", model="news.article", object_id=1
    )
    ObjectDailyCount.objects.create(
        day=datetime.date(2025, 3, 1), kind="view", model="news.article", object_id=1
    )
    with time_machine.travel(T, tick=False):
        out = run("prune_visits")
    assert "2 khóa khách" in out
    assert VisitorPresence.objects.count() == 2
    assert list(ObjectDailyCount.objects.values_list("day", flat=True)) == [datetime.date(2025, 3, 1)]
