"""What every store of the visit counter implements, and the hits it counts.

The stores (stats.backends.database, stats.backends.redis) import this module; nothing here
imports a store, so imports run one way: base ← stores ← stats.backends.get_backend.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field


class BackendUnavailable(Exception):
    """The store cannot be reached now: skip counting, serve the page."""


class SaltChanged(Exception):
    """The day's salt in the store is not the one this process holds (after a data loss)."""


@dataclass(slots=True)
class Hit:
    """What one counted request adds: maybe a page view, maybe object views or downloads."""

    now: datetime.datetime  # aware; the app server's clock (NTP)
    day: datetime.date  # local date (Asia/Ho_Chi_Minh)
    hour: int  # local hour 0..23
    visitor_key: str | None  # None when the request is not a countable page view
    objects: tuple[tuple[str, str, int], ...] = field(default=())  # (kind, model label, pk)


@dataclass(slots=True)
class Run:
    """Consecutive page views of one visitor on one day, each within the inactivity window of
    the one before: only the first can start a visit, and the last is what "online" and the
    next view compare with."""

    day: datetime.date
    visitor_key: str
    first: datetime.datetime
    last: datetime.datetime
    hour: int  # local hour of the first view (when the visit, if new, started)


@dataclass(frozen=True)
class Batch:
    """Hits folded for one store operation: runs in (day, key, time) order, object counts."""

    runs: list[Run]
    objects: dict[tuple[datetime.date, str, str, int], int]  # (day, kind, label, pk) → count


@dataclass(frozen=True)
class BatchResult:
    new_visits: int
    salt_changed: tuple[datetime.date, ...] = ()  # days skipped: another server holds a new salt


def fold(hits: list[Hit], inactivity: int) -> Batch:
    """Fold hits into runs and object counts without changing what the store will count.

    Views of one visitor less than `inactivity` seconds apart are one run: the rule "a visit
    starts after `inactivity` seconds without a view" can only fire on a run's first view,
    so the store needs the first and the last view, not the ones between.
    """
    window = datetime.timedelta(seconds=inactivity)
    runs: list[Run] = []
    objects: Counter = Counter()
    pages = [h for h in hits if h.visitor_key is not None]
    pages.sort(key=lambda h: (h.day, h.visitor_key, h.now))
    current: Run | None = None
    for hit in pages:
        if (
            current is not None
            and (current.day, current.visitor_key) == (hit.day, hit.visitor_key)
            and hit.now - current.last < window
        ):
            current = Run(current.day, current.visitor_key, current.first, hit.now, current.hour)
            runs[-1] = current
            continue
        current = Run(hit.day, hit.visitor_key, hit.now, hit.now, hit.hour)
        runs.append(current)
    for hit in hits:
        for kind, label, pk in hit.objects:
            objects[(hit.day, kind, label, pk)] += 1
    return Batch(runs, dict(objects))


class VisitBackend:
    """Interface of a store. Methods raise BackendUnavailable when the store is down."""

    name = "base"

    def salt(self, day: datetime.date) -> bytes:
        """The random salt of local date `day`, created first-writer-wins."""
        raise NotImplementedError

    def forget_salt(self, day: datetime.date) -> None:
        """Drop any copy of the salt held by this process."""

    def record(self, hit: Hit, salt: bytes) -> bool:
        """Count `hit`; True when its page view started a new visit. SaltChanged: nothing counted."""
        result = self.record_batch([hit], {hit.day: salt})
        if result.salt_changed:
            raise SaltChanged(hit.day.isoformat())
        return result.new_visits > 0

    def record_batch(self, hits: list[Hit], salts: dict[datetime.date, bytes]) -> BatchResult:
        """Count `hits` (keyed with `salts`) in one atomic store operation, exactly as if each
        were recorded in turn. A day whose salt in the store differs is skipped whole."""
        raise NotImplementedError

    def read(self, days: list[datetime.date], now: datetime.datetime) -> tuple[dict, int]:
        """({day: visits} for `days`, distinct visitors online at `now`)."""
        raise NotImplementedError

    def object_counts(self, kind: str, label: str, days: list[datetime.date]) -> dict:
        """{(day, pk): count} this store holds beyond the database (empty for the database)."""
        return {}
