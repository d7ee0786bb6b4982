"""Visit statistics: daily and hourly totals, the carried-over baseline, per-object counts.

Two short-lived tables serve the database-only counter and hold the only per-visitor data:
`VisitSalt` (one random salt per local day, deleted after 48 h) and `VisitorPresence` (one row
per salted visitor key per day, pruned after a day). Neither holds an IP address or a user
agent. Leave both out of long-term backups (`pg_dump --exclude-table-data=stats_visitsalt
--exclude-table-data=stats_visitorpresence`): a backup holding the salt *and* the keys would let
someone test guessed IP and browser pairs.

Counts are per site (each committee's portal has its own "Thống kê truy cập"). The counter
writes them with explicit site ids (its SQL names `site_id`, outside any request's scope);
reads through `objects` see the site being worked on, `every_site` names its sites itself.
The day's salt is shared: a visitor key is made from the site as well (stats.hits), so the
same visitor on two sites is two visitors, one on each.
"""

import datetime

from django.db import models
from django.db.models import Sum

from network.api import SiteScopedModel, site_manager


class VisitSalt(models.Model):
    """The random salt of one local day, shared by every app server (first writer wins)."""

    day = models.DateField("ngày", primary_key=True)
    salt = models.CharField("muối", max_length=64, editable=False)

    class Meta:
        ordering = ["-day"]
        verbose_name = "muối của ngày"
        verbose_name_plural = "muối của ngày"

    def __str__(self) -> str:
        return f"Muối ngày {self.day:%d/%m/%Y}"  # never the salt itself


class VisitorPresence(SiteScopedModel):
    """A salted visitor key seen on a local day (database-only mode).

    `started_visit` is written by the upsert of every view: true when that view started a new
    visit. It is what makes concurrent first views count once (see stats.backends.database).
    """

    day = models.DateField("ngày")
    visitor_key = models.CharField("khóa khách (đã băm)", max_length=32)
    visit_started = models.DateTimeField("bắt đầu lượt")
    last_seen = models.DateTimeField("lần cuối")
    started_visit = models.BooleanField("lượt xem cuối mở lượt mới", default=True)

    objects = site_manager()
    every_site = models.Manager()

    class Meta:
        ordering = ["-last_seen"]
        verbose_name = "khách đang hiện diện"
        verbose_name_plural = "khách đang hiện diện"
        constraints = [
            models.UniqueConstraint(
                fields=["site", "day", "visitor_key"], name="stats_presence_day_key_unique"
            )
        ]
        indexes = [models.Index(fields=["site", "last_seen"], name="stats_presence_site_seen")]

    def __str__(self) -> str:
        return f"{self.visitor_key[:8]}… ({self.day:%d/%m/%Y})"


class DailyVisitsQuerySet(models.QuerySet):
    def total(self) -> int:
        """Sum of the visits of the rows in this queryset (0 when empty)."""
        return self.aggregate(total=Sum("visits"))["total"] or 0

    def between(self, first: datetime.date, last: datetime.date) -> "DailyVisitsQuerySet":
        """Days from `first` to `last`, both included."""
        return self.filter(day__gte=first, day__lte=last)


class DailyVisits(SiteScopedModel):
    """Visits started on one local day (Asia/Ho_Chi_Minh) on one site. The history behind the widget."""

    day = models.DateField("ngày")
    visits = models.PositiveBigIntegerField("lượt truy cập", default=0)

    objects = site_manager(DailyVisitsQuerySet)
    every_site = DailyVisitsQuerySet.as_manager()

    class Meta:
        ordering = ["-day"]
        verbose_name = "thống kê truy cập"
        verbose_name_plural = "thống kê truy cập"
        constraints = [models.UniqueConstraint(fields=["site", "day"], name="stats_daily_site_day_unique")]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y}: {self.visits} lượt"


