"""The cache backends: a Redis cache that degrades to "no cache" while Redis is down, instead
of failing pages, and a bounded file cache for a machine without Redis."""

import logging
import os
import pickle
import threading
import time
import zlib

from django.core.cache import cache, caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger("ops.cache")
LOG_EVERY_SECONDS = 60


class _Outage:
    """Counts cache errors and logs at most one line a minute (a down Redis errs on every call)."""

    def __init__(self):
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        self._last_logged = float("-inf")
        self.total = 0
        self._since_log = 0

    def __call__(self, operation: str, exc: Exception) -> None:
        with self._lock:
            self.total += 1
            self._since_log += 1
            now = time.monotonic()
            if now - self._last_logged < LOG_EVERY_SECONDS:
                return
            count, self._since_log, self._last_logged = self._since_log, 0, now
        logger.warning(
            "cache unavailable, serving without it (%s: %s); %d errors since the last report",
            operation,
            type(exc).__name__,
            count,
        )


outage = _Outage()


class _ReusedClients(RedisCacheClient):
    """One redis-py client per connection pool, made once. Django builds a new client (and its
    table of ~170 response callbacks) for every cache call: about a quarter of the time of a
    page served from the page cache. A redis-py client is safe to share between threads."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class ResilientRedisCache(RedisCache):
    """Django's RedisCache; a Redis error reads as a miss and a write is dropped.

    Imprecision tolerated: while Redis is down every page is computed afresh (slower, never
    wrong), an `add` reports "not added" and `incr` "no such key", so rate limits fail open.
    """

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusedClients

    def _safe(self, operation: str, default, call, *args):
        try:
            return call(*args)
        except RedisError as exc:
            outage(operation, exc)
            return default

    def get(self, key, default=None, version=None):
        return self._safe("get", default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return self._safe("get_many", {}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._safe("has_key", False, super().has_key, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safe("add", False, super().add, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safe("set", None, super().set, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safe("set_many", list(data), super().set_many, data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safe("touch", False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._safe("delete", False, super().delete, key, version)

    def delete_many(self, keys, version=None):
        return self._safe("delete_many", None, super().delete_many, keys, version)

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except RedisError as exc:
            outage("incr", exc)
            raise ValueError(f"Key '{key}' not found (cache unavailable)") from None

    def clear(self):
        return self._safe("clear", False, super().clear)


class BoundedFileCache(FileBasedCache):
    """Django's file cache (shared by the workers of one machine), with a cheaper, fairer cull.

    Django's file cache lists its whole folder on every write to decide whether to cull, and
    then deletes a random sample, live or expired, with no regard for what is worth keeping.
    Here a worker counts the folder once every CULL_CHECK_EVERY writes, and a cull removes
    expired entries first, then the least recently written ones, down to MAX_ENTRIES less
    one CULL_FREQUENCY-th. An entry written without a timeout (the content version) is never
    culled: such keys are few and the whole site's correctness rests on them.

    Imprecision tolerated: between two counts the folder may hold up to CULL_CHECK_EVERY
    writes per worker more than MAX_ENTRIES.
    """

    CULL_CHECK_EVERY = 50

    def __init__(self, dir, params):
        super().__init__(dir, params)
        self._writes_since_count = self.CULL_CHECK_EVERY  # count on the first write
        self._count_lock = threading.Lock()

    def _cull(self):
        with self._count_lock:
            self._writes_since_count += 1
            if self._writes_since_count < self.CULL_CHECK_EVERY:
                return
            self._writes_since_count = 0
        entries = self._list_cache_files()
        if len(entries) < self._max_entries:
            return
        keep = self._max_entries - self._max_entries // max(self._cull_frequency, 1)
        now = time.time()
        expiring = []  # (written at, path) of live entries that have an expiry
        survivors = 0
        for path in entries:
            expiry = self._expiry(path)
            if expiry is None:  # unreadable: gone already, or half-written by another worker
                continue
            if expiry and expiry < now:
                self._delete(path)
            elif expiry:
                expiring.append((self._written_at(path), path))
            else:
                survivors += 1  # no expiry: kept whatever the count
        excess = survivors + len(expiring) - keep
        for _written, path in sorted(expiring)[: max(excess, 0)]:
            self._delete(path)

    @staticmethod
    def _expiry(path: str) -> float | None:
        """The expiry time stored at the head of an entry (0 for "never"), None if unreadable."""
        try:
            with open(path, "rb") as f:
                expiry = pickle.load(f)
        except (OSError, EOFError, pickle.UnpicklingError, zlib.error):
            return None
        return expiry or 0

    @staticmethod
    def _written_at(path: str) -> float:
        try:
            return os.stat(path).st_mtime
        except OSError:
            return 0.0


def get_across(items: list[tuple[BaseCache, str]]) -> list:
    """The values of several keys, each in its own cache, None where missing.

    When every cache is a ResilientRedisCache on the same server (the default and state caches
    of a Redis install), the reads go out as one pipeline: one round trip instead of one per
    key, which is most of the time of a page served from the page cache. Otherwise (the file
    caches of the embedded mode, a test's local-memory cache) each cache is read in turn.
    A Redis error reads as all missing, as a single `get` would.
    """
    caches_ = [c for c, _ in items]
    first = caches_[0]
    if not all(isinstance(c, ResilientRedisCache) and c._servers == first._servers for c in caches_):
        return [c.get(key) for c, key in items]
    keys = [c.make_and_validate_key(key) for c, key in items]
    try:
        pipe = first._cache.get_client(keys[0]).pipeline(transaction=False)
        for key in keys:
            pipe.get(key)
        raw = pipe.execute()
    except RedisError as exc:
        outage("get", exc)
        return [None] * len(items)
    return [
        None if value is None else c._cache._serializer.loads(value)
        for c, value in zip(caches_, raw, strict=True)
    ]


def held_value(key: str, compute, timeout: float, until=None):
    """`compute()`'s value, kept for `timeout` seconds in the shared cache (with the time it runs
    out) and, until that same time, in this worker's own memory (the "fragments" cache).
    `until(value)`, when given, names an earlier UNIX time the value runs out at, or None: the
    moment what it describes changes by the clock alone.

    Most reads then make no round trip at all, and no copy outlives the shared one's deadline:
    a value may be as stale as `timeout` allows, never more. `forget_held` drops both, in this
    process. With the shared cache down, or no `timeout`, the value is computed every time."""
    if timeout <= 0:
        return compute()
    local = caches["fragments"]
    try:
        held = local.get(key)
        if held is not None:
            return held[1]
        held = cache.get(key)
    except Exception:  # the shared cache is down: compute, as if nothing were cached
        return compute()
    now = time.time()
    if held is None or held[0] <= now:
        value = compute()
        deadline = now + timeout
        if until is not None and (ends := until(value)) is not None:
            deadline = min(deadline, ends)
        held = (deadline, value)
        try:
            cache.set(key, held, max(deadline - now, 0.001))
        except Exception:
            pass
    local.set(key, held, max(held[0] - now, 0.001))
    return held[1]


def forget_held(keys: list[str]) -> None:
    """Drop the values `held_value` keeps under `keys`, shared and in this process (other
    workers' copies run out at their deadline)."""
    cache.delete_many(keys)
    caches["fragments"].delete_many(keys)
