"""On a real Redis: flush and reseed, no database write per view, outage.

The rules: docs/visit-counter.md, "Redis mode" and "Failures".
"""

import datetime
import logging
import time

import pytest
import time_machine
from django.core.management import call_command

from stats.backends import get_backend, reset_backends
from stats.counter import count_hit
from stats.models import DailyVisits, HourlyVisits

from .helpers import CHROME, at, browser, numbers

pytestmark = pytest.mark.django_db

T = at(2025, 3, 12, 3, 0, 0)  # Wed 10:00 +07
TODAY = datetime.date(2025, 3, 12)


def _visits(n: int, now=T, first_ip: int = 1) -> None:
    for i in range(first_ip, first_ip + n):
        count_hit(f"203.0.113.{i}", CHROME, "testserver", now=now)


def _quiet(*args) -> str:
    class Out:
        text = ""

        def write(self, s):
            Out.text += s

    call_command(*args, stdout=Out())
    return Out.text


def test_a_view_in_redis_mode_writes_nothing_to_the_database(redis_store, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert count_hit("203.0.113.1", CHROME, "testserver", now=T) is True
        assert count_hit("203.0.113.1", CHROME, "testserver", now=T) is False
    assert not DailyVisits.objects.exists()
    assert redis_store.read([TODAY], T) == ({TODAY: 1}, 1)


def test_each_view_is_one_script_call(redis_store, monkeypatch):
    calls = []
    script = redis_store._record
    monkeypatch.setattr(redis_store, "_record", lambda **kw: calls.append(kw["keys"]) or script(**kw))
    redis_store.salt(TODAY)  # the day's salt is fetched once per process and day
    count_hit("203.0.113.1", CHROME, "testserver", now=T)
    count_hit("203.0.113.2", CHROME, "testserver", now=T)
    assert len(calls) == 2


def test_flush_persists_days_and_hours_and_twice_changes_nothing(redis_store):
    _visits(7)
    with time_machine.travel(T, tick=False):
        _quiet("flush_visit_counts")
        first = (
            list(DailyVisits.objects.values_list("day", "visits")),
            list(HourlyVisits.objects.values_list("day", "hour", "visits")),
        )
        _quiet("flush_visit_counts")
        second = (
            list(DailyVisits.objects.values_list("day", "visits")),
            list(HourlyVisits.objects.values_list("day", "hour", "visits")),
        )
    assert first == second == ([(TODAY, 7)], [(TODAY, 10, 7)])


def test_flush_never_lowers_a_day(redis_store):
    DailyVisits.objects.create(day=TODAY, visits=100)  # e.g. counted in database mode before
    redis_store.client.set(redis_store.key("seeded"), "1")  # Redis has seen the database already
    _visits(3)
    with time_machine.travel(T, tick=False):
        _quiet("flush_visit_counts")
    assert DailyVisits.objects.get(day=TODAY).visits == 100


def test_total_is_baseline_plus_every_counted_day(redis_store):
    DailyVisits.objects.create(day=datetime.date(2024, 12, 1), visits=500)  # long flushed
    _visits(5)
    with time_machine.travel(T, tick=False):
        _quiet("set_visit_baseline", "1234567", "--as-of", "2024-06-30")
        before = numbers()
        _quiet("set_visit_baseline", "1234567", "--as-of", "2024-06-30")
        _quiet("flush_visit_counts")
        _quiet("flush_visit_counts")
        after = numbers()
    assert before.total == after.total == 1234567 + 500 + 5
    assert (after.today, after.week) == (5, 5)


def test_reseed_after_redis_lost_its_data_loses_no_day(redis_store):
    yesterday = T - datetime.timedelta(days=1)
    _visits(4, now=yesterday)
    _visits(6)
    with time_machine.travel(T, tick=False):
        _quiet("flush_visit_counts")
        before = numbers()
        redis_store.delete_all()  # FLUSHALL, as far as this prefix is concerned
        _visits(2, first_ip=100)  # counted after the loss, before anyone reseeds
        out = _quiet("reseed_visit_counters")
        _quiet("reseed_visit_counters")  # idempotent: the marker is set now
        after = numbers()
        _quiet("flush_visit_counts")
    assert "Đã nạp" in out
    assert before.total == 10
    assert (after.today, after.week, after.total) == (8, 12, 12)  # Tue + Wed
    assert DailyVisits.objects.get(day=TODAY).visits == 8
    assert DailyVisits.objects.get(day=TODAY - datetime.timedelta(days=1)).visits == 4


def test_flush_reseeds_by_itself_when_redis_came_back_empty(redis_store):
    _visits(5)
    with time_machine.travel(T, tick=False):
        _quiet("flush_visit_counts")
        redis_store.delete_all()
        _visits(1, first_ip=50)
        _quiet("flush_visit_counts")  # no reseed ran: flush sees the missing marker
    assert DailyVisits.objects.get(day=TODAY).visits == 6


def test_switching_from_database_to_redis_carries_the_recent_days(settings, redis_store):
    url, settings.REDIS_URL = settings.REDIS_URL, ""
    reset_backends()
    _visits(3)  # database mode
    settings.REDIS_URL = url
    reset_backends()
    with time_machine.travel(T, tick=False):
        _quiet("reseed_visit_counters")
        _visits(2, first_ip=20)  # now in Redis
        n = numbers()
    assert n.today == 5


def test_day_counters_expire_after_35_days_and_salts_after_48_hours(redis_store):
    _visits(1)
    ttl = redis_store.client.ttl
    assert 0 < ttl(redis_store.key("salt", TODAY.isoformat())) <= 48 * 3600
    assert 34 * 86400 < ttl(redis_store.key("d", TODAY.isoformat())) <= 35 * 86400
    visitor_keys = [k for k in redis_store.keys() if ":v:" in k]
    assert len(visitor_keys) == 1 and 0 < redis_store.client.pttl(visitor_keys[0]) <= 31 * 60 * 1000


# --- Redis down: pages are served, counts skipped, logs rate-limited ---------------------------


@pytest.fixture
def dead_redis(settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    reset_backends()
    return get_backend()


@pytest.mark.urls("tests.stats.urls")
def test_with_redis_down_pages_are_served_and_the_drop_is_logged(dead_redis, site_identity, caplog):
    caplog.set_level(logging.WARNING, logger="stats")
    started = time.monotonic()
    response = browser(ip="198.51.100.77").get("/thong-ke/ve-so-lieu/")
    elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert 'id="visit-stats"' in response.content.decode()  # the widget falls back to the database
    assert elapsed < 2
    messages = [r.getMessage() for r in caplog.records if r.name == "stats"]
    assert any("counting skipped" in m for m in messages)
    assert any("Redis unreadable" in m for m in messages)


@pytest.mark.urls("tests.stats.urls")
def test_with_redis_down_later_requests_do_not_wait_and_logs_are_rate_limited(dead_redis, caplog):
    from stats import failures

    caplog.set_level(logging.WARNING, logger="stats")
    for i in range(20):
        assert browser(ip=f"198.51.100.{i}").get("/_t/page/").status_code == 200
    skipped = [r for r in caplog.records if "counting skipped" in r.getMessage()]
    assert len(skipped) == 1  # once a minute at most
    assert failures.dropped.total == 20  # every drop is still counted (a metric)


def test_a_redis_timeout_is_short(settings):
    assert settings.VISIT_REDIS_TIMEOUT <= 0.1


def test_a_salt_lost_by_redis_is_restored_by_the_server_holding_it(redis_store):
    assert count_hit("203.0.113.1", CHROME, "testserver", now=T) is True
    salt_key = redis_store.key("salt", TODAY.isoformat())
    held = redis_store.client.get(salt_key)
    redis_store.client.delete(salt_key)
    # Same visitor ten minutes later: same salt put back, same key, still the same visit.
    assert count_hit("203.0.113.1", CHROME, "testserver", now=T + datetime.timedelta(minutes=10)) is False
    assert redis_store.client.get(salt_key) == held


def test_a_salt_set_by_another_server_is_adopted_at_once(redis_store):
    count_hit("203.0.113.1", CHROME, "testserver", now=T)
    redis_store.client.set(redis_store.key("salt", TODAY.isoformat()), "ab" * 32)
    assert count_hit("203.0.113.2", CHROME, "testserver", now=T) is True
    assert redis_store.salt(TODAY) == bytes.fromhex("ab" * 32)
    assert redis_store.read([TODAY], T)[0] == {TODAY: 2}
