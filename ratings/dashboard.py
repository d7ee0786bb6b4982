"""Figures of "Đánh giá mức độ hài lòng" for the admin and its CSV exports (staff only).

Every figure is one site's: the site whose admin is open (queries name it themselves, since a
platform administrator's admin runs without a site scope). The number of queries does not grow
with the number of pages: counts are grouped in the database, and the pages' names are read
with one query per kind of content (news.article, documents.document, …).
"""

import csv
import datetime
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.http import HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from common.vietnamese import number as vn_number
from stats import charts

from .models import Choice, Rating

MONTHS = 12
TOP_PAGES = 50
RECENT_COMMENTS = 30
EXPORTS = {
    "trang-thang": "Đánh giá theo trang và theo tháng (12 tháng qua)",
    "gop-y": "Các góp ý kèm đánh giá (12 tháng qua)",
}


def _first_of_period(today: datetime.date) -> datetime.date:
    """The first day of the month MONTHS - 1 months before this one."""
    year, month = today.year, today.month - (MONTHS - 1)
    while month < 1:
        month += 12
        year -= 1
    return datetime.date(year, month, 1)


def _months(first: datetime.date, today: datetime.date) -> list[datetime.date]:
    months, current = [], first
    while current <= today:
        months.append(current)
        current = datetime.date(current.year + (current.month == 12), current.month % 12 + 1, 1)
    return months


def _counts():
    """Per-choice counts, a total and the number of comments, as aggregate expressions."""
    return {
        "useful": Count("id", filter=Q(choice=Choice.USEFUL)),
        "neutral": Count("id", filter=Q(choice=Choice.NEUTRAL)),
        "not_useful": Count("id", filter=Q(choice=Choice.NOT_USEFUL)),
        "total": Count("id"),
        "comments": Count("id", filter=~Q(comment="")),
    }


def _admin_link(obj) -> str:
    try:
        return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        return ""


def _objects(pairs) -> dict:
    """{(content_type_id, object_id): object} with one query per kind of content."""
    wanted: dict[int, set[int]] = defaultdict(set)
    for ct_id, object_id in pairs:
        wanted[ct_id].add(object_id)
    found = {}
    for ct_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        if model is None:
            continue
        for pk, obj in model._base_manager.in_bulk(ids).items():
            found[(ct_id, pk)] = obj
    return found


def _page_row(row: dict, objects: dict) -> dict:
    obj = objects.get((row["content_type"], row["object_id"]))
    total = row["total"] or 0
    return {
        **row,
        "name": str(obj) if obj is not None else f"#{row['object_id']} (đã xóa)",
        "kind": obj._meta.verbose_name if obj is not None else "",
        "link": _admin_link(obj) if obj is not None else "",
        "useful_share": round(100 * row["useful"] / total) if total else 0,
    }


