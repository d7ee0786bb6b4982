"""Database-only store (SQLite or PostgreSQL): atomic upserts, no read-then-write in Python.

The same SQL text runs on both engines (INSERT … ON CONFLICT … DO UPDATE … RETURNING, CASE
instead of GREATEST). Per batch of eligible views (stats.buffer; one view when unbuffered), in
one transaction, for each run of views of one visitor (stats.backends.fold):

1. upsert the visitor's presence row for the day. The insert branch sets `started_visit`
   true; the conflict branch sets it to "the stored last view is 1800 s old or more" and moves
   `last_seen` forward only. `RETURNING started_visit` tells this view's outcome. Two
   simultaneous first views serialise on the unique (day, key) index: one inserts, the other
   takes the conflict branch and reads false, so they count once. (Inferring "new" from
   visit_started = last_seen would count both.)
2. when it started a visit, add one to the day's and the hour's rows (additive upserts).

Every row names its site (`site_id`, part of every unique rule and so of every ON CONFLICT):
a batch may hold the hits of several sites, each counted on its own. The day's salt is one
for all sites (the visitor key is made from the site too, stats.hits).
"""

import datetime
import logging
import secrets
from collections import Counter

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, transaction
from django.db.models import F

from ..models import DailyVisits, HourlyVisits, ObjectDailyCount, VisitorPresence, VisitSalt
from ..utils import seconds_until_next_day
from .base import BatchResult, Hit, Run, VisitBackend, fold, site_or_current

logger = logging.getLogger("stats")

COUNT_FIELDS = {"view": "view_count", "download": "download_count"}
SALT_CACHE_KEY = "stats:salt:{day}"


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _table(model) -> str:
    return _q(model._meta.db_table)


def _dt(value: datetime.datetime):
    return connection.ops.adapt_datetimefield_value(value)


def _d(value: datetime.date):
    return connection.ops.adapt_datefield_value(value)


# --- SQL shared by the per-view path and by flush_visit_counts ----------------------------


def add_daily(cursor, site_id: int, day: datetime.date, amount: int = 1) -> None:
    t = _table(DailyVisits)
    cursor.execute(
        f"INSERT INTO {t} (site_id, day, visits) VALUES (%s, %s, %s) "
        f"ON CONFLICT (site_id, day) DO UPDATE SET visits = {t}.visits + EXCLUDED.visits",
        [site_id, _d(day), amount],
    )


def add_hourly(cursor, site_id: int, day: datetime.date, hour: int, amount: int = 1) -> None:
    t = _table(HourlyVisits)
    cursor.execute(
        f"INSERT INTO {t} (site_id, day, hour, visits) VALUES (%s, %s, %s, %s) "
        f"ON CONFLICT (site_id, day, hour) DO UPDATE SET visits = {t}.visits + EXCLUDED.visits",
        [site_id, _d(day), hour, amount],
    )


def raise_daily(cursor, site_id: int, day: datetime.date, visits: int) -> None:
    """visits = GREATEST(visits, value): idempotent and never regresses."""
    t = _table(DailyVisits)
    cursor.execute(
        f"INSERT INTO {t} (site_id, day, visits) VALUES (%s, %s, %s) "
        f"ON CONFLICT (site_id, day) DO UPDATE SET "
        f"visits = CASE WHEN {t}.visits < EXCLUDED.visits THEN EXCLUDED.visits ELSE {t}.visits END",
        [site_id, _d(day), visits],
    )


def raise_hourly(cursor, site_id: int, day: datetime.date, hour: int, visits: int) -> None:
    t = _table(HourlyVisits)
    cursor.execute(
        f"INSERT INTO {t} (site_id, day, hour, visits) VALUES (%s, %s, %s, %s) "
        f"ON CONFLICT (site_id, day, hour) DO UPDATE SET "
        f"visits = CASE WHEN {t}.visits < EXCLUDED.visits THEN EXCLUDED.visits ELSE {t}.visits END",
        [site_id, _d(day), hour, visits],
    )


def add_object(
    cursor, site_id: int, day: datetime.date, kind: str, label: str, pk: int, amount: int = 1
) -> None:
    t = _table(ObjectDailyCount)
    cursor.execute(
        f"INSERT INTO {t} (site_id, day, kind, model, object_id, count) VALUES (%s, %s, %s, %s, %s, %s) "
        f"ON CONFLICT (site_id, day, kind, model, object_id) "
        f"DO UPDATE SET count = {t}.count + EXCLUDED.count",
        [site_id, _d(day), kind, label, pk, amount],
    )


