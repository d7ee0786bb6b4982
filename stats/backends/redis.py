"""Redis store: one atomic Lua script per batch of counted requests, no database write for a view.

Keys (prefix settings.VISIT_REDIS_PREFIX, "vc:" by default), each under its site's hash tag
``{site:<id>}``, so that every key of one site lives in one slot of a Redis Cluster and each
script, which touches one site only, runs there:

- ``{site:S}:salt:{D}``  the day's salt of site S, SET NX with a 48 h TTL (first writer wins);
- ``{site:S}:v:{D}:{K}`` last view of visitor K on day D (epoch ms of the app clock), TTL ~31 min;
- ``{site:S}:d:{D}``     visits started on D; ``h:{D}`` hash hour → visits; ``o:{D}`` hash
                         "kind|model|pk" → views/downloads; all with a 35-day TTL;
- ``{site:S}:on``        sorted set K → epoch ms of the last view, trimmed to the online window;
- ``{site:S}:seeded``    present once the site's recent days were carried from the database.

Times are the app servers' clock (NTP required), never Redis TIME, so the write and read paths
use the same clock and tests can freeze it. `flush_visit_counts` persists the recent days of
every site into the database with GREATEST (idempotent); `reseed_visit_counters` carries them
back after a loss.
"""

import datetime
import logging
import secrets
import time

import redis
from django.conf import settings
from django.contrib.sites.models import Site
from django.db import connection, transaction
from redis.backoff import NoBackoff
from redis.retry import Retry

from ..models import DailyVisits, HourlyVisits, ObjectDailyCount
from . import database as sql
from .base import BackendUnavailable, BatchResult, Hit, VisitBackend, fold, salt_for, site_or_current

logger = logging.getLogger("stats")

SALT_TTL = 48 * 3600
COUNTER_TTL = 35 * 24 * 3600
RETRY_AFTER = 5.0  # seconds without trying Redis after a connection failure

RECORD_SCRIPT = """
-- One call counts a batch of hits of one site (one hit on the synchronous path); Redis runs it
-- atomically. Every key it touches is in KEYS, all under the site's hash tag (Redis Cluster).
-- KEYS: 1 on, then per day i: salt:{D} d:{D} h:{D} o:{D} (4i-2 .. 4i+1), then per run j (in
--       the order of the runs' lines): its visitor key v:{D}:{K} (4 * days + 1 + j)
-- ARGV: 1 now ms  2 online window ms  3 inactivity ms  4 salt ttl s  5 counter ttl s
--       6 visitor ttl ms  7 days  8 object entries
--       then per day: salt hex ('' when the day has no page view); then the runs packed in
--       one string, a line each: "day index, first ms, last ms, hour, K"; then per object
--       entry: day index, "kind|model|pk", count.
-- Returns {new visits, index of each day skipped because the store holds another salt...}
local ndays, nobjects = tonumber(ARGV[7]), tonumber(ARGV[8])
local inactivity = tonumber(ARGV[3])
local result = {0}
local ok = {}
for i = 1, ndays do
  local given = ARGV[8 + i]
  if given == '' then
    ok[i] = true  -- only downloads that day: no visitor key, no salt needed
  else
    local salt = redis.call('GET', KEYS[4 * i - 2])
    if not salt then
      redis.call('SET', KEYS[4 * i - 2], given, 'EX', ARGV[4])
      ok[i] = true
    elseif salt == given then
      ok[i] = true
    else
      table.insert(result, i)
    end
  end
end
local seen = false
local a = 8 + ndays + 1
local run = 0
for d, first, last, hour, k in string.gmatch(ARGV[a], '(%d+) (%d+) (%d+) (%d+) (%x+)\\n') do
  local day = tonumber(d)
  run = run + 1
  if ok[day] then
    local key = KEYS[4 * ndays + 1 + run]
    -- One command refreshes the visitor's last view and tells the one before.
    local stored = redis.call('SET', key, last, 'PX', ARGV[6], 'GET')
    local new_visit = not stored
    if stored then
      -- the stored last view decides, not the key's TTL: a batch may arrive a moment late
      if tonumber(stored) <= tonumber(first) - inactivity then new_visit = true end
      if tonumber(stored) > tonumber(last) then redis.call('SET', key, stored, 'PX', ARGV[6]) end
    end
    if new_visit then
      redis.call('INCR', KEYS[4 * day - 1])
      redis.call('HINCRBY', KEYS[4 * day], hour, 1)
      result[1] = result[1] + 1
    end
    redis.call('ZADD', KEYS[1], 'GT', last, k)
    seen = true
  end
end
for _ = 1, nobjects do
  local day = tonumber(ARGV[a + 1])
  if ok[day] then redis.call('HINCRBY', KEYS[4 * day + 1], ARGV[a + 2], ARGV[a + 3]) end
  a = a + 3
end
for i = 1, ndays do
  if ok[i] then
    redis.call('EXPIRE', KEYS[4 * i - 1], ARGV[5])
    redis.call('EXPIRE', KEYS[4 * i], ARGV[5])
    redis.call('EXPIRE', KEYS[4 * i + 1], ARGV[5])
  end
end
if seen then
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]) - tonumber(ARGV[2]))
  redis.call('PEXPIRE', KEYS[1], ARGV[6])
end
return result
"""

