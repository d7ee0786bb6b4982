"""The visit counter: count a request once its response is known; read the four numbers.

The middleware (stats.middleware) calls `start_request` and `count_request`; stats.api marks
the article or document a request showed; the widget calls `visit_numbers`. Counting never
fails a page: a store error skips the count and is logged (at most once a minute).
"""

import datetime
import logging
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from .backends import Hit, SaltChanged, VisitBackend, get_backend
from .eligibility import client_ip, download_is_eligible, page_view_is_eligible, request_is_countable
from .models import CounterBaseline, CountKind, DailyVisits
from .utils import day_range, local_moment, normalise_ip, seconds_until_next_day, visitor_key, week_start

logger = logging.getLogger("stats")

MARKS_ATTR = "_visit_counter_marks"
NUMBERS_KEY = "stats:numbers:{day}"
HISTORY_KEY = "stats:history:{day}"
MARKS_KEY = "stats:page-marks:{host}:{path}"


@dataclass(frozen=True)
class VisitNumbers:
    """The widget's four numbers. 0 ≤ today ≤ week ≤ total by construction."""

    online: int
    today: int
    week: int
    total: int


class _RateLimitedLog:
    """Logs a warning at most once per `interval` seconds, with how many events it stood for."""

    def __init__(self, message: str, interval: float = 60.0):
        self.message = message
        self.interval = interval
        self.total = 0  # a metric: every event since the process started
        self._pending = 0
        self._last: float | None = None
        self._lock = threading.Lock()

    def __call__(self, exc: BaseException) -> None:
        with self._lock:
            self.total += 1
            self._pending += 1
            now = time.monotonic()
            if self._last is not None and now - self._last < self.interval:
                return
            count, self._pending, self._last = self._pending, 0, now
        # The reason names the store and the error, never the request (no IP, no user agent).
        reason = f"{type(exc).__name__}: {exc}"[:300]
        logger.warning("%s (%s); %d since the last report", self.message, reason, count)

    def reset(self) -> None:
        with self._lock:
            self.total, self._pending, self._last = 0, 0, None


dropped = _RateLimitedLog("visit counter: counting skipped, page served")
unreadable = _RateLimitedLog("visit counter: Redis unreadable, widget shows the database's counts")


# --- write path ------------------------------------------------------------------------


def start_request(request) -> None:
    """Give the request a list where stats.api marks the objects it showed."""
    setattr(request, MARKS_ATTR, [])


def _marks_key(request) -> str:
    return MARKS_KEY.format(host=_host(request), path=request.get_full_path())


def _page_cache_state(response) -> str:
    header = getattr(settings, "VISIT_PAGE_CACHE_HEADER", "")
    return response.get(header, "") if header else ""


def count_request(request, response) -> None:
    """Count the page view (spec b.1) and the objects marked by stats.api, if eligible.

    A page answered from the whole-page cache (pages.pagecache) never ran its view, so
    record_view was not called: the objects the page showed when it was stored are
    remembered by URL and counted again on every hit.
    """
    if not settings.VISIT_COUNTER_ENABLED:
        return
    marks = getattr(request, MARKS_ATTR, None) or []
    cache_state = _page_cache_state(response)
    if marks and cache_state == "miss":  # whoever made the page (even a bot) stored it
        cache.set(_marks_key(request), marks, getattr(settings, "PAGE_CACHE_SECONDS", 0) + 60)
    page = page_view_is_eligible(request, response)
    if page and not marks and cache_state == "hit":
        marks = cache.get(_marks_key(request)) or []
    objects = [m for m in marks if m[0] == CountKind.VIEW and page]
    downloads = [m for m in marks if m[0] == CountKind.DOWNLOAD]
    if downloads and download_is_eligible(request, response):
        objects += downloads
    if page or objects:
        _count(request, page=page, objects=objects)


def count_marks_now(request, marks: list) -> None:
    """Count objects for a request the middleware did not see (its checks on the request only)."""
    if settings.VISIT_COUNTER_ENABLED and request.method == "GET" and request_is_countable(request):
        _count(request, page=False, objects=marks)


def _host(request) -> str:
    try:
        return request.get_host()
    except Exception:  # DisallowedHost: the page was not a 200 then anyway
        return request.META.get("HTTP_HOST", "")


def _count(request, *, page: bool, objects: list) -> None:
    count_hit(
        normalise_ip(client_ip(request)) if page else "",
        request.META.get("HTTP_USER_AGENT", ""),
        _host(request) if page else "",
        page=page,
        objects=objects,
    )


