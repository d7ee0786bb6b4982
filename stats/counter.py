"""The visit counter: count a request once its response is known; read the four numbers.

The middleware (stats.middleware) calls `start_request` and `count_request`; stats.api marks
the article or document a request showed; the widget calls `visit_numbers`. Counting never
fails a page: a store error skips the count and is logged (at most once a minute,
stats.failures).

Every count belongs to the site the request was served for (`request.site`, set by the site
middleware); a request served for no site (/healthz on a bare address) is not counted. The
numbers are read per site; a site above others (a province's portal above its communes') also
shows the network's: its own plus every site below it (`network_numbers`).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Sum
from django.utils import timezone

from common.addresses import normalise_ip
from network.api import child_sites, current_site_id
from ops.cache import forget_held, held_value
from ops.clients import client_ip

from .backends import BackendUnavailable, SaltChanged, VisitBackend, get_backend
from .backends.base import site_or_current
from .buffer import BUFFER, Seen
from .conf import conf
from .eligibility import download_is_eligible, page_view_is_eligible, request_is_countable
from .failures import dropped, unreadable
from .hits import make_hit
from .models import CounterBaseline, CountKind, DailyVisits
from .utils import day_range, local_moment, seconds_until_next_day, week_start

MARKS_ATTR = "_visit_counter_marks"
# The widget's (deadline, numbers), kept by ops.cache.held_value.
NUMBERS_KEY = "stats:widget:{site}:{day}"
HISTORY_KEY = "stats:history:{site}:{day}"
NETWORK_KEY = "stats:widget-network:{site}:{day}"


@dataclass(frozen=True)
class VisitNumbers:
    """The widget's four numbers. 0 ≤ today ≤ week ≤ total by construction."""

    online: int
    today: int
    week: int
    total: int


@dataclass(frozen=True)
class NetworkNumbers:
    """A site's and every site's below it ("toàn mạng lưới"): today and all time."""

    sites: int  # how many sites are added up, the site itself included
    today: int
    total: int


# --- write path ------------------------------------------------------------------------


def start_request(request) -> None:
    """Give the request a list where stats.api marks the objects it showed."""
    setattr(request, MARKS_ATTR, [])


def page_marks(request) -> tuple:
    """The objects the request's view marked as shown: a whole-page cache keeps them with the
    page, so every later hit counts them without running the view again."""
    return tuple(getattr(request, MARKS_ATTR, None) or ())


def count_request(request, response, kept_marks: tuple = ()) -> None:
    """Count the page view and the objects marked by stats.api, if eligible.

    A page view counts when it is a GET answered 200 with HTML, on a public path, not a
    prefetch, not from a bot nor staff (docs/visit-counter.md, "What counts").

    A page answered from the whole-page cache (pagecache.cache) never ran its view, so
    record_view was not called: the marks kept with the page (`kept_marks`) stand in.
    """
    if not conf().enabled or _site_id(request) is None:
        return
    marks = getattr(request, MARKS_ATTR, None) or []
    page = page_view_is_eligible(request, response)
    if page and not marks and kept_marks:
        marks = list(kept_marks)
    objects = [m for m in marks if m[0] == CountKind.VIEW and page]
    downloads = [m for m in marks if m[0] == CountKind.DOWNLOAD]
    if downloads and download_is_eligible(request, response):
        objects += downloads
    if page or objects:
        _count(request, page=page, objects=objects)


def count_marks_now(request, marks: list) -> None:
    """Count objects for a request the middleware did not see (its checks on the request only)."""
    if (
        conf().enabled
        and _site_id(request) is not None
        and request.method == "GET"
        and request_is_countable(request)
    ):
        _count(request, page=False, objects=marks)


def _site_id(request) -> int | None:
    """The site the request was served for, or None (a host-free path: not counted). A request
    the site middleware never saw (a direct call) belongs to the site being worked on."""
    if not hasattr(request, "site"):
        return current_site_id()
    site = request.site
    return site.pk if site is not None else None


def _host(request) -> str:
    # The Host header as sent: a page answered 200 passed Django's ALLOWED_HOSTS check.
    return request.META.get("HTTP_HOST") or request.META.get("SERVER_NAME", "")


