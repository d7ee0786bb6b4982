"""Figures for the admin dashboard and its CSV exports (staff only; never cached).

Every figure is one site's: the site whose admin is open. The queries name it themselves, since
a platform administrator's admin runs without a site scope. A site with sites below it also
sees the network's today and all time ("toàn mạng lưới").
"""

import csv
import datetime
from collections import defaultdict

from django.apps import apps
from django.conf import settings
from django.db.models import Sum
from django.http import HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from common.vietnamese import WEEKDAYS, WEEKDAYS_SHORT, date_with_weekday
from common.vietnamese import number as vn_number

from . import charts, counter
from .api import view_counts
from .backends.base import site_or_current
from .models import CountKind, DailyVisits, HourlyVisits, ObjectDailyCount
from .utils import day_range, local_moment

TOP_OBJECTS = 10


def _today() -> tuple[datetime.datetime, datetime.date]:
    now = timezone.now()
    return now, local_moment(now, settings.VISIT_TIME_ZONE)[0]


def daily_series(
    first: datetime.date, last: datetime.date, now: datetime.datetime, site_id: int | None = None
) -> list[tuple]:
    """[(day, visits)] for every day from `first` to `last`, live values for the recent days."""
    site_id = site_or_current(site_id)
    stored = dict(
        DailyVisits.every_site.filter(site_id=site_id).between(first, last).values_list("day", "visits")
    )
    recent = [d for d in counter.recent_days(last) if d >= first]
    if recent:
        live, _online = counter.recent_daily(recent, now, site_id)
        stored.update({d: max(stored.get(d, 0), live.get(d, 0)) for d in recent})
    return [(d, stored.get(d, 0)) for d in day_range(first, last)]


def weekday_averages(series: list[tuple]) -> list[tuple[str, int]]:
    """Average visits per weekday over the series (Monday first)."""
    sums, counts = [0] * 7, [0] * 7
    for day, visits in series:
        sums[day.weekday()] += visits
        counts[day.weekday()] += 1
    return [(WEEKDAYS[i], round(sums[i] / counts[i]) if counts[i] else 0) for i in range(7)]


def hour_averages(
    first: datetime.date, last: datetime.date, site_id: int | None = None
) -> list[tuple[str, int]]:
    """Average visits started in each local hour, per day with data in the period."""
    rows = HourlyVisits.every_site.filter(site_id=site_or_current(site_id), day__gte=first, day__lte=last)
    totals = dict(rows.values("hour").annotate(total=Sum("visits")).values_list("hour", "total"))
    days = max(rows.values("day").distinct().count(), 1)
    return [(f"{h:02d}h", round((totals.get(h) or 0) / days)) for h in range(24)]


def _admin_link(obj) -> str:
    try:
        return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        return ""


def top_objects(days: int, now: datetime.datetime, site_id: int | None = None) -> list[dict]:
    """Per counted model and kind: the most viewed (or downloaded) objects of the period."""
    site_id = site_or_current(site_id)
    _, today = _today()
    first = today - datetime.timedelta(days=days - 1)
    sections = []
    pairs = (
        ObjectDailyCount.every_site.filter(site_id=site_id)
        .since(first)
        .values_list("model", "kind")
        .distinct()
        .order_by("-kind", "model")  # views before downloads
    )
    for label, kind in pairs:
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            continue
        totals = view_counts(model, days, kind, now, site_id=site_id)
        ranked = sorted(totals, key=lambda pk: (-totals[pk], -pk))[:TOP_OBJECTS]
        objects = model._base_manager.in_bulk(ranked)
        field = "view_count" if kind == CountKind.VIEW else "download_count"
        rows = [
            {
                "name": str(objects[pk]) if pk in objects else f"#{pk} (đã xóa)",
                "link": _admin_link(objects[pk]) if pk in objects else "",
                "count": totals[pk],
                "all_time": getattr(objects.get(pk), field, None),
            }
            for pk in ranked
        ]
        verb = "Xem nhiều nhất" if kind == CountKind.VIEW else "Tải nhiều nhất"
        sections.append({"title": f"{verb}: {model._meta.verbose_name_plural}", "kind": kind, "rows": rows})
    return sections


