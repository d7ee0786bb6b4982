"""The citizen's forms: asking a question (with the civic protections) and looking one up."""

import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from civic.forms import CitizenFormMixin
from documents.files import format_size, inspect_upload
from ops import security_log

from .models import Question, Topic

PHONE = re.compile(r"^\+?[0-9 .()-]{8,20}$")


def attachment_max_mb() -> int:
    return int(getattr(settings, "QUESTIONS_ATTACHMENT_MAX_MB", 10))


class AskForm(CitizenFormMixin, forms.ModelForm):
    """Họ tên, liên hệ (tuỳ chọn), lĩnh vực, nội dung, tệp đính kèm (tuỳ chọn)."""

    class Meta:
        model = Question
        fields = ["asker_name", "email", "phone", "topic", "text", "attachment"]
        labels = {
            "asker_name": "Họ và tên",
            "email": "Thư điện tử (không bắt buộc)",
            "phone": "Số điện thoại (không bắt buộc)",
            "topic": "Lĩnh vực",
            "text": "Nội dung câu hỏi",
            "attachment": "Tệp đính kèm (không bắt buộc)",
        }
        help_texts = {
            "email": "Để nhận thư báo khi câu hỏi được trả lời. Không công khai.",
            "phone": "Để cán bộ liên hệ khi cần làm rõ. Không công khai.",
            "text": "Tối đa 5.000 ký tự. Không ghi số định danh cá nhân hay thông tin nhạy cảm.",
            "attachment": "PDF, Word, Excel hoặc OpenDocument, tối đa %(mb)s MB.",
        }
        widgets = {
            "text": forms.Textarea(attrs={"rows": 8}),
            "asker_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        }
        error_messages = {
            "asker_name": {"required": "Hãy nhập họ và tên của bạn."},
            "topic": {
                "required": "Hãy chọn lĩnh vực của câu hỏi.",
                "invalid_choice": "Lĩnh vực đã chọn không còn nhận câu hỏi; hãy chọn lĩnh vực khác.",
            },
            "text": {"required": "Hãy nhập nội dung câu hỏi."},
            "email": {"invalid": "Địa chỉ thư điện tử chưa đúng (ví dụ: ten@example.vn)."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["asker_name"].required = True
        self.fields["topic"].queryset = Topic.objects.filter(is_active=True)
        self.fields["topic"].empty_label = "— Chọn lĩnh vực —"
        self.fields["attachment"].help_text = self.fields["attachment"].help_text % {
            "mb": attachment_max_mb()
        }
        # The citizen's file name is not kept on disk (a generated name is), only shortened.
        self.fields["attachment"].max_length = None
        self.fields["attachment"].widget = forms.ClearableFileInput(
            attrs={"accept": ".pdf,.doc,.docx,.xls,.xlsx,.odt,.ods"}
        )
        self.facts = None

    def clean_asker_name(self):
        name = " ".join(self.cleaned_data["asker_name"].split())
        if not name:
            raise ValidationError("Hãy nhập họ và tên của bạn.")
        return name

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise ValidationError("Hãy nhập nội dung câu hỏi.")
        return text

    def clean_phone(self):
        phone = " ".join(self.cleaned_data.get("phone", "").split())
        if phone and not PHONE.match(phone):
            raise ValidationError(
                "Số điện thoại chỉ gồm chữ số (có thể có dấu cách, dấu chấm), ví dụ 0912 345 678."
            )
        return phone

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if not upload:
            return upload
        limit = attachment_max_mb()
        try:
            if upload.size > limit * 1024 * 1024:
                raise ValidationError(
                    "Tệp “%(name)s” nặng %(size)s, vượt giới hạn %(limit)s MB của câu hỏi. Hãy giảm "
                    "dung lượng rồi gửi lại.",
                    code="qua-lon",
                    params={"name": upload.name, "size": format_size(upload.size), "limit": limit},
                )
            self.facts = inspect_upload(upload, name=upload.name)
        except ValidationError as exc:
            security_log.upload_refused(
                self.request,
                field="questions.Question.attachment",
                code=exc.error_list[0].code,
                size=getattr(upload, "size", None),
                name=upload.name,
            )
            raise ValidationError(
                [*exc.messages, "Tệp chưa được lưu: hãy chọn lại tệp (hoặc bỏ tệp) rồi gửi lại."]
            ) from None
        return upload


class LookupForm(forms.Form):
    code = forms.CharField(
        label="Mã tra cứu",
        max_length=40,
        help_text="Mã bạn nhận được khi gửi câu hỏi, ví dụ HD-7K3M-Q2RA-9XPB-TT4E-W0HN.",
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
        error_messages={"required": "Hãy nhập mã tra cứu."},
    )
