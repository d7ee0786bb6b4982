"""Hỏi đáp: a citizen's question, its handling by the site's staff, and its optional publication.

A question is private from the moment it is sent: only the asker (with the tracking code) and
the staff of its site see it. `Question.objects.published()` is the only door to public Q&A:
answered questions a staff member with the right chose to publish. What is published is the
question as staff edited it for publication (`public_question`, personal details removed)
and the answer; the asker's name and contact details are never shown publicly.

Status: Đã tiếp nhận → Đang xử lý → Đã trả lời, or Không tiếp nhận (with a reason).
"""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from documents.storage import document_storage
from network.api import SiteScopedModel, site_manager, site_prefix
from pagecache.api import ContentQuerySet

from . import codes


class Topic(SiteScopedModel):
    name = models.CharField("tên lĩnh vực", max_length=120)
    order = models.PositiveSmallIntegerField("thứ tự", default=0, help_text="Số nhỏ hiện trước.")
    is_active = models.BooleanField(
        "nhận câu hỏi", default=True, help_text="Bỏ chọn để không cho chọn lĩnh vực này khi hỏi."
    )

    objects = site_manager(ContentQuerySet)

    class Meta:
        verbose_name = "lĩnh vực hỏi đáp"
        verbose_name_plural = "lĩnh vực hỏi đáp"
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "name"],
                name="questions_topic_unique_name",
                violation_error_message="Đã có lĩnh vực với tên này.",
            )
        ]

    def __str__(self) -> str:
        return self.name


def attachment_upload_to(instance, filename: str) -> str:
    """A generated name in the private documents storage, under the question's site; the
    citizen's file name is never used on disk, the extension is the detected kind."""
    kind = getattr(instance, "attachment_kind", "") or "bin"
    return f"{site_prefix(instance.site_id)}hoi-dap/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}.{kind}"


class QuestionQuerySet(ContentQuerySet):
    def published(self):
        return self.filter(is_published=True, status=Question.Status.ANSWERED)

    def for_listing(self):
        return self.select_related("topic").only(
            "pk",
            "site_id",
            "text",
            "status",
            "is_published",
            "public_title",
            "public_question",
            "answered_at",
            "published_at",
            "topic__name",
        )

    def with_code(self, typed: str):
        """The question the code belongs to, or None (one indexed equality, never a scan)."""
        key = codes.digest(typed)
        if not key:
            return None
        return self.select_related("topic").filter(code_digest=key).first()


class Question(SiteScopedModel):
    class Status(models.TextChoices):
        RECEIVED = "received", "Đã tiếp nhận"
        IN_PROGRESS = "in_progress", "Đang xử lý"
        ANSWERED = "answered", "Đã trả lời"
        REFUSED = "refused", "Không tiếp nhận"

    CLOSED = (Status.ANSWERED, Status.REFUSED)

    # What the citizen sent.
    asker_name = models.CharField("họ và tên người hỏi", max_length=120, blank=True)
    email = models.EmailField("thư điện tử", max_length=200, blank=True)
    phone = models.CharField("điện thoại", max_length=20, blank=True)
    topic = models.ForeignKey(
        Topic, on_delete=models.PROTECT, related_name="questions", verbose_name="lĩnh vực"
    )
    text = models.TextField("nội dung câu hỏi", max_length=5000)
    attachment = models.FileField(
        "tệp đính kèm", storage=document_storage, upload_to=attachment_upload_to, max_length=200, blank=True
    )
    attachment_name = models.CharField("tên tệp gốc", max_length=200, blank=True, editable=False)
    attachment_kind = models.CharField("định dạng tệp", max_length=10, blank=True, editable=False)
    code_digest = models.CharField("mã tra cứu (băm)", max_length=64, editable=False)
    created_at = models.DateTimeField("thời gian gửi", default=timezone.now, editable=False)

    # Handling by the site's staff.
    status = models.CharField("tình trạng", max_length=20, choices=Status, default=Status.RECEIVED)
    refusal_reason = models.TextField(
        "lý do không tiếp nhận",
        blank=True,
        help_text="Bắt buộc khi không tiếp nhận; người hỏi thấy lý do này khi tra cứu và trong thư báo.",
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người xử lý",
    )
    answer = models.TextField("nội dung trả lời", blank=True, max_length=20000)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="người trả lời",
    )
    answered_at = models.DateTimeField("thời gian trả lời", null=True, blank=True, editable=False)
    closed_at = models.DateTimeField("thời gian đóng hồ sơ", null=True, blank=True, editable=False)
    contact_purged_at = models.DateTimeField(
        "đã xoá thông tin liên hệ lúc", null=True, blank=True, editable=False
    )

    # Publication: what the public sees, chosen and edited by staff.
    is_published = models.BooleanField(
        "công khai trên cổng",
        default=False,
        help_text="Chỉ câu hỏi đã trả lời mới công khai được. Tên và liên hệ người hỏi không bao giờ hiện.",
    )
    public_title = models.CharField(
        "tiêu đề công khai", max_length=200, blank=True, help_text="Một câu ngắn tóm tắt câu hỏi."
    )
    public_question = models.TextField(
        "câu hỏi công khai",
        blank=True,
        max_length=5000,
        help_text="Nội dung câu hỏi sẽ đăng, đã bỏ thông tin cá nhân (để trống: dùng nguyên văn câu hỏi).",
    )
    published_at = models.DateTimeField("thời gian công khai", null=True, blank=True, editable=False)

    objects = site_manager(QuestionQuerySet)

    class Meta:
        verbose_name = "câu hỏi"
        verbose_name_plural = "câu hỏi của công dân"
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("triage_question", "Phân loại, giao xử lý, không tiếp nhận câu hỏi"),
            ("answer_question", "Gửi câu trả lời cho người hỏi"),
            ("publish_question", "Công khai câu hỏi và trả lời trên cổng"),
        ]
        constraints = [
            # The look-up by code runs within the site being served: (site, digest), one row.
            models.UniqueConstraint(fields=["site", "code_digest"], name="questions_question_unique_code")
        ]
        indexes = [
            models.Index(fields=["site", "is_published", "status", "-published_at"], name="questions_public"),
            models.Index(fields=["site", "status", "-created_at"], name="questions_inbox"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        if self.public_title:
            return self.public_title
        words = " ".join(self.text.split())
        return words if len(words) <= 80 else words[:79].rsplit(" ", 1)[0] + "…"

    @property
    def shown_question(self) -> str:
        return self.public_question or self.text

    @property
    def is_closed(self) -> bool:
        return self.status in self.CLOSED

    def get_absolute_url(self) -> str:
        return reverse("questions:detail", args=[self.pk])
