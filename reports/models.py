"""Reports of hostile or false content (báo tin xấu độc, tin giả) sent by citizens, and their triage.

A report is made only by the public form (reports.views.report); the site's staff triage it in
the admin. The citizen is anonymous unless they choose to leave a name or contact; those are
blanked `CIVIC_CONTACT_RETENTION_DAYS` after the case is closed (reports.privacy). Reports are
not public content: saving one does not touch the whole-page cache (the app is not one of
pagecache's content apps) and nothing of a report is ever shown on a public page.
"""

import secrets

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from documents.storage import document_storage
from network.api import SiteScopedModel, site_manager

from .storage import screenshot_upload_to

# The reference a citizen quotes: no 0/O, 1/I/L, so it survives being read over the phone.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
REFERENCE_LENGTH = 8


def new_reference() -> str:
    """ "TG-7K3M-9QXA": about 10^12 values, so a reference cannot be guessed to find another."""
    raw = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
    return f"TG-{raw[:4]}-{raw[4:]}"


class Status(models.TextChoices):
    NEW = "new", "Mới tiếp nhận"
    VERIFYING = "verifying", "Đang xác minh"
    HANDLED = "handled", "Đã xử lý"
    REFERRED = "referred", "Đã chuyển cơ quan chức năng"
    UNFOUNDED = "unfounded", "Không có cơ sở"


# A case in one of these is closed: its contact details are purged after the retention period.
CLOSED = {Status.HANDLED, Status.REFERRED, Status.UNFOUNDED}


class Report(SiteScopedModel):
    reference = models.CharField("mã tiếp nhận", max_length=20, editable=False)
    # Not editable: only the public form sets it (ReportForm.url); staff see it as text.
    url = models.URLField("đường dẫn được báo", max_length=2000, blank=True, editable=False)
    screenshot = models.FileField(
        "ảnh chụp màn hình",
        storage=document_storage,
        upload_to=screenshot_upload_to,
        max_length=200,
        blank=True,
        editable=False,
    )
    note = models.TextField("nội dung phản ánh", blank=True)
    name = models.CharField("họ và tên người báo", max_length=120, blank=True)
    contact = models.CharField("liên hệ (thư điện tử hoặc điện thoại)", max_length=200, blank=True)
    status = models.CharField("trạng thái", max_length=20, choices=Status, default=Status.NEW)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người xử lý",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    internal_notes = models.TextField(
        "ghi chú nội bộ", blank=True, help_text="Chỉ cán bộ của cổng xem được; không gửi cho người báo."
    )
    rebuttal = models.ForeignKey(
        "news.Article",
        verbose_name="bài phản bác",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Bài phản bác đã viết cho tin này (nếu có).",
    )
    created_at = models.DateTimeField("tiếp nhận lúc", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    closed_at = models.DateTimeField("đóng hồ sơ lúc", null=True, blank=True, editable=False)
    contact_purged_at = models.DateTimeField(
        "xoá thông tin liên hệ lúc", null=True, blank=True, editable=False
    )

    objects = site_manager()

    class Meta:
        verbose_name = "tin báo xấu độc, tin giả"
        verbose_name_plural = "tin báo xấu độc, tin giả"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["site", "status", "-created_at"], name="reports_report_status"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["site", "reference"], name="reports_report_unique_reference"),
        ]

    def __str__(self) -> str:
        return self.reference or "tin báo mới"

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED

    def save(self, *args, **kwargs):
        if self.is_closed and self.closed_at is None:
            self.closed_at = timezone.now()
        elif not self.is_closed:
            self.closed_at = None  # reopened: the retention clock starts again when it closes
        if self.reference:
            return super().save(*args, **kwargs)
        for attempt in range(5):
            self.reference = new_reference()
            try:
                with transaction.atomic():
                    return super().save(*args, **kwargs)
            except IntegrityError:
                if attempt == 4:
                    raise
                self.pk = None
                self._state.adding = True
