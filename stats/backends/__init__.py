"""The two stores of the visit counter behind one interface.

`get_backend()` returns the Redis store when settings.REDIS_URL is set, else the database
store. Both count exactly under concurrency: the decision "does this view start a visit?" is
one atomic operation in the store (a Lua script, or an upsert that reports a flag), never a
read followed by a write in Python.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings


class BackendUnavailable(Exception):
    """The store cannot be reached now: skip counting, serve the page."""


class SaltChanged(Exception):
    """The day's salt in the store is not the one this process holds (after a data loss)."""


@dataclass(frozen=True)
class Hit:
    """What one counted request adds: maybe a page view, maybe object views or downloads."""

    now: datetime.datetime  # aware; the app server's clock (NTP)
    day: datetime.date  # local date (Asia/Ho_Chi_Minh)
    hour: int  # local hour 0..23
    visitor_key: str | None  # None when the request is not a countable page view
    objects: tuple[tuple[str, str, int], ...] = field(default=())  # (kind, model label, pk)


class VisitBackend:
    """Interface of a store. Methods raise BackendUnavailable when the store is down."""

    name = "base"

    def salt(self, day: datetime.date) -> bytes:
        """The random salt of local date `day`, created first-writer-wins."""
        raise NotImplementedError

    def forget_salt(self, day: datetime.date) -> None:
        """Drop any copy of the salt held by this process."""

    def record(self, hit: Hit, salt: bytes) -> bool:
        """Count `hit`; True when its page view started a new visit."""
        raise NotImplementedError

    def read(self, days: list[datetime.date], now: datetime.datetime) -> tuple[dict, int]:
        """({day: visits} for `days`, distinct visitors online at `now`)."""
        raise NotImplementedError

    def object_counts(self, kind: str, label: str, days: list[datetime.date]) -> dict:
        """{(day, pk): count} this store holds beyond the database (empty for the database)."""
        return {}


_BACKENDS: dict[str, VisitBackend] = {}


def get_backend() -> VisitBackend:
    """The store for the current settings (one instance per Redis URL and prefix, per process)."""
    url = getattr(settings, "REDIS_URL", "") or ""
    prefix = settings.VISIT_REDIS_PREFIX
    key = f"{url}|{prefix}"
    backend = _BACKENDS.get(key)
    if backend is None:
        if url:
            from .redis import RedisBackend

            backend = RedisBackend(url, prefix=prefix, timeout=settings.VISIT_REDIS_TIMEOUT)
        else:
            from .database import DatabaseBackend

            backend = DatabaseBackend()
        _BACKENDS[key] = backend
    return backend


def reset_backends() -> None:
    """Forget every store instance (tests; after changing settings)."""
    for backend in _BACKENDS.values():
        close = getattr(backend, "close", None)
        if close:
            close()
    _BACKENDS.clear()