def bump_object_field(kind: str, label: str, pk: int, amount: int) -> None:
    """view_count / download_count += amount on the object itself, when its model has the field."""
    if amount <= 0:
        return
    model, field_name = counted_field(kind, label)
    if model is not None:
        model._base_manager.filter(pk=pk).update(**{field_name: F(field_name) + amount})


_FIELD_CACHE: dict[tuple[str, str], tuple] = {}


def counted_field(kind: str, label: str) -> tuple:
    """(model, "view_count") for a model label and kind, or (None, None)."""
    key = (kind, label)
    if key not in _FIELD_CACHE:
        result: tuple = (None, None)
        try:
            model = apps.get_model(label)
            field_name = COUNT_FIELDS[kind]
            model._meta.get_field(field_name)
            result = (model, field_name)
        except (LookupError, ValueError, KeyError, FieldDoesNotExist):
            pass
        _FIELD_CACHE[key] = result
    return _FIELD_CACHE[key]


def prune_before(day: datetime.date) -> dict[str, int]:
    """Delete salts and presence rows of days before `day` (and the salts' cached copies), on
    every site."""
    salts, _ = VisitSalt.objects.filter(day__lt=day).delete()
    presence, _ = VisitorPresence.every_site.filter(day__lt=day).delete()
    cache.delete_many(
        [SALT_CACHE_KEY.format(day=(day - datetime.timedelta(days=n)).isoformat()) for n in range(1, 15)]
    )
    return {"salts": salts, "presence": presence}


