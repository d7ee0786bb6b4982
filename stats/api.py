"""What other apps call to count views and downloads and to read "most read" lists.

Views and downloads go through the visit counter's machinery: bots, staff, prefetches and
non-GET requests are never counted, and a view counts only when its page is an eligible page
view (GET, 200, HTML). The call marks the request; the middleware counts it once the response
is known, in the same store operation as the visit (Redis: the same Lua script, so no
database write per view — flush_visit_counts moves the counts into the objects'
view_count/download_count and the per-day table; database mode: an upsert per batch).

Counts are per site: a view counts on the site whose page showed it, "most read" lists are the
site's own (and cached per site).
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from common.addresses import normalise_ip
from ops.cache import held_value
from ops.clients import client_ip

from . import counter
from .backends import get_backend
from .backends.base import site_or_current
from .buffer import BUFFER
from .failures import unreadable
from .models import CounterBaseline, CountKind, DailyVisits, HourlyVisits, ObjectDailyCount
from .utils import day_range, local_moment, visitor_key

MOST_READ_KEY = "stats:most-read-ids:{site}:{label}:{days}:{limit}:{day}"  # (deadline, ids): held_value
MOST_READ_SECONDS = 60


def _mark(request, kind: str, obj: Model) -> None:
    if not settings.VISIT_COUNTER_ENABLED or obj.pk is None:
        return
    mark = (str(kind), obj._meta.label_lower, int(obj.pk))
    marks = getattr(request, counter.MARKS_ATTR, None)
    if marks is not None:
        marks.append(mark)
    else:
        # The middleware did not see this request (turned off, or a direct call): count now.
        counter.count_marks_now(request, [mark])


def record_view(request, obj: Model) -> None:
    """Count one public view of `obj` (an article or a document page)."""
    _mark(request, CountKind.VIEW, obj)


def record_download(request, obj: Model) -> None:
    """Count one download of `obj` (a document; the attachment's document)."""
    _mark(request, CountKind.DOWNLOAD, obj)


def count_page_view(request, response, kept_marks: tuple = ()) -> None:
    """For a whole-page cache answering before the visit counter's middleware: count the page
    it served as that middleware would have, with the objects kept with the page."""
    counter.count_request(request, response, kept_marks)


def page_marks(request) -> tuple:
    """For a whole-page cache about to store a page: the objects the page showed, to keep with
    it, so every later hit of the cached page still counts them as read."""
    return counter.page_marks(request)


def _public_queryset(model: type[Model]):
    manager = model._default_manager
    published = getattr(manager, "published", None)
    return published() if callable(published) else manager.all()


def view_counts(
    model: type[Model],
    days: int,
    kind: str = CountKind.VIEW,
    now: datetime.datetime | None = None,
    site_id: int | None = None,
) -> dict[int, int]:
    """{pk: views (or downloads)} of `model` on one site (the site being worked on by default)
    over the last `days` local days, today included."""
    now = now or timezone.now()
    site_id = site_or_current(site_id)
    today, _ = local_moment(now, settings.VISIT_TIME_ZONE)
    first = today - datetime.timedelta(days=max(days, 1) - 1)
    label = model._meta.label_lower
    per_day = {
        (day, pk): n
        for day, pk, n in ObjectDailyCount.every_site.filter(site_id=site_id)
        .for_model(model, kind)
        .since(first)
        .values_list("day", "object_id", "count")
    }
    backend = get_backend()
    live_days = [d for d in counter.recent_days(today) if d >= first]
    if backend.name != "database" and live_days:
        try:
            live = backend.object_counts(str(kind), label, day_range(live_days[0], today), site_id)
        except Exception as exc:
            unreadable(exc)
            live = {}
        for key, n in live.items():
            per_day[key] = max(per_day.get(key, 0), n)
    totals: dict[int, int] = {}
    for (_day, pk), n in per_day.items():
        totals[pk] = totals.get(pk, 0) + n
    return totals


def most_read_ids(model: type[Model], days: int = 7, limit: int = 5) -> list[int]:
    """Primary keys of the most viewed objects of `model` on the site being worked on over the
    last `days` local days.

    Most views first; ties go to the newer object. Only objects the model's `published()`
    queryset shows (when it has one). Cached for a minute, per site (and in each worker).
    """
    now = timezone.now()
    site_id = site_or_current(None)
    today, _ = local_moment(now, settings.VISIT_TIME_ZONE)
    key = MOST_READ_KEY.format(
        site=site_id, label=model._meta.label_lower, days=days, limit=limit, day=today.isoformat()
    )

    def ranked_ids() -> list[int]:
        totals = view_counts(model, days, CountKind.VIEW, now, site_id=site_id)
        ranked = sorted(totals, key=lambda pk: (-totals[pk], -pk))
        candidates = ranked[: max(limit * 20, 100)]  # room for drafts or withdrawn ones on top
        visible = set(_public_queryset(model).filter(pk__in=candidates).values_list("pk", flat=True))
        return [pk for pk in candidates if pk in visible][:limit]

    return list(held_value(key, ranked_ids, MOST_READ_SECONDS))


def forget_numbers(site_ids=None) -> None:
    """Forget the widget's cached numbers of these sites (the site being worked on by default),
    after counts were written some other way (a demo load, an import): the next page shows the
    new totals."""
    counter.invalidate_numbers(site_ids=site_ids)


def set_baseline(site_id: int, visits: int, as_of: datetime.date | None) -> None:
    """A site's count carried over from the portal it replaces ("Tất cả" starts from it)."""
    CounterBaseline.every_site.update_or_create(site_id=site_id, defaults={"visits": visits, "as_of": as_of})
    counter.invalidate_numbers(site_ids=[site_id])


def merge_counts(old_site_id: int, new_site_id: int) -> int:
    """Add a merged site's counts to the site it was merged into: its days, hours, objects'
    views and downloads, and its carried-over count. The old site's rows stay as they were (its
    own history). Returns the visits added to the new site's "Tất cả"."""
    backend = get_backend()
    if backend.name == "redis":  # what Redis still holds of the recent days goes in first
        today, _ = local_moment(timezone.now(), settings.VISIT_TIME_ZONE)
        backend.flush(counter.recent_days(today), site_ids=[old_site_id])
    added = 0
    with transaction.atomic():
        for row in DailyVisits.every_site.filter(site_id=old_site_id):
            target, _ = DailyVisits.every_site.get_or_create(site_id=new_site_id, day=row.day)
            DailyVisits.every_site.filter(pk=target.pk).update(visits=target.visits + row.visits)
            added += row.visits
        for row in HourlyVisits.every_site.filter(site_id=old_site_id):
            target, _ = HourlyVisits.every_site.get_or_create(site_id=new_site_id, day=row.day, hour=row.hour)
            HourlyVisits.every_site.filter(pk=target.pk).update(visits=target.visits + row.visits)
        for row in ObjectDailyCount.every_site.filter(site_id=old_site_id):
            target, _ = ObjectDailyCount.every_site.get_or_create(
                site_id=new_site_id, day=row.day, kind=row.kind, model=row.model, object_id=row.object_id
            )
            ObjectDailyCount.every_site.filter(pk=target.pk).update(count=target.count + row.count)
        old = CounterBaseline.every_site.filter(site_id=old_site_id).first()
        if old is not None and old.visits:
            target, _ = CounterBaseline.every_site.get_or_create(site_id=new_site_id)
            CounterBaseline.every_site.filter(pk=target.pk).update(visits=target.visits + old.visits)
            added += old.visits
    counter.invalidate_numbers(site_ids=[old_site_id, new_site_id])
    return added


def flush_held_views() -> None:
    """Send the views this process still holds to the store (a worker stopping gracefully)."""
    BUFFER.flush()


def local_day_and_hour(now: datetime.datetime) -> tuple[datetime.date, int]:
    """The local day and hour of `now` as the counter files it (settings.VISIT_TIME_ZONE)."""
    return local_moment(now, settings.VISIT_TIME_ZONE)


def scoped_visitor_key(
    request, scope: str, now: datetime.datetime | None = None
) -> tuple[datetime.date, str]:
    """(local day, key) naming the request's client on the site being worked on, for `scope`
    (e.g. "rating:news.article:12"), by the visit counter's rule: HMAC of the day's salt over
    the client's address (an IPv6 one reduced to its /64), its user agent and the site, plus
    the scope. The same client gets the same key all day; the next day's salt gives another.

    No cookie and no address is kept: the key alone cannot be turned back into an address
    once the day's salt is deleted (after 48 h). The scope makes keys of two scopes unrelated,
    so a key stored by another app cannot be matched with the counter's or with another scope's.
    """
    now = now or timezone.now()
    site_id = site_or_current(None)
    day, _ = local_moment(now, settings.VISIT_TIME_ZONE)
    salt = get_backend().salt(day, site_id)
    ip = client_ip(request)
    ip_norm = normalise_ip(ip) or ip
    user_agent = request.headers.get("user-agent", "")
    return day, visitor_key(salt, ip_norm, user_agent, f"site:{site_id}\n{scope}")