def _count(request, *, page: bool, objects: list) -> None:
    meta = request.META
    site_id = _site_id(request)
    if conf().buffer_seconds <= 0:
        ip_norm = normalise_ip(client_ip(request)) if page else ""
        host = _host(request) if page else ""
        count_hit(ip_norm, meta.get("HTTP_USER_AGENT", ""), host, page=page, objects=objects, site_id=site_id)
        return
    seen = Seen(
        timezone.now(),
        meta.get("REMOTE_ADDR", ""),
        meta.get("HTTP_X_FORWARDED_FOR", ""),
        meta.get("HTTP_USER_AGENT", ""),
        _host(request),
        page,
        tuple(objects),
        site_id,
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
    site_id: int | None = None,
) -> bool | None:
    """Count one eligible request of `site_id` (the site being worked on by default) now, in
    one store operation (unbuffered).

    True/False: whether it started a visit; None: not counted (the store failed).
    """
    try:
        backend = backend or get_backend()
        site_id = site_or_current(site_id)
        for _attempt in range(2):
            hit, salt = make_hit(
                ip_norm,
                user_agent,
                host,
                page=page,
                objects=objects,
                now=now,
                backend=backend,
                site_id=site_id,
            )
            try:
                return backend.record(hit, salt)
            except SaltChanged:
                # Redis lost the salt and another server set a new one: use that one.
                backend.forget_salt(hit.day, site_id)
        raise SaltChanged(hit.day.isoformat())
    except Exception as exc:  # never fail the page for a counter
        dropped(exc)
        return None


# --- read path -------------------------------------------------------------------------


def recent_days(today: datetime.date) -> list[datetime.date]:
    """The days read from the live store (Redis keeps them; the database has the rest)."""
    first = today - datetime.timedelta(days=settings.VISIT_REDIS_RECENT_DAYS - 1)
    return day_range(first, today)


def _history(today: datetime.date, site_id: int) -> tuple[int, int]:
    """(baseline, visits of the days before the recent window) of one site: fixed until midnight."""
    key = HISTORY_KEY.format(site=site_id, day=today.isoformat())
    cached = cache.get(key)
    if cached is None:
        baseline = (
            CounterBaseline.every_site.filter(site_id=site_id).values_list("visits", flat=True).first() or 0
        )
        closed = DailyVisits.every_site.filter(site_id=site_id, day__lt=recent_days(today)[0]).total()
        cached = (baseline, closed)
        now = timezone.now()
        cache.set(key, cached, seconds_until_next_day(now, settings.VISIT_TIME_ZONE))
    return cached


def invalidate_numbers(now: datetime.datetime | None = None, site_ids=None) -> None:
    """Forget the cached numbers (after a baseline change, a flush, a demo load) of these sites
    (the site being worked on by default; a site's change also changes its network's numbers,
    which are forgotten with them after their 15 seconds)."""
    today, _ = local_moment(now or timezone.now(), settings.VISIT_TIME_ZONE)
    iso = today.isoformat()
    sites = [site_or_current(None)] if site_ids is None else list(site_ids)
    keys = []
    for site in sites:
        keys += [HISTORY_KEY.format(site=site, day=iso), NUMBERS_KEY.format(site=site, day=iso)]
        keys.append(NETWORK_KEY.format(site=site, day=iso))
    forget_held(keys)


def recent_daily(
    days: list[datetime.date], now: datetime.datetime, site_id: int | None = None
) -> tuple[dict, int]:
    """({day: visits}, online) for the recent days of one site, exact from the live store.

    In Redis mode a day counts max(database, Redis): a day just flushed is never read lower,
    and after a Redis loss the database's counts still show until reseed_visit_counters.
    """
    site_id = site_or_current(site_id)
    backend = get_backend()
    if backend.name == "database":
        return backend.read(days, now, site_id)
    daily = dict(DailyVisits.every_site.filter(site_id=site_id, day__in=days).values_list("day", "visits"))
    try:
        live, online = backend.read(days, now, site_id)
    except Exception as exc:
        unreadable(exc)
        return daily, 0
    return {d: max(daily.get(d, 0), live.get(d, 0)) for d in days}, online