SALT_SCRIPT = """
local salt = redis.call('GET', KEYS[1])
if salt then return salt end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return ARGV[1]
"""

# Adds the database's counts when the marker is missing (Redis lost its data, or was just
# enabled: what it holds then is only what it counted since), otherwise raises each counter
# to at least the database's value. Either way the marker is set; reruns change nothing.
RESEED_SCRIPT = """
local add = redis.call('EXISTS', KEYS[1]) == 0
for i = 2, #KEYS do
  local field = ARGV[2 * i - 2]
  local value = ARGV[2 * i - 1]
  if field == '' then
    local current = tonumber(redis.call('GET', KEYS[i]) or '0')
    if add then
      redis.call('INCRBY', KEYS[i], value)
    elseif current < tonumber(value) then
      redis.call('SET', KEYS[i], value)
    end
  else
    local current = tonumber(redis.call('HGET', KEYS[i], field) or '0')
    if add then
      redis.call('HINCRBY', KEYS[i], field, value)
    elseif current < tonumber(value) then
      redis.call('HSET', KEYS[i], field, value)
    end
  end
  redis.call('EXPIRE', KEYS[i], ARGV[1])
end
redis.call('SET', KEYS[1], '1')
if add then return 1 end
return 0
"""


def _ms(moment: datetime.datetime) -> int:
    return int(moment.timestamp() * 1000)


