"""Lấy ý kiến dự thảo: a draft published for public comment between two moments.

A consultation is open from `opens_at` to `closes_at` (stored in UTC, entered and shown in
Vietnam's local time). Whether it is open is derived from the clock, never stored, so it
closes on time without a cron job; the public pages are kept out of the page cache while an
opening, a closing or a local midnight (the "còn N ngày" count) falls within its lifetime
(`moments_ahead`).

Citizens' comments wait for the site's staff: none is public until staff publish it, and a
published comment shows the name, the section it refers to and the text, never the contact.
After the deadline staff publish the report "Báo cáo tiếp thu, giải trình ý kiến" and link the
document finally issued (`adopted_document`), whose page links back.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django_ckeditor_5.fields import CKEditor5Field

from common.html import clean_html
from common.text import slugify_vi, unique_slug
from network.api import SiteScopedModel, site_manager
from ops.routes import slug_url
from pagecache.api import ContentQuerySet


def deadline_text(moment: datetime.datetime) -> str:
    """ "17 giờ 00, ngày 20/12/2026": a moment in Vietnam's local time, the way a notice writes it."""
    local = timezone.localtime(moment)
    return f"{local.hour} giờ {local.minute:02d}, ngày {local.day}/{local.month}/{local.year}"


class ConsultationQuerySet(ContentQuerySet):
    def published(self) -> "ConsultationQuerySet":
        """The only door to public consultations."""
        return self.filter(is_published=True)

    def open_at(self, moment: datetime.datetime) -> "ConsultationQuerySet":
        return self.filter(opens_at__lte=moment, closes_at__gt=moment)


