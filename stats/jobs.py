"""The visit counter's upkeep as functions, background jobs and (in stats/management) commands:
the same work whichever way it is started.

- `flush`: counts held in Redis → the database (every minute). The systemd timer runs it
  inline (`manage.py flush_visit_counts`): a job a minute would leave 1,440 rows a day in the
  jobs' table, and the next minute's run is its own retry. Idempotent (the larger value wins).
- `prune`: old salts, presence keys and per-object daily rows (daily). The timer queues it
  (`manage.py prune_visits --nen`), so a failure is retried and shown in the admin's jobs.

Neither touches one site's content only: both run across every site (`platform_job`).
"""

import datetime

from django.conf import settings
from django.contrib.sites.models import Site
from django.utils import timezone

from jobs.api import platform_job
from network.api import all_sites

from .backends import get_backend
from .backends.database import prune_before
from .counter import invalidate_numbers
from .models import ObjectDailyCount
from .utils import day_range, local_moment


def flush(days: int) -> dict | None:
    """Write the last `days` days held in Redis to the database; None when Redis is not used.
    Raises stats.backends.BackendUnavailable when Redis does not answer."""
    backend = get_backend()
    if backend.name != "redis":
        return None
    today, _ = local_moment(timezone.now(), settings.VISIT_TIME_ZONE)
    window = day_range(today - datetime.timedelta(days=min(max(days, 1), 35) - 1), today)
    changed = backend.flush(window)
    with all_sites():
        invalidate_numbers(site_ids=list(Site.objects.values_list("pk", flat=True)))
    return {**changed, "first": window[0].isoformat(), "last": window[-1].isoformat()}


def prune() -> dict[str, int]:
    """Remove salts and presence keys older than yesterday, per-object daily rows older than
    VISIT_OBJECT_DAYS_KEPT days, on every site."""
    today, _ = local_moment(timezone.now(), settings.VISIT_TIME_ZONE)
    removed = prune_before(today - datetime.timedelta(days=1))
    keep_from = today - datetime.timedelta(days=settings.VISIT_OBJECT_DAYS_KEPT)
    objects, _ = ObjectDailyCount.every_site.filter(day__lt=keep_from).delete()  # every site
    return {**removed, "objects": objects}


@platform_job("Ghi số lượt truy cập từ Redis vào cơ sở dữ liệu")
def flush_visits(days: int) -> dict | None:
    return flush(days)


@platform_job("Xóa dữ liệu ngắn hạn của bộ đếm truy cập")
def prune_visits() -> dict[str, int]:
    return prune()