class HourlyVisits(SiteScopedModel):
    """Visits started in one local hour on one site; feeds the weekday and hour charts."""

    day = models.DateField("ngày")
    hour = models.PositiveSmallIntegerField("giờ")
    visits = models.PositiveBigIntegerField("lượt truy cập", default=0)

    objects = site_manager()
    every_site = models.Manager()

    class Meta:
        ordering = ["-day", "hour"]
        verbose_name = "lượt truy cập theo giờ"
        verbose_name_plural = "lượt truy cập theo giờ"
        constraints = [
            models.UniqueConstraint(fields=["site", "day", "hour"], name="stats_hourly_day_hour_unique"),
            models.CheckConstraint(condition=models.Q(hour__lte=23), name="stats_hourly_hour_range"),
        ]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.hour:02d}h: {self.visits} lượt"


class CounterBaseline(SiteScopedModel):
    """The old site's "Tất cả" carried over: Tất cả = baseline + every day counted here.

    One row per site, written by `manage.py set_visit_baseline` (or when a committee's portal
    is created with the count of the portal it replaces).
    """

    visits = models.PositiveBigIntegerField(
        "số lượt của cổng cũ",
        default=0,
        help_text="Con số “Tất cả” của cổng cũ, giữ nguyên định nghĩa cũ: cổng NukeViet cũ đếm cả "
        "lượt của máy tìm kiếm và chương trình tự động, cổng mới thì không. Đặt bằng lệnh "
        "set_visit_baseline.",
    )
    as_of = models.DateField(
        "tính đến ngày",
        null=True,
        blank=True,
        help_text="Ngày cuối cùng cổng cũ còn đếm. Các ngày đếm trên cổng mới cộng thêm vào con số này.",
    )
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    objects = site_manager()
    every_site = models.Manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = "số lượt chuyển từ cổng cũ"
        verbose_name_plural = "số lượt chuyển từ cổng cũ"
        constraints = [
            models.UniqueConstraint(
                fields=["site"],
                name="stats_baseline_one_per_site",
                violation_error_message="Cổng này đã có số lượt chuyển từ cổng cũ.",
            )
        ]

    def __str__(self) -> str:
        as_of = f" (đến {self.as_of:%d/%m/%Y})" if self.as_of else ""
        return f"{self.visits} lượt{as_of}"


class CountKind(models.TextChoices):
    VIEW = "view", "Lượt xem"
    DOWNLOAD = "download", "Lượt tải"


class ObjectDailyCountQuerySet(models.QuerySet):
    def for_model(self, model: type[models.Model], kind: str) -> "ObjectDailyCountQuerySet":
        return self.filter(model=model._meta.label_lower, kind=kind)

    def since(self, first: datetime.date) -> "ObjectDailyCountQuerySet":
        return self.filter(day__gte=first)

    def ranking(self) -> models.QuerySet:
        """(object_id, total) pairs, the largest total first, ties broken by the newest id."""
        return (
            self.values("object_id")
            .annotate(total=Sum("count"))
            .order_by("-total", "-object_id")
            .values_list("object_id", "total")
        )


class ObjectDailyCount(SiteScopedModel):
    """Views or downloads of one object (an article, a document) on one local day, on one site."""

    day = models.DateField("ngày")
    kind = models.CharField("loại", max_length=10, choices=CountKind)
    model = models.CharField("mô hình", max_length=100, help_text="Nhãn mô hình, ví dụ news.article.")
    object_id = models.PositiveBigIntegerField("mã đối tượng")
    count = models.PositiveBigIntegerField("số lượt", default=0)

    objects = site_manager(ObjectDailyCountQuerySet)
    every_site = ObjectDailyCountQuerySet.as_manager()

    class Meta:
        ordering = ["-day", "-count"]
        verbose_name = "lượt xem/tải theo ngày"
        verbose_name_plural = "lượt xem/tải theo ngày"
        constraints = [
            models.UniqueConstraint(
                fields=["site", "day", "kind", "model", "object_id"], name="stats_object_day_unique"
            )
        ]
        indexes = [models.Index(fields=["site", "model", "kind", "day"], name="stats_object_model_kind_day")]

    def __str__(self) -> str:
        return f"{self.model}#{self.object_id} {self.get_kind_display()} {self.day:%d/%m/%Y}: {self.count}"