class Consultation(SiteScopedModel):
    title = models.CharField(
        "tên dự thảo", max_length=300, help_text="Ví dụ: Dự thảo Quy chế phối hợp bảo vệ nền tảng tư tưởng."
    )
    slug = models.SlugField(
        "đường dẫn",
        db_index=False,  # the (site, slug) unique constraint serves the lookups
        max_length=220,
        blank=True,
        help_text="Tạo tự động từ tên; không đổi sau khi công bố để liên kết không gãy.",
    )
    summary = models.TextField("tóm tắt", help_text="Vài câu: dự thảo nói về gì, cần góp ý những điểm nào.")
    body = CKEditor5Field(
        "toàn văn dự thảo",
        config_name="default",
        blank=True,
        help_text="Dán toàn văn hoặc các điều cần góp ý.",
    )
    opens_at = models.DateTimeField(
        "bắt đầu lấy ý kiến", help_text="Giờ Việt Nam. Từ thời điểm này người dân gửi được ý kiến."
    )
    closes_at = models.DateTimeField(
        "hạn góp ý", help_text="Giờ Việt Nam. Sau thời điểm này biểu mẫu góp ý tự đóng."
    )
    is_published = models.BooleanField(
        "công bố", default=False, help_text="Chỉ dự thảo đã công bố mới hiện cho người dân."
    )
    published_at = models.DateTimeField("thời điểm công bố", null=True, blank=True, editable=False)
    report = CKEditor5Field(
        "báo cáo tiếp thu, giải trình ý kiến",
        config_name="default",
        blank=True,
        help_text="Soạn sau khi hết hạn góp ý: ý kiến nào được tiếp thu, ý kiến nào được giải trình "
        "và vì sao.",
    )
    report_published = models.BooleanField(
        "công bố báo cáo", default=False, help_text="Chỉ công bố được sau khi hết hạn góp ý."
    )
    adopted_document = models.ForeignKey(
        "documents.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name="văn bản được ban hành",
        help_text="Văn bản chính thức ban hành từ dự thảo này: hai trang liên kết với nhau.",
    )
    created_at = models.DateTimeField("tạo lúc", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("cập nhật", auto_now=True)

    objects = site_manager(ConsultationQuerySet)

    class Meta:
        verbose_name = "dự thảo lấy ý kiến"
        verbose_name_plural = "dự thảo lấy ý kiến"
        ordering = ["-closes_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "slug"],
                name="documents_consultation_slug_unique",
                violation_error_message="Đã có dự thảo với đường dẫn này.",
            ),
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")),
                name="documents_consultation_closes_after_opening",
                violation_error_code="han-gop-y",
                violation_error_message="Hạn góp ý phải sau thời điểm bắt đầu lấy ý kiến.",
            ),
        ]
        indexes = [
            models.Index(
                fields=["site", "-closes_at"], name="doc_consult_pub_idx", condition=Q(is_published=True)
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return slug_url("documents:consultation-detail", self.slug)

    def save(self, *args, **kwargs):
        self.title = " ".join(self.title.split())
        self.summary = self.summary.strip()
        self.body = clean_html(self.body)
        self.report = clean_html(self.report)
        if self.is_published and self.published_at is None:
            self.published_at = timezone.now()
        if not self.slug:
            self.slug = unique_slug(
                slugify_vi(self.title, max_length=200),
                lambda s: (
                    Consultation._base_manager.filter(site_id=self._site_id(), slug=s)
                    .exclude(pk=self.pk)
                    .exists()
                ),
            )
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = ValidationError(
                "Hạn góp ý (%(closes)s) phải sau thời điểm bắt đầu lấy ý kiến (%(opens)s).",
                code="han-gop-y",
                params={"closes": deadline_text(self.closes_at), "opens": deadline_text(self.opens_at)},
            )
        if self.report_published and self.closes_at and not self.is_closed():
            errors["report_published"] = ValidationError(
                "Chỉ công bố báo cáo tiếp thu, giải trình sau khi hết hạn góp ý (%(closes)s).",
                code="bao-cao-som",
                params={"closes": deadline_text(self.closes_at)},
            )
        if self.report_published and not (self.report or "").strip():
            errors["report"] = ValidationError(
                "Hãy soạn nội dung báo cáo trước khi công bố.", code="bao-cao-trong"
            )
        if self.adopted_document_id and self.adopted_document.site_id != self._site_id():
            errors["adopted_document"] = ValidationError(
                "Văn bản này thuộc cổng của một Ban Chỉ đạo khác.", code="khac-cong"
            )
        if errors:
            raise ValidationError(errors)

    def _site_id(self) -> int | None:
        if self.site_id is None:
            self.site_id = self._meta.get_field("site").get_default()
        return self.site_id

    # --- the clock ------------------------------------------------------------------------------
    def is_open(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def is_closed(self, now: datetime.datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.closes_at

    def is_upcoming(self, now: datetime.datetime | None = None) -> bool:
        return (now or timezone.now()) < self.opens_at

    @property
    def deadline_text(self) -> str:
        return deadline_text(self.closes_at)

    @property
    def opens_text(self) -> str:
        return deadline_text(self.opens_at)

    def days_left(self, today: datetime.date | None = None) -> int:
        """Whole local days from today to the deadline's day (0: it closes today)."""
        today = today or timezone.localdate()
        return max(0, (timezone.localdate(self.closes_at) - today).days)

    @property
    def remaining_text(self) -> str:
        """ "còn 13 ngày", "hết hạn hôm nay" (local dates), "" once closed."""
        if self.is_closed():
            return ""
        days = self.days_left()
        return "hết hạn trong hôm nay" if days == 0 else f"còn {days} ngày"

    @property
    def state_label(self) -> str:
        if self.is_upcoming():
            return "Sắp lấy ý kiến"
        return "Đã hết hạn" if self.is_closed() else "Đang lấy ý kiến"


def moments_ahead(consultations, seconds: float, now: datetime.datetime | None = None) -> bool:
    """True when, within `seconds` from now, a consultation opens or closes, or a local day ends
    while one is open: a page of them stored that long would then be wrong."""
    now = now or timezone.now()
    horizon = now + datetime.timedelta(seconds=seconds)
    local = timezone.localtime(now)
    midnight = (local + datetime.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    for consultation in consultations:
        if now < consultation.opens_at <= horizon or now < consultation.closes_at <= horizon:
            return True
        if consultation.is_open(now) and midnight <= horizon:
            return True
    return False


class Response(models.TextChoices):
    NONE = "", "Chưa xử lý"
    ACCEPTED = "tiep-thu", "Tiếp thu"
    EXPLAINED = "giai-trinh", "Giải trình"


class ConsultationComment(SiteScopedModel):
    """A citizen's comment on a draft. Typed text is stored as typed (stripped), escaped when shown."""

    site_parent = "consultation"

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="comments", verbose_name="dự thảo"
    )
    name = models.CharField("họ và tên", max_length=120)
    contact = models.CharField(
        "thư điện tử hoặc điện thoại",
        max_length=200,
        blank=True,
        help_text="Không bao giờ công bố; xóa tự động sau thời hạn lưu giữ.",
    )
    section = models.CharField("điều, khoản góp ý", max_length=200, blank=True)
    text = models.TextField("nội dung góp ý")
    created_at = models.DateTimeField("gửi lúc", default=timezone.now, editable=False)
    is_published = models.BooleanField(
        "công bố",
        default=False,
        help_text="Hiện trên trang dự thảo: họ tên, điều khoản, nội dung (không có liên hệ).",
    )
    published_at = models.DateTimeField("công bố lúc", null=True, blank=True, editable=False)
    response = models.CharField("xử lý", max_length=12, choices=Response, blank=True, default="")
    response_note = models.TextField(
        "nội dung tiếp thu, giải trình", blank=True, help_text="Hiện cùng ý kiến khi ý kiến được công bố."
    )
    contact_purged_at = models.DateTimeField("đã xóa liên hệ lúc", null=True, blank=True, editable=False)

    objects = site_manager(ContentQuerySet)

    class Meta:
        verbose_name = "ý kiến góp ý dự thảo"
        verbose_name_plural = "ý kiến góp ý dự thảo"
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["site", "consultation", "is_published"], name="doc_consult_comment_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.consultation}"

    def save(self, *args, **kwargs):
        if self.is_published and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)
