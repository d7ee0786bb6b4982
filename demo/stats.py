"""Demo statistics: the old site's carried-over total and ~400 days of realistic traffic.

Idempotent: existing days, baseline and object counts are never changed, so running it twice
(or after real visits were counted) changes nothing that is already there.
"""

import datetime
import math
import random

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import F
from django.utils import timezone

from common.vietnamese import number as vn_number
from stats.api import forget_numbers, local_day_and_hour
from stats.models import CounterBaseline, CountKind, DailyVisits, HourlyVisits, ObjectDailyCount

from .news import SEED_SLUG

DAYS = 400
# The old site's page showed "Tất cả: 3,782,582" on its last day.
OLD_SITE_TOTAL = 3_782_582
# Share of a day's visits starting in each local hour: office hours, a lunch dip, an evening bump.
HOUR_WEIGHTS = [1, 1, 1, 1, 1, 2, 4, 8, 12, 13, 12, 9, 6, 7, 10, 11, 9, 6, 5, 6, 7, 6, 4, 2]
WEEKDAY_FACTOR = [1.0, 1.05, 1.0, 1.0, 0.95, 0.55, 0.45]
COUNTED_MODELS = [("news.article", CountKind.VIEW, 60), ("documents.document", CountKind.DOWNLOAD, 12)]
# The seed article is the page the portal grew from and is still shared widely: the most read,
# so it shows in "Đọc nhiều trong tuần" although newer news leads the home page.
SEED_POPULARITY = 4.0


def _daily_visits(rng: random.Random, day: datetime.date, index: int) -> int:
    trend = 700 + 500 * index / DAYS  # the portal grows over the year
    season = 1 + 0.12 * math.sin(2 * math.pi * day.timetuple().tm_yday / 365)
    spike = 2.2 if rng.random() < 0.02 else 1.0  # a conference, a widely shared article
    return max(0, round(trend * season * WEEKDAY_FACTOR[day.weekday()] * spike * rng.uniform(0.85, 1.15)))


def _split_hours(rng: random.Random, visits: int) -> list[int]:
    weights = [w * rng.uniform(0.8, 1.2) for w in HOUR_WEIGHTS]
    total = sum(weights)
    hours = [int(visits * w / total) for w in weights]
    for i in rng.sample(range(24), visits - sum(hours)):  # the rounding remainder
        hours[i] += 1
    return hours


def _counted_model(label: str, kind: str):
    try:
        model = apps.get_model(label)
        model._meta.get_field("view_count" if kind == CountKind.VIEW else "download_count")
    except (LookupError, ValueError, FieldDoesNotExist):
        return None
    return model


def _seed_article_pk() -> int | None:
    model = _counted_model("news.article", CountKind.VIEW)
    if model is None:
        return None
    return model._base_manager.filter(slug=SEED_SLUG).values_list("pk", flat=True).first()


def _load_object_counts(rng: random.Random, today: datetime.date) -> int:
    created = 0
    seed_pk = _seed_article_pk()
    for label, kind, scale in COUNTED_MODELS:
        model = _counted_model(label, kind)
        if model is None:
            continue
        field = "view_count" if kind == CountKind.VIEW else "download_count"
        for pk in model._base_manager.values_list("pk", flat=True):
            if ObjectDailyCount.objects.filter(model=label, kind=kind, object_id=pk).exists():
                continue
            popularity = rng.uniform(0.2, 1.5)
            if label == "news.article" and pk == seed_pk:
                popularity = SEED_POPULARITY
            rows = [
                ObjectDailyCount(
                    day=today - datetime.timedelta(days=n),
                    kind=kind,
                    model=label,
                    object_id=pk,
                    count=round(scale * popularity * rng.uniform(0.3, 1.2) / (1 + n / 10)),
                )
                for n in range(1, 61)
            ]
            rows = [r for r in rows if r.count > 0]
            ObjectDailyCount.objects.bulk_create(rows, ignore_conflicts=True)
            model._base_manager.filter(pk=pk).update(**{field: F(field) + sum(r.count for r in rows)})
            created += 1
    return created


def load(stdout) -> None:
    rng = random.Random(35)
    today, _ = local_day_and_hour(timezone.now())
    first = today - datetime.timedelta(days=DAYS)
    existing = set(DailyVisits.objects.filter(day__gte=first).values_list("day", flat=True))
    daily, hourly = [], []
    for index in range(DAYS):
        day = first + datetime.timedelta(days=index)
        visits = _daily_visits(rng, day, index)
        hours = _split_hours(rng, visits)
        if day in existing:
            continue
        daily.append(DailyVisits(day=day, visits=visits))
        hourly += [HourlyVisits(day=day, hour=h, visits=v) for h, v in enumerate(hours) if v]
    DailyVisits.objects.bulk_create(daily, ignore_conflicts=True)
    HourlyVisits.objects.bulk_create(hourly, ignore_conflicts=True)
    baseline, made = CounterBaseline.objects.get_or_create(
        defaults={"visits": OLD_SITE_TOTAL, "as_of": first - datetime.timedelta(days=1)}
    )
    objects = _load_object_counts(rng, today)
    forget_numbers()
    stdout.write(
        f"Thống kê: {len(daily)} ngày mẫu, {objects} bài/văn bản có lượt xem/tải mẫu; số của cổng cũ "
        f"{vn_number(baseline.visits)} tính đến {baseline.as_of:%d/%m/%Y}{'' if made else ' (đã có)'}.\n"
    )
