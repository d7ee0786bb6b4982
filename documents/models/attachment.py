"""The files of a document and their earlier versions."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from network.api import SiteScopedModel, site_manager
from ops import security_log
from pagecache.api import ContentQuerySet

from ..files import KINDS, FileFacts, format_size, inspect_upload
from ..storage import attachment_upload_to, document_storage


class Attachment(SiteScopedModel):
    """A file of a document. Its URL (/van-ban/tai-ve/<id>/) stays when the file is replaced;
    the earlier files stay listed as versions with their dates. It belongs to its document's
    site, and its file lies under that site's folder (sites/<id>/)."""

    site_parent = "document"

    document = models.ForeignKey(
        "documents.Document", on_delete=models.CASCADE, related_name="attachments", verbose_name="văn bản"
    )
    title = models.CharField(
        "tên hiển thị",
        max_length=200,
        blank=True,
        help_text="Ví dụ: “Toàn văn”, “Phụ lục 1”. Để trống thì hiện tên tệp gốc.",
    )
    file = models.FileField(
        "tệp",
        upload_to=attachment_upload_to,
        storage=document_storage,
        max_length=200,
        help_text="PDF, Word (.doc, .docx), Excel (.xls, .xlsx), OpenDocument (.odt, .ods). Tải tệp mới "
        "lên để thay thế: địa chỉ tải về giữ nguyên, tệp cũ được lưu thành phiên bản trước.",
    )
    original_name = models.CharField("tên tệp gốc", max_length=200, editable=False)
    kind = models.CharField(
        "định dạng", max_length=10, choices=[(k, v.label) for k, v in KINDS.items()], editable=False
    )
    size = models.PositiveBigIntegerField("dung lượng (byte)", default=0, editable=False)
    sha256 = models.CharField("mã kiểm tra SHA-256", max_length=64, editable=False)
    page_count = models.PositiveIntegerField("số trang", null=True, blank=True, editable=False)
    text = models.TextField("nội dung trích xuất", blank=True, editable=False)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="người tải lên",
    )
    uploaded_at = models.DateTimeField("thời gian tải lên", default=timezone.now, editable=False)

    objects = site_manager(ContentQuerySet)

    class Meta:
        verbose_name = "tệp đính kèm"
        verbose_name_plural = "tệp đính kèm"
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs):
        previous = None
        if self._new_upload():
            facts = self._inspect()  # also when saved outside a form: never store an unchecked file
            if self.pk:
                previous = Attachment._base_manager.filter(pk=self.pk).first()
            self.original_name = facts.original_name
            self.kind = facts.kind
            self.size = facts.size
            self.sha256 = facts.sha256
            self.page_count = facts.page_count
            self.text = ""  # read by a background job once the file is stored (documents.jobs)
            self.text_pending = True
            self.uploaded_at = timezone.now()
        # One transaction: the replaced file is deleted after commit unless a row still holds
        # it (ops.uploads), and the version row below is the one that keeps it.
        with transaction.atomic():
            super().save(*args, **kwargs)
            if previous is not None and previous.file.name != self.file.name:
                AttachmentVersion.objects.create(
                    attachment=self,
                    file=previous.file.name,
                    original_name=previous.original_name,
                    kind=previous.kind,
                    size=previous.size,
                    sha256=previous.sha256,
                    page_count=previous.page_count,
                    uploaded_by=previous.uploaded_by,
                    uploaded_at=previous.uploaded_at,
                    replaced_at=self.uploaded_at,
                )
        self.document.refresh_search_text()

    def get_absolute_url(self) -> str:
        return reverse("documents:attachment-download", args=[self.pk])

    def delete(self, *args, **kwargs):
        document = self.document
        result = super().delete(*args, **kwargs)
        document.refresh_search_text()
        return result

    @property
    def preview_url(self) -> str:
        return f"{self.get_absolute_url()}?inline=1"

    @property
    def display_name(self) -> str:
        return self.title or self.original_name

    @property
    def size_display(self) -> str:
        return format_size(self.size)

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind].label if self.kind in KINDS else self.kind.upper()

    @property
    def content_type(self) -> str:
        return KINDS[self.kind].content_type

    @property
    def is_pdf(self) -> bool:
        return self.kind == "pdf"

    def _new_upload(self) -> bool:
        return bool(self.file) and not self.file._committed

    def _inspect(self) -> FileFacts:
        cached = getattr(self, "_facts", None)
        if cached and cached[0] is self.file.file:
            return cached[1]
        facts = inspect_upload(self.file.file, name=self.file.name)
        self._facts = (self.file.file, facts)
        return facts

    def clean(self):
        if self._new_upload():
            try:
                self._inspect()
            except ValidationError as exc:
                security_log.upload_refused(
                    None,
                    field="documents.Attachment.file",
                    code=exc.error_list[0].code,
                    size=getattr(self.file, "size", None),
                    name=self.file.name,
                )
                raise ValidationError({"file": exc}) from None


class AttachmentVersion(SiteScopedModel):
    """An earlier file of an attachment, kept when a new file replaced it (same site, same folder)."""

    site_parent = "attachment"

    attachment = models.ForeignKey(
        Attachment, on_delete=models.CASCADE, related_name="versions", verbose_name="tệp đính kèm"
    )
    file = models.FileField("tệp", storage=document_storage, max_length=200, editable=False)
    original_name = models.CharField("tên tệp gốc", max_length=200, editable=False)
    kind = models.CharField("định dạng", max_length=10, editable=False)
    size = models.PositiveBigIntegerField("dung lượng (byte)", editable=False)
    sha256 = models.CharField("mã kiểm tra SHA-256", max_length=64, editable=False)
    page_count = models.PositiveIntegerField("số trang", null=True, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="người tải lên",
    )
    uploaded_at = models.DateTimeField("thời gian tải lên", editable=False)
    replaced_at = models.DateTimeField("thời điểm bị thay", editable=False)

    objects = site_manager(ContentQuerySet)

    class Meta:
        verbose_name = "phiên bản trước"
        verbose_name_plural = "phiên bản trước"
        ordering = ["-replaced_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.uploaded_at:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return reverse("documents:version-download", args=[self.attachment_id, self.pk])

    @property
    def size_display(self) -> str:
        return format_size(self.size)

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind].label if self.kind in KINDS else self.kind.upper()

    @property
    def content_type(self) -> str:
        return KINDS[self.kind].content_type
