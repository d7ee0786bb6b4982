"""The visit counter: count a request once its response is known; read the four numbers.

The middleware (stats.middleware) calls `start_request` and `count_request`; stats.api marks
the article or document a request showed; the widget calls `visit_numbers`. Counting never
fails a page: a store error skips the count and is logged (at most once a minute,
stats.failures).
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from common.addresses import normalise_ip
from ops.clients import client_ip

from .backends import BackendUnavailable, SaltChanged, VisitBackend, get_backend
from .buffer import BUFFER, Seen
from .conf import conf
from .eligibility import download_is_eligible, page_view_is_eligible, request_is_countable
from .failures import dropped, unreadable
from .hits import make_hit
from .models import CounterBaseline, CountKind, DailyVisits
from .utils import day_range, local_moment, seconds_until_next_day, week_start

MARKS_ATTR = "_visit_counter_marks"
NUMBERS_KEY = "stats:numbers:{day}"
HISTORY_KEY = "stats:history:{day}"


@dataclass(frozen=True)
class VisitNumbers:
    """The widget's four numbers. 0 ≤ today ≤ week ≤ total by construction."""

    online: int
    today: int
    week: int
    total: int


# --- write path ------------------------------------------------------------------------


def start_request(request) -> None:
    """Give the request a list where stats.api marks the objects it showed."""
    setattr(request, MARKS_ATTR, [])


def _page_cache_state(response) -> str:
    header = conf().page_cache_header
    return response.get(header, "") if header else ""


def keep_marks(request, response) -> None:
    """Called by the page cache before it stores `response`: the objects the page showed
    travel with it, so every later hit counts them without running the view again."""
    marks = getattr(request, MARKS_ATTR, None)
    if marks:
        setattr(response, MARKS_ATTR, tuple(marks))


def count_request(request, response) -> None:
    """Count the page view and the objects marked by stats.api, if eligible.

    A page view counts when it is a GET answered 200 with HTML, on a public path, not a
    prefetch, not from a bot nor staff (docs/visit-counter.md, "What counts").

    A page answered from the whole-page cache (pagecache.cache) never ran its view, so
    record_view was not called: the marks stored with the page (keep_marks) stand in.
    """
    if not conf().enabled:
        return
    marks = getattr(request, MARKS_ATTR, None) or []
    page = page_view_is_eligible(request, response)
    if page and not marks and _page_cache_state(response) == "hit":
        marks = list(getattr(response, MARKS_ATTR, ()))
    objects = [m for m in marks if m[0] == CountKind.VIEW and page]
    downloads = [m for m in marks if m[0] == CountKind.DOWNLOAD]
    if downloads and download_is_eligible(request, response):
        objects += downloads
    if page or objects:
        _count(request, page=page, objects=objects)


def count_marks_now(request, marks: list) -> None:
    """Count objects for a request the middleware did not see (its checks on the request only)."""
    if conf().enabled and request.method == "GET" and request_is_countable(request):
        _count(request, page=False, objects=marks)


def _host(request) -> str:
    # The Host header as sent: a page answered 200 passed Django's ALLOWED_HOSTS check.
    return request.headers.get("host") or request.META.get("SERVER_NAME", "")


def _count(request, *, page: bool, objects: list) -> None:
    meta = request.META
    if conf().buffer_seconds <= 0:
        ip_norm = normalise_ip(client_ip(request)) if page else ""
        host = _host(request) if page else ""
        count_hit(ip_norm, meta.get("HTTP_USER_AGENT", ""), host, page=page, objects=objects)
        return
    seen = Seen(
        timezone.now(),
        meta.get("REMOTE_ADDR", ""),
        meta.get("HTTP_X_FORWARDED_FOR", ""),
        meta.get("HTTP_USER_AGENT", ""),
        _host(request),
        page,
        tuple(objects),
    )
    if not BUFFER.add(seen):
        dropped(BackendUnavailable(f"{conf().buffer_max_hits} requests already wait for the store"))


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
    """Count one eligible request now, in one store operation (unbuffered).

    True/False: whether it started a visit; None: not counted (the store failed).
    """
    try:
        backend = backend or get_backend()
        for _attempt in range(2):
            hit, salt = make_hit(
                ip_norm, user_agent, host, page=page, objects=objects, now=now, backend=backend
            )
            try:
                return backend.record(hit, salt)
            except SaltChanged:
                # Redis lost the salt and another server set a new one: use that one.
                backend.forget_salt(hit.day)
        raise SaltChanged(hit.day.isoformat())
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
    """The four numbers, exact, in Asia/Ho_Chi_Minh (docs/visit-counter.md, "The four numbers").

    Not cached.
    """
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
