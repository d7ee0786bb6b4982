"""The buffered write path production uses (stats/buffer.py, VISIT_BUFFER_SECONDS > 0).

Hits wait in each worker and reach the store in one operation per batch. These tests prove a
batch counts exactly what the same hits sent one by one count, that pages never wait for or
fail on the store, and that hits are not lost when a worker stops gracefully.
"""

import datetime
import logging
import multiprocessing
import os
import random
import subprocess
import sys
import textwrap
import time

import pytest
import time_machine
from django.conf import settings as django_settings
from django.db import connection

from stats import counter, failures
from stats.backends import fold
from stats.buffer import HitBuffer, Seen
from stats.counter import recent_daily
from stats.hits import make_hit
from stats.models import DailyVisits, HourlyVisits, ObjectDailyCount, VisitorPresence

from .helpers import CHROME, SAFARI_IOS, ZALO, at, browser, numbers

T = at(2025, 3, 12, 3, 0, 0)
TODAY = datetime.date(2025, 3, 12)
MIN = datetime.timedelta(minutes=1)
ARTICLE = ("view", "news.article", 7)

pytestmark = pytest.mark.django_db


@pytest.fixture
def buffer(settings, monkeypatch):
    """The request path buffers into a buffer this test flushes itself (no thread)."""
    settings.VISIT_BUFFER_SECONDS = 60
    own = HitBuffer(start_thread=False)
    monkeypatch.setattr(counter, "BUFFER", own)
    return own


def _add(buffer, ip, now, ua=CHROME, objects=()):
    assert buffer.add(Seen(now, ip, "", ua, "testserver", True, tuple(objects)))


def _snapshot(store, days):
    """Everything a store counted: visits per day and hour, object counts, online at the end."""
    if store.name == "redis":
        snap = store.snapshot(days)
        return snap["daily"], snap["hourly"], snap["objects"]
    return (
        dict(DailyVisits.objects.values_list("day", "visits")),
        {(r.day, r.hour): r.visits for r in HourlyVisits.objects.all()},
        {(r.day, r.kind, r.model, r.object_id): r.count for r in ObjectDailyCount.objects.all()},
    )


def _wipe(store):
    if store.name == "redis":
        store.delete_all()
        store.forget_salt(TODAY)
    else:
        for model in (VisitorPresence, DailyVisits, HourlyVisits, ObjectDailyCount):
            model.objects.all().delete()


# --- a batch counts what single hits count -------------------------------------------------


def test_fold_keeps_only_what_can_start_a_visit():
    hits = [
        make_hit("203.0.113.1", CHROME, "h", now=T + d)[0]
        for d in (MIN * 0, MIN * 10, MIN * 39, MIN * 70, datetime.timedelta(minutes=100))
    ]
    runs = fold(hits, 1800).runs
    # 0, 10, 39 are each < 30 min after the one before: one run; 70 is 31 min after 39: a new one;
    # 100 is exactly 30 min after 70: a gap of 30 minutes or more starts a new visit.
    spans = [(r.first - T, r.last - T) for r in runs]
    assert spans == [(MIN * 0, MIN * 39), (MIN * 70, MIN * 70), (MIN * 100, MIN * 100)]


def test_a_batch_counts_exactly_what_the_same_hits_sent_one_by_one_count(store):
    rng = random.Random(35)
    visitors = [f"198.51.100.{i}" for i in range(12)]
    hits, moment = [], T
    for _ in range(300):
        moment += datetime.timedelta(seconds=rng.choice([1, 5, 40, 400, 1799, 1800, 1801]))
        objects = (ARTICLE,) if rng.random() < 0.3 else ()
        ua = rng.choice([CHROME, ZALO])
        hits.append(make_hit(rng.choice(visitors), ua, "h", objects=objects, now=moment))
    days = sorted({h.day for h, _ in hits})
    for hit, salt in hits:
        store.record(hit, salt)
    one_by_one = _snapshot(store, days)
    _wipe(store)
    salts = {hit.day: salt for hit, salt in hits}
    start = 0
    while start < len(hits):  # batches of random size, in order, as a worker sends them
        size = rng.randint(1, 40)
        store.record_batch([h for h, _ in hits[start : start + size]], salts)
        start += size
    assert _snapshot(store, days) == one_by_one
    assert sum(one_by_one[0].values()) > 20  # the sequence crossed the 30-minute rule often


