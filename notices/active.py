"""Which banners a page shows now, and how the whole-page cache keeps up with them.

The site's schedule (every banner not yet over, as plain values) is one query, kept as a
versioned value (pagecache.versioned_value): a banner saved or deleted bumps its site's
content version (pagecache.signals lists this app), so the next page reads the new schedule.
Each process also holds the schedule it last read per site, with the content version it was
read under, for at most MEMO_SECONDS: a page answered from the page cache then costs no cache
read at all for its banners (the version is the one the page cache just read). An edit changes
the version, so the memo is never older than the last edit; a version counter lost with an
emptied cache starts again at a random value, so an old memo is not taken for current either
(MEMO_SECONDS bounds the rest). Which of the banners show is decided from the clock
on every request, never stored.

The whole-page cache and time. A banner must appear the moment it starts and vanish the
moment it ends, also on pages answered from the page cache, which knows nothing of clocks.
Of the three ways (cap each entry's lifetime at the next start or end, bump the site's version
at each start and end, or put the banners showing into the cache key) this app takes the
third: `page_key_part` names the banners showing now (id and last edit), and the page cache
adds it to every key of the site. At the instant a banner starts or ends the key changes, so
the next request renders afresh and no cached page, fresh or stale, of the old set is ever
served again; no job has to run at the right second. The same call returns the time of the
next start or end, so the Cache-Control max-age a browser or proxy gets never reaches past it.
"""

import datetime
import time
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from network.api import current_site_id
from pagecache.api import content_version, versioned_value

from .models import Kind, Notice


@dataclass(frozen=True, slots=True)
class ShownNotice:
    """What a page prints of a banner (no model instance: it lives in the cache)."""

    id: int
    version: int  # last edit, as whole seconds: a changed banner is a new one for "dismissed"
    kind: str
    kind_label: str
    text: str
    link: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    stop_starts_at: datetime.datetime | None
    restore_at: datetime.datetime | None

    @property
    def dismiss_key(self) -> str:
        return f"{self.id}-{self.version}"

    @property
    def is_urgent(self) -> bool:
        return self.kind == Kind.URGENT

    @property
    def is_planned_stop(self) -> bool:
        return self.kind == Kind.PLANNED_STOP


def _compute_schedule(now: datetime.datetime) -> tuple[ShownNotice, ...]:
    rows = Notice.objects.filter(ends_at__gt=now).order_by("starts_at", "pk")
    return tuple(
        ShownNotice(
            id=n.pk,
            version=int(n.updated_at.timestamp()),
            kind=n.kind,
            kind_label=n.get_kind_display(),
            text=n.text,
            link=n.link,
            starts_at=n.starts_at,
            ends_at=n.ends_at,
            stop_starts_at=n.stop_starts_at,
            restore_at=n.restore_at,
        )
        for n in rows
    )


MEMO_SECONDS = 5
# site id → (content version, monotonic time read, schedule)
_memo: dict[int, tuple[str, float, tuple]] = {}


def forget() -> None:
    """Drop this process's copies (tests empty the caches between tests)."""
    _memo.clear()


def schedule(now: datetime.datetime | None = None, version: str | None = None) -> tuple[ShownNotice, ...]:
    """The site's banners that have not ended, the earliest start first (no query when warm).
    `version`: the site's content version when the caller has just read it."""
    now = now or timezone.now()
    site_id = current_site_id()
    if site_id is None:
        return ()
    try:
        version = version or content_version(site_id)
    except Exception:  # the cache is down: read the database, as versioned_value would
        return _compute_schedule(now)
    held = _memo.get(site_id)
    if held is not None and held[0] == version and time.monotonic() - held[1] < MEMO_SECONDS:
        return held[2]
    value = versioned_value(
        f"notices:schedule:{site_id}", lambda: _compute_schedule(now), settings.NOTICE_SCHEDULE_SECONDS
    )
    _memo[site_id] = (version, time.monotonic(), value)
    return value


_ORDER = {Kind.URGENT: 0, Kind.PLANNED_STOP: 1, Kind.INFO: 2}


def showing(now: datetime.datetime | None = None, version: str | None = None) -> list[ShownNotice]:
    """The banners showing at `now`: urgent first, then planned stops, then information."""
    now = now or timezone.now()
    shown = [n for n in schedule(now, version) if n.starts_at <= now < n.ends_at]
    return sorted(shown, key=lambda n: (_ORDER.get(n.kind, 9), n.starts_at, n.id))


def next_change(now: datetime.datetime | None = None, version: str | None = None) -> datetime.datetime | None:
    """The next moment a banner of the site starts or ends (None: nothing scheduled)."""
    now = now or timezone.now()
    moments = [m for n in schedule(now, version) for m in (n.starts_at, n.ends_at) if m > now]
    return min(moments, default=None)


def page_key_part(request, version: str | None = None) -> tuple[str, float | None]:
    """For the page cache: the banners showing now (the key part) and the next start or end
    (a UNIX time), after which the part changes."""
    now = timezone.now()
    shown = showing(now, version)
    upcoming = next_change(now, version)
    part = "n" + ".".join(n.dismiss_key for n in sorted(shown, key=lambda n: n.id)) if shown else ""
    return part, upcoming.timestamp() if upcoming else None
