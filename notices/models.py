"""Thông báo: the banners a site's staff put above every public page of their site.

Three kinds: information, a planned stop (tạm dừng hoạt động theo kế hoạch) and urgent. A
banner shows from `starts_at` until `ends_at`, on its own site only. A planned stop also says
when the stop begins and when service is expected back, and must be announced at least
NOTICE_PLANNED_STOP_WORKING_DAYS working days ahead (Nghị định 224/2026/NĐ-CP, Điều 13 khoản 1
điểm a) unless it is marked force majeure (bất khả kháng): see `Notice.clean` and
notices.workdays.

`Holiday` is the platform's list of public holidays (one list for every site, kept by the
platform administrator): the lunar holidays (Tết Nguyên đán, Giỗ Tổ Hùng Vương) and the day
the government adds next to 2/9 change every year, so they are rows, not code.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from network.api import SiteScopedModel, site_manager
from ops.links import LinkField
from pagecache.api import ContentQuerySet

from . import workdays

TEXT_MAX_LENGTH = 400


class Holiday(models.Model):
    """A public holiday (ngày nghỉ lễ, Tết) or a day off in lieu: never a working day."""

    day = models.DateField("ngày", unique=True)
    name = models.CharField("tên ngày lễ", max_length=120)

    # The notices app is content to the page cache (pagecache.signals): its writes go through
    # the invalidating queryset like any content model's.
    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["day"]
        verbose_name = "ngày nghỉ lễ"
        verbose_name_plural = "ngày nghỉ lễ"

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y}: {self.name}"


def holidays_between(first: datetime.date, last: datetime.date) -> frozenset[datetime.date]:
    """The holidays from `first` to `last` (one query)."""
    return frozenset(Holiday.objects.filter(day__gte=first, day__lte=last).values_list("day", flat=True))


def earliest_stop(published: datetime.datetime) -> datetime.datetime:
    """The earliest moment a planned stop announced at `published` may begin: 00:00 local time
    of the day after the 7th working day after the publication day."""
    day = timezone.localtime(published).date()
    # Never more than a few weeks away: Tết is the longest run of days off.
    holidays = holidays_between(day, day + datetime.timedelta(days=60))
    first_day = workdays.earliest_stop_day(day, settings.NOTICE_PLANNED_STOP_WORKING_DAYS, holidays)
    return timezone.make_aware(datetime.datetime.combine(first_day, datetime.time()))


def in_a_week() -> datetime.datetime:
    """The end a new banner is offered: a week from now (staff change it as they need)."""
    return timezone.now() + datetime.timedelta(days=7)


class Kind(models.TextChoices):
    INFO = "info", "Thông tin"
    PLANNED_STOP = "planned_stop", "Tạm dừng hoạt động theo kế hoạch"
    URGENT = "urgent", "Khẩn cấp"


class Notice(SiteScopedModel):
    """One banner of one site."""

    kind = models.CharField("loại thông báo", max_length=20, choices=Kind, default=Kind.INFO)
    text = models.TextField(
        "nội dung",
        max_length=TEXT_MAX_LENGTH,
        help_text=f"Ngắn gọn, tối đa {TEXT_MAX_LENGTH} ký tự; hiện nguyên văn (không định dạng).",
    )
    link = LinkField(
        "liên kết",
        max_length=500,
        blank=True,
        help_text="Không bắt buộc: trang có thông tin chi tiết (https://… hoặc đường dẫn bắt đầu bằng /).",
    )
    starts_at = models.DateTimeField("hiện từ", default=timezone.now)
    ends_at = models.DateTimeField("hiện đến", default=in_a_week)
    stop_starts_at = models.DateTimeField(
        "thời điểm tạm dừng",
        null=True,
        blank=True,
        help_text="Chỉ với thông báo tạm dừng theo kế hoạch: cổng ngừng hoạt động từ lúc này.",
    )
    restore_at = models.DateTimeField(
        "dự kiến hoạt động trở lại",
        null=True,
        blank=True,
        help_text="Bắt buộc với thông báo tạm dừng theo kế hoạch.",
    )
    force_majeure = models.BooleanField(
        "bất khả kháng",
        default=False,
        help_text="Tạm dừng vì lý do bất khả kháng: không áp dụng thời hạn báo trước 7 ngày làm việc.",
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("sửa lúc", auto_now=True)

    objects = site_manager(ContentQuerySet)

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"
        indexes = [models.Index(fields=["site", "ends_at"], name="notices_site_ends")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="notices_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"

    @property
    def is_planned_stop(self) -> bool:
        return self.kind == Kind.PLANNED_STOP

    def published_at(self) -> datetime.datetime:
        """When readers first see the notice: its start, or when it was saved if that is later."""
        saved = self.created_at or timezone.now()
        return max(self.starts_at, saved) if self.starts_at else saved

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors.setdefault("ends_at", []).append("Thời điểm kết thúc phải sau thời điểm bắt đầu hiện.")
        if self.is_planned_stop:
            if not self.stop_starts_at:
                errors.setdefault("stop_starts_at", []).append(
                    "Thông báo tạm dừng theo kế hoạch phải ghi thời điểm bắt đầu tạm dừng."
                )
            if not self.restore_at:
                errors.setdefault("restore_at", []).append(
                    "Thông báo tạm dừng theo kế hoạch phải ghi thời điểm dự kiến hoạt động trở lại."
                )
            elif self.stop_starts_at and self.restore_at <= self.stop_starts_at:
                errors.setdefault("restore_at", []).append(
                    "Thời điểm dự kiến hoạt động trở lại phải sau thời điểm bắt đầu tạm dừng."
                )
            if self.stop_starts_at and self.starts_at and not self.force_majeure:
                published = self.published_at()
                earliest = earliest_stop(published)
                if self.stop_starts_at < earliest:
                    errors.setdefault("stop_starts_at", []).append(
                        stop_too_early_message(published, earliest)
                    )
        if errors:
            raise ValidationError(errors)


def stop_too_early_message(published: datetime.datetime, earliest: datetime.datetime) -> str:
    days = settings.NOTICE_PLANNED_STOP_WORKING_DAYS
    published_day = timezone.localtime(published).date()
    earliest_local = timezone.localtime(earliest)
    return (
        f"Tạm dừng theo kế hoạch phải được thông báo trước ít nhất {days} ngày làm việc "
        f"(Nghị định 224/2026/NĐ-CP, Điều 13 khoản 1 điểm a). Thông báo này đăng ngày "
        f"{published_day.day}/{published_day.month}/{published_day.year}, nên thời điểm tạm dừng "
        f"sớm nhất là {earliest_local:%H:%M} ngày "
        f"{earliest_local.day}/{earliest_local.month}/{earliest_local.year} (không tính thứ Bảy, "
        f"Chủ nhật và ngày nghỉ lễ). Nếu phải tạm dừng vì lý do bất khả kháng, hãy đánh dấu "
        f"“Bất khả kháng”."
    )