def dashboard_context(site_id: int | None = None) -> dict:
    site_id = site_or_current(site_id)
    now, today = _today()
    year = daily_series(today - datetime.timedelta(days=364), today, now, site_id)
    month = year[-30:]
    counted = [i for i, (_, v) in enumerate(year) if v]
    weekdays = weekday_averages(year[counted[0] :] if counted else [])  # since counting began
    hours = hour_averages(today - datetime.timedelta(days=364), today, site_id)
    numbers = counter.compute_numbers(now, site_id)
    month_labels = {i for i, (d, _) in enumerate(year) if d.day == 1}
    return {
        "numbers": numbers,
        "network": counter.compute_network_numbers(now, site_id),
        "month_total": sum(v for _, v in month),
        "year_total": sum(v for _, v in year),
        "chart_30": charts.bar_chart(
            [(f"{d:%d/%m}", v, f"{date_with_weekday(d)}: {vn_number(v)} lượt") for d, v in month],
            title="Lượt truy cập mỗi ngày, 30 ngày qua",
            chart_id="chart-30",
            label_every=5,
        ),
        "chart_365": charts.line_chart(
            [(f"{d:%m/%Y}", v, f"{d:%d/%m/%Y}: {vn_number(v)} lượt") for d, v in year],
            title="Lượt truy cập mỗi ngày, 365 ngày qua",
            chart_id="chart-365",
            label_at=month_labels,
        ),
        "chart_weekday": charts.bar_chart(
            [
                (WEEKDAYS_SHORT[i], v, f"{name}: trung bình {vn_number(v)} lượt")
                for i, (name, v) in enumerate(weekdays)
            ],
            title="Trung bình lượt truy cập theo thứ trong tuần (365 ngày qua)",
            chart_id="chart-weekday",
            width=420,
        ),
        "chart_hour": charts.bar_chart(
            [(label, v, f"{label}: trung bình {vn_number(v)} lượt mỗi ngày") for label, v in hours],
            title="Trung bình lượt truy cập bắt đầu trong mỗi giờ (365 ngày qua)",
            chart_id="chart-hour",
            width=420,
            label_every=3,
        ),
        "month": list(reversed(month)),
        "weekdays": weekdays,
        "hours": hours,
        "top_sections": top_objects(30, now, site_id),
    }


# --- CSV ---------------------------------------------------------------------------------

EXPORTS = {
    "ngay": "Lượt truy cập theo ngày (toàn bộ)",
    "gio": "Lượt truy cập theo giờ (365 ngày qua)",
    "noi-dung": "Lượt xem bài viết và tải văn bản theo ngày (365 ngày qua)",
}


def _cell(value) -> str:
    """Spreadsheet-safe text: a leading =, +, -, @ would run as a formula in Excel."""
    text = str(value)
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


def export_csv(kind: str, site_id: int | None = None) -> HttpResponse:
    site_id = site_or_current(site_id)
    now, today = _today()
    year_start = today - datetime.timedelta(days=364)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="thong-ke-{kind}-{today:%Y%m%d}.csv"'
    response.write("\ufeff")  # BOM: Excel then reads the Vietnamese labels as UTF-8
    writer = csv.writer(response)
    if kind == "gio":
        writer.writerow(["Ngày", "Giờ", "Lượt truy cập"])
        for row in HourlyVisits.every_site.filter(site_id=site_id, day__gte=year_start).order_by(
            "day", "hour"
        ):
            writer.writerow([row.day.isoformat(), row.hour, row.visits])
    elif kind == "noi-dung":
        writer.writerow(["Ngày", "Loại", "Mô hình", "Mã", "Tên", "Số lượt"])
        rows = (
            ObjectDailyCount.every_site.filter(site_id=site_id)
            .since(year_start)
            .order_by("day", "kind", "model", "object_id")
        )
        names: dict = defaultdict(dict)
        for label in {r.model for r in rows}:
            try:
                model = apps.get_model(label)
            except (LookupError, ValueError):
                continue
            ids = [r.object_id for r in rows if r.model == label]
            names[label] = {pk: str(obj) for pk, obj in model._base_manager.in_bulk(ids).items()}
        for r in rows:
            name = names[r.model].get(r.object_id, "")
            writer.writerow(
                [r.day.isoformat(), r.get_kind_display(), r.model, r.object_id, _cell(name), r.count]
            )
    else:
        writer.writerow(["Ngày", "Lượt truy cập"])
        days = DailyVisits.every_site.filter(site_id=site_id).order_by("day").values_list("day", flat=True)
        first = days.first() or today
        for day, visits in daily_series(first, today, now, site_id):
            writer.writerow([day.isoformat(), visits])
    return response