def count_hit(
    ip_norm: str,
    user_agent: str,
    host: str,
    *,
    page: bool = True,
    objects: list | tuple = (),
    now: datetime.datetime | None = None,
    backend: VisitBackend | None = None,
) -> bool | None:
    """Count one eligible request. True/False: whether it started a visit; None: not counted.

    The raw IP and user agent live only in this call: the store sees the salted key.
    """
    now = now or timezone.now()
    day, hour = local_moment(now, settings.VISIT_TIME_ZONE)
    try:
        backend = backend or get_backend()
        for _attempt in range(2):
            salt = backend.salt(day) if page else b""
            key = visitor_key(salt, ip_norm, user_agent, host) if page else None
            try:
                return backend.record(Hit(now, day, hour, key, tuple(objects)), salt)
            except SaltChanged:
                # Redis lost the salt and another server set a new one: use that one.
                backend.forget_salt(day)
        raise SaltChanged(day.isoformat())
    except Exception as exc:  # never fail the page for a counter
        dropped(exc)
        return None


# --- read path -------------------------------------------------------------------------


def recent_days(today: datetime.date) -> list[datetime.date]:
    """The days read from the live store (Redis keeps them; the database has the rest)."""
    first = today - datetime.timedelta(days=settings.VISIT_REDIS_RECENT_DAYS - 1)
    return day_range(first, today)


def _history(today: datetime.date) -> tuple[int, int]:
    """(baseline, visits of the days before the recent window): fixed until midnight."""
    key = HISTORY_KEY.format(day=today.isoformat())
    cached = cache.get(key)
    if cached is None:
        baseline = CounterBaseline.objects.filter(pk=1).values_list("visits", flat=True).first() or 0
        closed = DailyVisits.objects.filter(day__lt=recent_days(today)[0]).total()
        cached = (baseline, closed)
        now = timezone.now()
        cache.set(key, cached, seconds_until_next_day(now, settings.VISIT_TIME_ZONE))
    return cached


def invalidate_numbers(now: datetime.datetime | None = None) -> None:
    """Forget the cached numbers (after a baseline change, a flush, a demo load)."""
    today, _ = local_moment(now or timezone.now(), settings.VISIT_TIME_ZONE)
    cache.delete_many([HISTORY_KEY.format(day=today.isoformat()), NUMBERS_KEY.format(day=today.isoformat())])


def recent_daily(days: list[datetime.date], now: datetime.datetime) -> tuple[dict, int]:
    """({day: visits}, online) for the recent days, exact from the live store.

    In Redis mode a day counts max(database, Redis): a day just flushed is never read lower,
    and after a Redis loss the database's counts still show until reseed_visit_counters.
    """
    backend = get_backend()
    if backend.name == "database":
        return backend.read(days, now)
    daily = dict(DailyVisits.objects.filter(day__in=days).values_list("day", "visits"))
    try:
        live, online = backend.read(days, now)
    except Exception as exc:
        unreadable(exc)
        return daily, 0
    return {d: max(daily.get(d, 0), live.get(d, 0)) for d in days}, online


def compute_numbers(now: datetime.datetime | None = None) -> VisitNumbers:
    """The four numbers, exact, in Asia/Ho_Chi_Minh (spec b.5). Not cached."""
    now = now or timezone.now()
    today, _ = local_moment(now, settings.VISIT_TIME_ZONE)
    days = recent_days(today)
    baseline, closed = _history(today)
    daily, online = recent_daily(days, now)
    week = sum(daily.get(d, 0) for d in day_range(week_start(today), today))
    return VisitNumbers(
        online=online,
        today=daily.get(today, 0),
        week=week,
        total=baseline + closed + sum(daily.get(d, 0) for d in days),
    )


def visit_numbers() -> VisitNumbers:
    """The four numbers for display, cached for VISIT_WIDGET_CACHE_SECONDS (≤ 15 s)."""
    now = timezone.now()
    today, _ = local_moment(now, settings.VISIT_TIME_ZONE)
    key = NUMBERS_KEY.format(day=today.isoformat())
    cached = cache.get(key)
    if cached is not None:
        return VisitNumbers(*cached)
    numbers = compute_numbers(now)
    cache.set(
        key, (numbers.online, numbers.today, numbers.week, numbers.total), settings.VISIT_WIDGET_CACHE_SECONDS
    )
    return numbers