def compute_numbers(now: datetime.datetime | None = None, site_id: int | None = None) -> VisitNumbers:
    """The four numbers of one site (the site being worked on by default), exact, in
    Asia/Ho_Chi_Minh (docs/visit-counter.md, "The four numbers").

    Not cached.
    """
    now = now or timezone.now()
    site_id = site_or_current(site_id)
    today, _ = local_moment(now, settings.VISIT_TIME_ZONE)
    days = recent_days(today)
    baseline, closed = _history(today, site_id)
    daily, online = recent_daily(days, now, site_id)
    week = sum(daily.get(d, 0) for d in day_range(week_start(today), today))
    return VisitNumbers(
        online=online,
        today=daily.get(today, 0),
        week=week,
        total=baseline + closed + sum(daily.get(d, 0) for d in days),
    )


def visit_numbers(site_id: int | None = None) -> VisitNumbers:
    """The four numbers of one site for display, cached for VISIT_WIDGET_CACHE_SECONDS (≤ 15 s)."""
    now = timezone.now()
    site_id = site_or_current(site_id)
    today, _ = local_moment(now, settings.VISIT_TIME_ZONE)
    key = NUMBERS_KEY.format(site=site_id, day=today.isoformat())
    return held_value(key, lambda: compute_numbers(now, site_id), settings.VISIT_WIDGET_CACHE_SECONDS)


def descendants(site_id: int) -> list[int]:
    """The active sites below `site_id`, at any depth (the network's shape, from the host map)."""
    found: list[int] = []
    pending = [site_id]
    while pending and len(found) < 10_000:
        for entry in child_sites(pending.pop()):
            if entry.id not in found and entry.id != site_id:
                found.append(entry.id)
                pending.append(entry.id)
    return found


def compute_network_numbers(now: datetime.datetime | None = None, site_id: int | None = None):
    """Today and all time of the site and every site below it, exact; None for a site with no
    site below it. A fixed number of queries, whatever the number of sites: the database is
    read once for all of them (Redis mode then reads each site's recent days from Redis)."""
    now = now or timezone.now()
    site_id = site_or_current(site_id)
    below = descendants(site_id)
    if not below:
        return None
    ids = [site_id, *below]
    today, _ = local_moment(now, settings.VISIT_TIME_ZONE)
    days = recent_days(today)
    baseline = CounterBaseline.every_site.filter(site_id__in=ids).aggregate(n=Sum("visits"))["n"] or 0
    closed = (
        DailyVisits.every_site.filter(site_id__in=ids, day__lt=days[0]).aggregate(n=Sum("visits"))["n"] or 0
    )
    recent: dict[int, dict] = defaultdict(dict)
    rows = DailyVisits.every_site.filter(site_id__in=ids, day__in=days)
    for each, day, visits in rows.values_list("site_id", "day", "visits"):
        recent[each][day] = visits
    backend = get_backend()
    if backend.name != "database":  # a day counts max(database, Redis), as on each site's widget
        for each in ids:
            try:
                live, _ = backend.read(days, now, each)
            except Exception as exc:
                unreadable(exc)
                break
            for day, visits in live.items():
                recent[each][day] = max(recent[each].get(day, 0), visits)
    today_sum = sum(recent[each].get(today, 0) for each in ids)
    total_sum = baseline + closed + sum(sum(by_day.values()) for by_day in recent.values())
    return NetworkNumbers(sites=len(ids), today=today_sum, total=total_sum)


def network_numbers(site_id: int | None = None):
    """The network's numbers for display (None without sites below), cached like the widget's."""
    now = timezone.now()
    site_id = site_or_current(site_id)
    today, _ = local_moment(now, settings.VISIT_TIME_ZONE)
    key = NETWORK_KEY.format(site=site_id, day=today.isoformat())
    return held_value(key, lambda: compute_network_numbers(now, site_id), settings.VISIT_WIDGET_CACHE_SECONDS)