def test_a_late_batch_is_judged_by_its_views_times_not_by_its_arrival(store):
    first, salt = make_hit("203.0.113.1", CHROME, "h", now=T)
    store.record(first, salt)
    later, _ = make_hit("203.0.113.1", CHROME, "h", now=T + MIN * 29)
    # sent 5 minutes late (past the first view's 30 minutes): still the same visit
    with time_machine.travel(T + MIN * 34, tick=False):
        assert store.record_batch([later], {TODAY: salt}).new_visits == 0
    assert recent_daily([TODAY], T + MIN * 34)[0] == {TODAY: 1}


# --- the request path -----------------------------------------------------------------------


@pytest.mark.urls("tests.stats.urls")
def test_pages_are_counted_when_the_buffer_is_sent(buffer, countable_model):
    countable_model.objects.create(id=2, title="Bài 2")
    with time_machine.travel(T, tick=False):
        browser(ip="203.0.113.1").get("/_t/page/")
        browser(ip="203.0.113.1").get("/_t/article/2/")
        browser(SAFARI_IOS, ip="203.0.113.2").get("/_t/article/2/")
        assert numbers().today == 0 and len(buffer) == 3  # waiting, not yet in the store
        assert buffer.flush() == 2
        n = numbers()
    assert (n.today, n.online) == (2, 2)
    assert countable_model.objects.get(id=2).view_count == 2
    assert buffer.flush() is None and len(buffer) == 0  # nothing sent twice


@pytest.mark.urls("tests.stats.urls")
def test_a_buffered_view_costs_the_request_no_query(buffer, django_assert_num_queries):
    browser(ip="203.0.113.1").get("/_t/page/")  # the day's salt is fetched once per process
    with django_assert_num_queries(0):
        for i in range(5):
            browser(ip=f"203.0.113.{i}").get("/_t/page/")
    assert len(buffer) == 6 and buffer.flush() == 5


@pytest.mark.urls("tests.stats.urls")
def test_a_page_cache_hit_counts_its_article_from_the_stored_page(buffer, countable_model, settings):
    settings.PAGE_CACHE_SECONDS = 15
    countable_model.objects.create(id=3, title="Bài 3")
    from . import urls as test_urls

    test_urls.CALLS["article"] = 0
    responses = [browser(ip=f"203.0.113.{i}").get("/_t/article/3/") for i in range(4)]
    assert [r["X-Page-Cache"] for r in responses] == ["miss", "hit", "hit", "hit"]
    assert test_urls.CALLS["article"] == 1
    buffer.flush()
    assert countable_model.objects.get(id=3).view_count == 4


@pytest.mark.urls("tests.stats.urls")
def test_a_full_buffer_drops_later_hits_and_logs_it(buffer, settings, caplog):
    settings.VISIT_BUFFER_MAX_HITS = 3
    caplog.set_level(logging.WARNING, logger="stats")
    for i in range(5):
        assert browser(ip=f"203.0.113.{i}").get("/_t/page/").status_code == 200
    assert len(buffer) == 3 and failures.dropped.total == 2
    assert any("requests already wait" in r.getMessage() for r in caplog.records)
    assert buffer.flush() == 3


def test_a_store_failure_drops_the_batch_logs_it_and_raises_nothing(buffer, settings, caplog):
    with time_machine.travel(T, tick=False):
        for i in range(4):
            _add(buffer, f"203.0.113.{i}", T)
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    from stats.backends import reset_backends

    reset_backends()
    caplog.set_level(logging.WARNING, logger="stats")
    assert buffer.flush() is None
    assert len(buffer) == 0 and failures.dropped.total == 4
    assert any("counting skipped" in r.getMessage() for r in caplog.records)


def test_a_salt_replaced_by_another_server_is_adopted_and_nothing_is_lost(buffer, redis_store):
    _add(buffer, "203.0.113.1", T)
    assert buffer.flush() == 1
    # Redis lost its data and another server set a new salt for the day.
    redis_store.client.set(redis_store.key("salt", TODAY.isoformat()), "ab" * 32)
    _add(buffer, "203.0.113.2", T + MIN)
    _add(buffer, "203.0.113.1", T + MIN)
    assert buffer.flush() == 2 and failures.dropped.total == 0  # keyed again with the new salt
    assert redis_store.salt(TODAY) == bytes.fromhex("ab" * 32)


