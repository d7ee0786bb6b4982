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


def site_or_current(site_id: int | None) -> int:
    """The site a count belongs to: the one given, else the site being worked on, else site 1
    (the install's own committee: a process outside any site's work, e.g. a test's child)."""
    if site_id is not None:
        return int(site_id)
    from network.api import current_site_id

    return current_site_id() or 1


def salt_for(salts: dict, site_id: int, day: datetime.date) -> bytes:
    """A batch's salt of one site and day: salts are keyed (site, day), or by day alone when
    they are the same for every site (the database store's)."""
    return salts.get((site_id, day)) or salts.get(day) or b""


@dataclass(slots=True)
class Hit:
    """What one counted request adds: maybe a page view, maybe object views or downloads."""

    now: datetime.datetime  # aware; the app server's clock (NTP)
    day: datetime.date  # local date (Asia/Ho_Chi_Minh)
    hour: int  # local hour 0..23
    visitor_key: str | None  # None when the request is not a countable page view
    objects: tuple[tuple[str, str, int], ...] = field(default=())  # (kind, model label, pk)
    site_id: int = 1  # the site whose page was viewed


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
    site_id: int = 1


@dataclass(frozen=True)
class Batch:
    """Hits folded for one store operation: runs in (site, day, key, time) order, object counts."""

    runs: list[Run]
    objects: dict[tuple[int, datetime.date, str, str, int], int]  # (site, day, kind, label, pk) → count

    def sites(self) -> list[int]:
        return sorted({run.site_id for run in self.runs} | {key[0] for key in self.objects})


@dataclass(frozen=True)
class BatchResult:
    new_visits: int
    # (site, day) skipped: another server holds a new salt for that site and day
    salt_changed: tuple[tuple[int, datetime.date], ...] = ()


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
    pages.sort(key=lambda h: (h.site_id, h.day, h.visitor_key, h.now))
    current: Run | None = None
    for hit in pages:
        if (
            current is not None
            and (current.site_id, current.day, current.visitor_key) == (hit.site_id, hit.day, hit.visitor_key)
            and hit.now - current.last < window
        ):
            current = Run(
                current.day, current.visitor_key, current.first, hit.now, current.hour, current.site_id
            )
            runs[-1] = current
            continue
        current = Run(hit.day, hit.visitor_key, hit.now, hit.now, hit.hour, hit.site_id)
        runs.append(current)
    for hit in hits:
        for kind, label, pk in hit.objects:
            objects[(hit.site_id, hit.day, kind, label, pk)] += 1
    return Batch(runs, dict(objects))


class VisitBackend:
    """Interface of a store. Methods raise BackendUnavailable when the store is down.

    Everything is per site; a `site_id` left out is the site being worked on (site_or_current).
    """

    name = "base"

    def salt(self, day: datetime.date, site_id: int | None = None) -> bytes:
        """The random salt of local date `day` (for `site_id`), created first-writer-wins."""
        raise NotImplementedError

    def forget_salt(self, day: datetime.date, site_id: int | None = None) -> None:
        """Drop any copy of the salt held by this process."""

    def record(self, hit: Hit, salt: bytes) -> bool:
        """Count `hit`; True when its page view started a new visit. SaltChanged: nothing counted."""
        result = self.record_batch([hit], {(hit.site_id, hit.day): salt})
        if result.salt_changed:
            raise SaltChanged(hit.day.isoformat())
        return result.new_visits > 0

    def record_batch(self, hits: list[Hit], salts: dict) -> BatchResult:
        """Count `hits` (keyed with `salts`, by (site, day)) in one atomic operation per site,
        exactly as if each were recorded in turn. A site's day whose salt in the store differs
        is skipped whole."""
        raise NotImplementedError

    def read(
        self, days: list[datetime.date], now: datetime.datetime, site_id: int | None = None
    ) -> tuple[dict, int]:
        """({day: visits} for `days`, distinct visitors online at `now`) of one site."""
        raise NotImplementedError

    def object_counts(
        self, kind: str, label: str, days: list[datetime.date], site_id: int | None = None
    ) -> dict:
        """{(day, pk): count} this store holds beyond the database (empty for the database)."""
        return {}
