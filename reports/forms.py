"""The public report form: a link and/or a screenshot, a note, an optional name and contact."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction

from civic.forms import CitizenFormMixin
from imaging import pipeline
from imaging.fields import PipelineFormImageField

from .models import Report

NOTHING_TO_REPORT = "Hãy nhập đường dẫn của tin cần báo, hoặc gửi kèm ảnh chụp màn hình (hoặc cả hai)."


class ReportForm(CitizenFormMixin, forms.ModelForm):
    # The photo pipeline's checks (size, real JPEG/PNG/WebP, pixel bomb), as for news photos;
    # the accepted image is re-encoded before it is stored (reports.views), which also drops
    # the EXIF block that may carry the citizen's location and device.
    screenshot = PipelineFormImageField(
        label="Ảnh chụp màn hình",
        required=False,
        log_label="reports.Report.screenshot",
        help_text="Không bắt buộc. Ảnh JPEG, PNG hoặc WebP. Thông tin kèm trong ảnh (vị trí, máy chụp) "
        "được xoá khi lưu.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    url = forms.URLField(
        label="Đường dẫn (URL) của tin",
        required=False,
        max_length=2000,
        assume_scheme="https",  # "facebook.com/…" pasted without the scheme
        help_text="Ví dụ: https://www.facebook.com/… — sao chép từ thanh địa chỉ "
        "hoặc nút “Sao chép liên kết”.",
        error_messages={
            "invalid": "Đường dẫn không hợp lệ. Hãy dán đầy đủ địa chỉ trang web, ví dụ https://www.facebook.com/…"
        },
        widget=forms.URLInput(attrs={"inputmode": "url", "autocomplete": "off", "spellcheck": "false"}),
    )

    class Meta:
        model = Report
        fields = ["note", "name", "contact"]
        labels = {
            "note": "Mô tả ngắn",
            "name": "Họ và tên (không bắt buộc)",
            "contact": "Thư điện tử hoặc số điện thoại (không bắt buộc)",
        }
        help_texts = {
            "note": "Tin có nội dung gì sai trái, bạn thấy ở đâu, khi nào.",
            "name": "Để trống nếu bạn muốn báo tin ẩn danh.",
            "contact": "Chỉ dùng khi cần hỏi thêm về tin bạn báo. Để trống nếu muốn ẩn danh.",
        }
        widgets = {
            "note": forms.Textarea(attrs={"rows": 5}),
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact": forms.TextInput(attrs={"autocomplete": "email"}),
        }

    field_order = ["url", "screenshot", "note", "name", "contact"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(self.field_order + list(self.PROTECTION_FIELDS))

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("url") and not cleaned.get("screenshot") and not self.has_error("url"):
            if not self.has_error("screenshot"):
                raise ValidationError(NOTHING_TO_REPORT, code="empty")
        return cleaned

    def save(self, commit=True):
        report = super().save(commit=False)
        report.url = self.cleaned_data.get("url") or ""
        upload = self.cleaned_data.get("screenshot")
        if commit:
            with transaction.atomic():  # no report without the screenshot the citizen sent
                report.save()
                if upload:
                    clean = pipeline.process_upload(upload)
                    report.screenshot.save(clean.name, clean, save=True)
        return report