def test_the_raw_address_and_user_agent_never_reach_the_store(buffer, redis_store):
    _add(buffer, "203.0.113.77", T, ua=ZALO)
    buffer.flush()
    keys = list(redis_store.client.scan_iter(redis_store.prefix + "*"))
    dump = b" ".join(k + b" " + (redis_store.client.dump(k) or b"") for k in keys)
    assert b"203.0.113.77" not in dump and b"Zalo" not in dump
    assert redis_store.read([TODAY], T) == ({TODAY: 1}, 1)


# --- the flushing thread, forks and exits ---------------------------------------------------


def test_the_thread_sends_the_hits_without_being_asked(settings, redis_store):
    settings.VISIT_BUFFER_SECONDS = 0.05
    buffer = HitBuffer(start_thread=True)
    for i in range(3):
        _add(buffer, f"203.0.113.{i}", T)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and redis_store.read([TODAY], T)[0] != {TODAY: 3}:
        time.sleep(0.02)
    assert redis_store.read([TODAY], T) == ({TODAY: 3}, 3)
    assert len(buffer) == 0


def _child_adds_one_and_flushes(buffer, results):
    from stats.backends import reset_backends

    reset_backends()
    _add(buffer, "198.51.100.9", T)
    results.put((len(buffer), buffer.flush()))


def test_a_forked_worker_does_not_send_its_parents_hits(redis_store):
    buffer = HitBuffer(start_thread=False)
    for i in range(3):
        _add(buffer, f"203.0.113.{i}", T)
    fork = multiprocessing.get_context("fork")
    results = fork.Queue()
    child = fork.Process(target=_child_adds_one_and_flushes, args=(buffer, results))
    child.start()
    assert results.get(timeout=30) == (1, 1)  # the child held and sent its own hit only
    child.join(timeout=30)
    assert redis_store.read([TODAY], T)[0] == {TODAY: 1}
    assert buffer.flush() == 3
    assert redis_store.read([TODAY], T)[0] == {TODAY: 4}


def test_a_worker_that_stops_sends_what_it_was_holding(redis_store):
    """A process that exits normally (gunicorn's graceful stop, max_requests) flushes at exit."""
    script = textwrap.dedent(
        f"""
        import datetime, django
        django.setup()
        from django.conf import settings
        settings.VISIT_BUFFER_SECONDS = 60  # the thread would not send them before the exit
        from stats.buffer import BUFFER, Seen
        now = datetime.datetime({T.year}, {T.month}, {T.day}, {T.hour}, tzinfo=datetime.UTC)
        for i in range(5):
            BUFFER.add(Seen(now, f"203.0.113.{{i}}", "", "{CHROME}", "h", True))
        """
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.test_settings",
        "REDIS_URL": django_settings.REDIS_URL,
        "VISIT_REDIS_PREFIX": redis_store.prefix,
        "DATABASE_URL": _database_url(),
    }
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    assert redis_store.read([TODAY], T)[0] == {TODAY: 5}


def _database_url() -> str:
    """The child only reaches Redis; any database URL the settings accept will do."""
    if connection.vendor == "postgresql":
        params = connection.settings_dict
        host, port = params["HOST"] or "127.0.0.1", params["PORT"] or 5432
        return f"postgres://{params['USER']}@{host}:{port}/postgres"
    return "sqlite:////tmp/bcd35-buffer-exit-test.sqlite3"


def test_a_flush_sends_chunks_and_a_failed_chunk_loses_only_itself(buffer, monkeypatch, redis_store):
    from stats import buffer as buffer_module

    monkeypatch.setattr(buffer_module, "CHUNK", 2)
    calls = []
    real = redis_store.record_batch

    def record_batch(hits, salts):
        calls.append(len(hits))
        if len(calls) == 2:
            raise ConnectionError("Redis went away for a moment")
        return real(hits, salts)

    monkeypatch.setattr(redis_store, "record_batch", record_batch)
    for i in range(5):
        _add(buffer, f"203.0.113.{i}", T)
    assert buffer.flush() == 3
    assert calls == [2, 2, 1] and failures.dropped.total == 2
    assert redis_store.read([TODAY], T)[0] == {TODAY: 3}