class RedisBackend(VisitBackend):
    name = "redis"

    def __init__(self, url: str, prefix: str = "vc:", timeout: float = 0.1, client=None):
        """`client`: an already built redis-py client instead of one for `url` (a RedisCluster
        runs every script and pipeline here unchanged: each touches one site's slot)."""
        self.prefix = prefix
        self.client = client or redis.Redis.from_url(
            url,
            socket_timeout=timeout,
            socket_connect_timeout=timeout,
            retry=Retry(NoBackoff(), 0),  # fail fast: the page must not wait for Redis
            retry_on_timeout=False,
        )
        self._record = self.client.register_script(RECORD_SCRIPT)
        self._salt_script = self.client.register_script(SALT_SCRIPT)
        self._reseed = self.client.register_script(RESEED_SCRIPT)
        self._salts: dict[datetime.date, bytes] = {}
        self._down_until = 0.0

    def close(self) -> None:
        self.client.close()

    # --- keys ---------------------------------------------------------------------------
    def key(self, *parts, site_id: int | None = None) -> str:
        """A key of one site (the site being worked on by default), under its hash tag."""
        return f"{self.prefix}{{site:{site_or_current(site_id)}}}:" + ":".join(str(p) for p in parts)

    def _call(self, func, *args, **kwargs):
        """Run a Redis call; after a connection failure, skip Redis for RETRY_AFTER seconds."""
        if time.monotonic() < self._down_until:
            raise BackendUnavailable("Redis was unreachable moments ago; not retrying yet")
        try:
            return func(*args, **kwargs)
        except (redis.ConnectionError, redis.TimeoutError, OSError) as exc:
            self._down_until = time.monotonic() + RETRY_AFTER
            raise BackendUnavailable(f"Redis unreachable: {type(exc).__name__}: {exc}") from exc
        except redis.RedisError as exc:
            raise BackendUnavailable(f"Redis error: {type(exc).__name__}: {exc}") from exc

    # --- write path ---------------------------------------------------------------------
    def salt(self, day: datetime.date, site_id: int | None = None) -> bytes:
        site_id = site_or_current(site_id)
        cached = self._salts.get((site_id, day))
        if cached is not None:
            return cached
        value = self._call(
            self._salt_script,
            keys=[self.key("salt", day.isoformat(), site_id=site_id)],
            args=[secrets.token_hex(32), SALT_TTL],
        )
        salt = bytes.fromhex(value.decode() if isinstance(value, bytes) else value)
        self._salts = {k: v for k, v in self._salts.items() if k[1] >= day - datetime.timedelta(days=1)}
        self._salts[(site_id, day)] = salt
        return salt

    def forget_salt(self, day: datetime.date, site_id: int | None = None) -> None:
        self._salts.pop((site_or_current(site_id), day), None)

    def record_batch(self, hits: list[Hit], salts: dict) -> BatchResult:
        """One script call per site in the batch (a site's keys share one slot)."""
        batch = fold(hits, settings.VISIT_INACTIVITY)
        new_visits, skipped = 0, []
        for site_id in batch.sites():
            runs = [r for r in batch.runs if r.site_id == site_id]
            objects = {k[1:]: n for k, n in batch.objects.items() if k[0] == site_id}
            added, days = self._record_site(site_id, hits, runs, objects, salts)
            new_visits += added
            skipped += [(site_id, day) for day in days]
        return BatchResult(new_visits, tuple(skipped))

    def _record_site(self, site_id: int, hits, runs, objects, salts) -> tuple[int, list]:
        days = sorted({run.day for run in runs} | {key[0] for key in objects})
        index = {day: i for i, day in enumerate(days, start=1)}

        def key(*parts):
            return self.key(*parts, site_id=site_id)

        keys = [key("on")]
        for day in days:
            iso = day.isoformat()
            keys += [key("salt", iso), key("d", iso), key("h", iso), key("o", iso)]
        keys += [key("v", r.day.isoformat(), r.visitor_key) for r in runs]
        inactivity_ms = settings.VISIT_INACTIVITY * 1000
        args: list = [
            _ms(max(hit.now for hit in hits)),
            settings.VISIT_ONLINE_WINDOW * 1000,
            inactivity_ms,
            SALT_TTL,
            COUNTER_TTL,
            inactivity_ms + 60_000,
            len(days),
            len(objects),
        ]
        with_views = {run.day for run in runs}
        args += [salt_for(salts, site_id, day).hex() if day in with_views else "" for day in days]
        args.append(
            "".join(f"{index[r.day]} {_ms(r.first)} {_ms(r.last)} {r.hour} {r.visitor_key}\n" for r in runs)
        )
        for (day, kind, label, pk), count in sorted(objects.items()):
            args += [index[day], f"{kind}|{label}|{pk}", count]
        reply = self._call(self._record, keys=keys, args=args)
        return int(reply[0]), [days[int(i) - 1] for i in reply[1:]]

    # --- read path ----------------------------------------------------------------------
    def read(
        self, days: list[datetime.date], now: datetime.datetime, site_id: int | None = None
    ) -> tuple[dict, int]:
        site_id = site_or_current(site_id)
        pipe = self.client.pipeline(transaction=False)
        for d in days:  # one GET each, not MGET: a Redis Cluster's pipeline refuses MGET
            pipe.get(self.key("d", d.isoformat(), site_id=site_id))
        pipe.zcount(
            self.key("on", site_id=site_id), f"({_ms(now) - settings.VISIT_ONLINE_WINDOW * 1000}", "+inf"
        )
        *values, online = self._call(pipe.execute)
        daily = {d: int(v) for d, v in zip(days, values, strict=True) if v is not None}
        return daily, int(online)

    def object_counts(
        self, kind: str, label: str, days: list[datetime.date], site_id: int | None = None
    ) -> dict:
        site_id = site_or_current(site_id)
        pipe = self.client.pipeline(transaction=False)
        for d in days:
            pipe.hgetall(self.key("o", d.isoformat(), site_id=site_id))
        result = {}
        prefix = f"{kind}|{label}|"
        for d, fields in zip(days, self._call(pipe.execute), strict=True):
            for field, value in fields.items():
                name = field.decode()
                if name.startswith(prefix):
                    result[(d, int(name[len(prefix) :]))] = int(value)
        return result

    # --- persistence --------------------------------------------------------------------
    def snapshot(self, days: list[datetime.date], site_id: int | None = None) -> dict:
        """{"daily": {day: n}, "hourly": {(day, hour): n}, "objects": {(day, kind, label, pk): n}}
        of one site."""
        site_id = site_or_current(site_id)
        pipe = self.client.pipeline(transaction=False)
        for d in days:
            iso = d.isoformat()
            pipe.get(self.key("d", iso, site_id=site_id))
            pipe.hgetall(self.key("h", iso, site_id=site_id))
            pipe.hgetall(self.key("o", iso, site_id=site_id))
        replies = self._call(pipe.execute)
        snap: dict = {"daily": {}, "hourly": {}, "objects": {}}
        for i, d in enumerate(days):
            daily, hourly, objects = replies[3 * i : 3 * i + 3]
            if daily is not None:
                snap["daily"][d] = int(daily)
            for hour, value in hourly.items():
                snap["hourly"][(d, int(hour))] = int(value)
            for field, value in objects.items():
                kind, label, pk = field.decode().split("|")
                snap["objects"][(d, kind, label, int(pk))] = int(value)
        return snap

    def is_seeded(self, site_id: int | None = None) -> bool:
        return bool(self._call(self.client.exists, self.key("seeded", site_id=site_id)))

    def flush(self, days: list[datetime.date], site_ids: list[int] | None = None) -> dict:
        """Persist the counts of `days` of every site (or of `site_ids`) into the database;
        idempotent (GREATEST), never regresses.

        When a site's "seeded" marker is missing, Redis lost its data (or was just enabled):
        the database's counts are carried in first, so what Redis holds is complete again.
        """
        if site_ids is None:
            site_ids = list(Site.objects.order_by("pk").values_list("pk", flat=True))
        changed = {"days": 0, "hours": 0, "objects": 0}
        for site_id in site_ids:
            for name, count in self._flush_site(days, site_id).items():
                changed[name] += count
        return changed

    def _flush_site(self, days: list[datetime.date], site_id: int) -> dict:
        if not self.is_seeded(site_id):
            self.reseed(days, site_id)
        snap = self.snapshot(days, site_id)
        changed = {"days": 0, "hours": 0, "objects": 0}
        with transaction.atomic(), connection.cursor() as cursor:
            # Two flushes at once would both add the same object delta: one at a time. On
            # SQLite any write statement, even one touching no row, takes the write lock.
            if connection.vendor == "postgresql":
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext('stats.flush_visit_counts'))")
            else:
                cursor.execute(f"UPDATE {sql._table(DailyVisits)} SET visits = visits WHERE 1 = 0")
            for d, value in sorted(snap["daily"].items()):
                sql.raise_daily(cursor, site_id, d, value)
                changed["days"] += 1
            for (d, hour), value in sorted(snap["hourly"].items()):
                sql.raise_hourly(cursor, site_id, d, hour, value)
                changed["hours"] += 1
            changed["objects"] = self._flush_objects(cursor, site_id, snap["objects"])
        return changed

    def _flush_objects(self, cursor, site_id: int, objects: dict) -> int:
        if not objects:
            return 0
        days = {key[0] for key in objects}
        stored = {
            (row.day, row.kind, row.model, row.object_id): row.count
            for row in ObjectDailyCount.every_site.select_for_update().filter(site_id=site_id, day__in=days)
        }
        changed = 0
        for (d, kind, label, pk), value in sorted(objects.items()):
            old = stored.get((d, kind, label, pk), 0)
            if value <= old:
                continue
            sql.add_object(cursor, site_id, d, kind, label, pk, value - old)
            sql.bump_object_field(kind, label, pk, value - old)
            changed += 1
        return changed

    def reseed(self, days: list[datetime.date], site_id: int | None = None) -> bool:
        """Carry the database's counts of `days` of one site into Redis; True when they were
        added (after a loss, or on first use), False when Redis already had them (values only
        raised)."""
        site_id = site_or_current(site_id)

        def key(*parts):
            return self.key(*parts, site_id=site_id)

        keys = [key("seeded")]
        args: list = [COUNTER_TTL]
        for row in DailyVisits.every_site.filter(site_id=site_id, day__in=days):
            keys.append(key("d", row.day.isoformat()))
            args += ["", row.visits]
        for row in HourlyVisits.every_site.filter(site_id=site_id, day__in=days):
            keys.append(key("h", row.day.isoformat()))
            args += [str(row.hour), row.visits]
        for row in ObjectDailyCount.every_site.filter(site_id=site_id, day__in=days):
            keys.append(key("o", row.day.isoformat()))
            args += [f"{row.kind}|{row.model}|{row.object_id}", row.count]
        return bool(self._call(self._reseed, keys=keys, args=args))

    def delete_all(self) -> int:
        """Delete every key under this prefix (tests, and the reseed drill). Never FLUSHALL."""
        removed = 0
        for batch in self._scan_batches():
            removed += self.client.delete(*batch)
        return removed

    def _scan_batches(self, size: int = 500):
        batch = []
        for key in self.client.scan_iter(match=self.prefix + "*", count=size):
            batch.append(key)
            if len(batch) >= size:
                yield batch
                batch = []
        if batch:
            yield batch

    def keys(self) -> list[str]:
        return [k.decode() for k in self.client.scan_iter(match=self.prefix + "*", count=500)]