class DatabaseBackend(VisitBackend):
    name = "database"

    def __init__(self):
        self._salts: dict[datetime.date, bytes] = {}

    def salt(self, day: datetime.date, site_id: int | None = None) -> bytes:
        # One salt a day for every site (the visitor key names the site, stats.hits). A copy
        # in this process, then the Django cache (shared by the workers of a machine),
        # spare a query per view; the row is the truth, created first-writer-wins so every
        # server derives the same keys. A day's salt never changes while its row exists.
        held = self._salts.get(day)
        if held is not None:
            return held
        salt = self._load_salt(day)
        self._salts = {d: s for d, s in self._salts.items() if d >= day - datetime.timedelta(days=1)}
        self._salts[day] = salt
        return salt

    def _load_salt(self, day: datetime.date) -> bytes:
        cache_key = SALT_CACHE_KEY.format(day=day.isoformat())
        cached = cache.get(cache_key)
        if cached:
            return bytes.fromhex(cached)
        t = _table(VisitSalt)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {t} (day, salt) VALUES (%s, %s) ON CONFLICT (day) DO NOTHING RETURNING salt",
                [_d(day), secrets.token_hex(32)],
            )
            row = cursor.fetchone()
            created = row is not None
            if not created:
                cursor.execute(f"SELECT salt FROM {t} WHERE day = %s", [_d(day)])
                row = cursor.fetchone()
        if created:
            # A new day began: yesterday's salt stays (visits in progress at midnight), the one
            # before is now 48 h old and goes, with the presence rows it keyed.
            prune_before(day - datetime.timedelta(days=1))
        now = datetime.datetime.now(datetime.UTC)
        cache.set(cache_key, row[0], seconds_until_next_day(now, settings.VISIT_TIME_ZONE) + 3600)
        return bytes.fromhex(row[0])

    def forget_salt(self, day: datetime.date, site_id: int | None = None) -> None:
        self._salts.pop(day, None)
        cache.delete(SALT_CACHE_KEY.format(day=day.isoformat()))

    def record_batch(self, hits: list[Hit], salts: dict) -> BatchResult:
        """One transaction for the batch. Rows are taken in one fixed order (presence rows by
        site, day and key, then object rows, then day and hour rows), so two servers flushing
        at once wait for each other and never deadlock; the hot day row is held only at the end."""
        batch = fold(hits, settings.VISIT_INACTIVITY)
        new_days: Counter = Counter()
        new_hours: Counter = Counter()
        with transaction.atomic(), connection.cursor() as cursor:
            touch = self._touch_many if connection.vendor == "postgresql" else self._touch_each
            for run in touch(cursor, batch.runs):
                new_days[(run.site_id, run.day)] += 1
                new_hours[(run.site_id, run.day, run.hour)] += 1
            for (site_id, day, kind, label, pk), count in sorted(batch.objects.items()):
                add_object(cursor, site_id, day, kind, label, pk, count)
                bump_object_field(kind, label, pk, count)
            for (site_id, day), count in sorted(new_days.items()):
                add_daily(cursor, site_id, day, count)
            for (site_id, day, hour), count in sorted(new_hours.items()):
                add_hourly(cursor, site_id, day, hour, count)
        return BatchResult(sum(new_days.values()))

    def _touch_each(self, cursor, runs: list[Run]) -> list[Run]:
        """The runs that started a visit: one upsert per run (SQLite)."""
        return [run for run in runs if self._touch(cursor, run)]

    def _touch_many(self, cursor, runs: list[Run]) -> list[Run]:
        """The runs that started a visit: one upsert statement for the whole batch (PostgreSQL).

        The same rule as _touch, row by row; rows are taken in (day, key) order, as by every
        other flush, so two concurrent flushes never deadlock. A statement may not touch a row
        twice, so a visitor's second run in one batch (30 minutes apart) goes in a later round.
        """
        t = _table(VisitorPresence)
        started: list[Run] = []
        pending = runs
        while pending:
            round_runs, later, seen = [], [], set()
            for run in pending:
                (later if (run.site_id, run.day, run.visitor_key) in seen else round_runs).append(run)
                seen.add((run.site_id, run.day, run.visitor_key))
            stale = f"EXCLUDED.visit_started - make_interval(secs => {int(settings.VISIT_INACTIVITY)})"
            # Imprecision tolerated: a database crash may lose the counts of the last ~0.6 s
            # (3 × wal_writer_delay), never corrupt them; the commit waits for no fsync. Sent
            # with the first statement, so it costs no round trip.
            asynchronous = "SET LOCAL synchronous_commit TO OFF; " if not started and pending is runs else ""
            cursor.execute(
                f"{asynchronous}INSERT INTO {t} "
                f"(site_id, day, visitor_key, visit_started, last_seen, started_visit) "
                f"SELECT v.site_id, v.day, v.visitor_key, v.first_seen, v.last_seen, TRUE "
                f"FROM unnest(%s::integer[], %s::date[], %s::varchar[], "
                f"%s::timestamptz[], %s::timestamptz[]) "
                f"AS v(site_id, day, visitor_key, first_seen, last_seen) "
                f"ORDER BY v.site_id, v.day, v.visitor_key "
                f"ON CONFLICT (site_id, day, visitor_key) DO UPDATE SET "
                f"started_visit = ({t}.last_seen <= {stale}), "
                f"visit_started = CASE WHEN {t}.last_seen <= {stale} THEN EXCLUDED.visit_started "
                f"ELSE {t}.visit_started END, "
                f"last_seen = GREATEST({t}.last_seen, EXCLUDED.last_seen) "
                f"RETURNING site_id, day, visitor_key, started_visit",
                [
                    [run.site_id for run in round_runs],
                    [run.day for run in round_runs],
                    [run.visitor_key for run in round_runs],
                    [run.first for run in round_runs],
                    [run.last for run in round_runs],
                ],
            )
            if asynchronous:
                cursor.nextset()  # psycopg keeps one result per statement: the SET's comes first
            by_key = {(run.site_id, run.day, run.visitor_key): run for run in round_runs}
            started += [by_key[(site, day, key)] for site, day, key, new in cursor.fetchall() if new]
            pending = later
        return started

    def _touch(self, cursor, run: Run) -> bool:
        t = _table(VisitorPresence)
        stale = _dt(run.first - datetime.timedelta(seconds=settings.VISIT_INACTIVITY))
        cursor.execute(
            f"INSERT INTO {t} (site_id, day, visitor_key, visit_started, last_seen, started_visit) "
            f"VALUES (%s, %s, %s, %s, %s, %s) "
            f"ON CONFLICT (site_id, day, visitor_key) DO UPDATE SET "
            f"started_visit = ({t}.last_seen <= %s), "
            f"visit_started = CASE WHEN {t}.last_seen <= %s THEN EXCLUDED.visit_started "
            f"ELSE {t}.visit_started END, "
            f"last_seen = CASE WHEN {t}.last_seen < EXCLUDED.last_seen THEN EXCLUDED.last_seen "
            f"ELSE {t}.last_seen END "
            f"RETURNING started_visit",
            [run.site_id, _d(run.day), run.visitor_key, _dt(run.first), _dt(run.last), True, stale, stale],
        )
        return bool(cursor.fetchone()[0])

    def read(
        self, days: list[datetime.date], now: datetime.datetime, site_id: int | None = None
    ) -> tuple[dict, int]:
        site_id = site_or_current(site_id)
        daily = dict(
            DailyVisits.every_site.filter(site_id=site_id, day__in=days).values_list("day", "visits")
        )
        since = now - datetime.timedelta(seconds=settings.VISIT_ONLINE_WINDOW)
        online = VisitorPresence.every_site.filter(site_id=site_id, last_seen__gt=since).count()
        return daily, online