def dashboard_context(site_id: int) -> dict:
    today = timezone.localdate()
    first = _first_of_period(today)
    ratings = Rating.every_site.filter(site_id=site_id, day__gte=first)
    per_month = {
        row["month"]: row
        for row in ratings.annotate(month=TruncMonth("day")).values("month").annotate(**_counts()).order_by()
    }
    months = []
    for month in _months(first, today):
        row = per_month.get(month, {})
        months.append(
            {
                "month": month,
                "useful": row.get("useful", 0),
                "neutral": row.get("neutral", 0),
                "not_useful": row.get("not_useful", 0),
                "total": row.get("total", 0),
                "comments": row.get("comments", 0),
            }
        )
    pages = list(
        ratings.values("content_type", "object_id")
        .annotate(**_counts())
        .order_by("-total", "-object_id")[:TOP_PAGES]
    )
    comments = list(
        ratings.exclude(comment="")
        .order_by("-day", "-pk")
        .values("pk", "day", "choice", "comment", "content_type", "object_id")[:RECENT_COMMENTS]
    )
    objects = _objects([(r["content_type"], r["object_id"]) for r in pages + comments])
    labels = dict(Choice.choices)
    totals = {
        key: sum(m[key] for m in months) for key in ("useful", "neutral", "not_useful", "total", "comments")
    }
    return {
        "first": first,
        "today": today,
        "totals": totals,
        "useful_share": round(100 * totals["useful"] / totals["total"]) if totals["total"] else 0,
        "months": list(reversed(months)),
        "chart_months": charts.bar_chart(
            [
                (
                    f"{m['month']:%m/%y}",
                    m["total"],
                    f"Tháng {m['month'].month}/{m['month'].year}: {vn_number(m['total'])} đánh giá "
                    f"({vn_number(m['useful'])} hữu ích, {vn_number(m['neutral'])} bình thường, "
                    f"{vn_number(m['not_useful'])} không hữu ích)",
                )
                for m in months
            ],
            title="Số đánh giá mỗi tháng, 12 tháng qua",
            chart_id="chart-ratings-months",
        ),
        "chart_useful": charts.bar_chart(
            [
                (
                    f"{m['month']:%m/%y}",
                    round(100 * m["useful"] / m["total"]) if m["total"] else 0,
                    f"Tháng {m['month'].month}/{m['month'].year}: "
                    + (
                        f"{round(100 * m['useful'] / m['total'])}% hữu ích"
                        if m["total"]
                        else "chưa có đánh giá"
                    ),
                )
                for m in months
            ],
            title="Tỷ lệ “Hữu ích” mỗi tháng (%), 12 tháng qua",
            chart_id="chart-ratings-useful",
        ),
        "pages": [_page_row(r, objects) for r in pages],
        "comments": [
            {
                **_page_row({**c, "useful": 0, "total": 0}, objects),
                "choice_label": labels.get(c["choice"], ""),
            }
            for c in comments
        ],
        "exports": EXPORTS,
        "top_pages": TOP_PAGES,
        "recent_comments": RECENT_COMMENTS,
    }


def _cell(value) -> str:
    """Spreadsheet-safe text: a leading =, +, -, @ would run as a formula in Excel."""
    text = str(value)
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


def export_csv(kind: str, site_id: int) -> HttpResponse:
    today = timezone.localdate()
    first = _first_of_period(today)
    ratings = Rating.every_site.filter(site_id=site_id, day__gte=first)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="danh-gia-{kind}-{today:%Y%m%d}.csv"'
    response.write("\ufeff")  # BOM: Excel then reads the Vietnamese text as UTF-8
    writer = csv.writer(response)
    if kind == "gop-y":
        rows = list(
            ratings.exclude(comment="")
            .order_by("day", "pk")
            .values("day", "choice", "comment", "content_type", "object_id")
        )
        objects = _objects([(r["content_type"], r["object_id"]) for r in rows])
        labels = dict(Choice.choices)
        writer.writerow(["Ngày", "Loại nội dung", "Mã", "Tên", "Đánh giá", "Góp ý"])
        for r in rows:
            obj = objects.get((r["content_type"], r["object_id"]))
            writer.writerow(
                [
                    r["day"].isoformat(),
                    obj._meta.verbose_name if obj is not None else "",
                    r["object_id"],
                    _cell(obj) if obj is not None else "",
                    labels.get(r["choice"], r["choice"]),
                    _cell(r["comment"]),
                ]
            )
        return response
    rows = list(
        ratings.annotate(month=TruncMonth("day"))
        .values("month", "content_type", "object_id")
        .annotate(**_counts())
        .order_by("month", "content_type", "object_id")
    )
    objects = _objects([(r["content_type"], r["object_id"]) for r in rows])
    writer.writerow(
        ["Tháng", "Loại nội dung", "Mã", "Tên", "Hữu ích", "Bình thường", "Không hữu ích", "Tổng", "Số góp ý"]
    )
    for r in rows:
        obj = objects.get((r["content_type"], r["object_id"]))
        writer.writerow(
            [
                f"{r['month']:%m/%Y}",
                obj._meta.verbose_name if obj is not None else "",
                r["object_id"],
                _cell(obj) if obj is not None else "",
                r["useful"],
                r["neutral"],
                r["not_useful"],
                r["total"],
                r["comments"],
            ]
        )
    return response
