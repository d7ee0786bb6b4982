"""The rating form: one plain Django form, the seam where shared form protections join later."""

import re
import unicodedata

from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.utils.html import strip_tags

from .models import Choice

# Control characters (not tab, newline, carriage return) and the invisible ones that reorder
# or hide text: never part of a comment a citizen typed.
_UNWANTED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def clean_comment(text: str) -> str:
    """Plain text: Unicode NFC (how Vietnamese is compared), markup and control characters
    removed, runs of blank lines folded, ends trimmed."""
    text = unicodedata.normalize("NFC", text)
    text = _UNWANTED.sub("", text)
    text = strip_tags(text)
    text = re.sub(r"\n{3,}", "\n\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    return text.strip()


class RatingForm(forms.Form):
    choice = forms.ChoiceField(
        label="Thông tin này có hữu ích không?",
        choices=Choice.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Xin chọn một mức đánh giá: Hữu ích, Bình thường hoặc Không hữu ích.",
            "invalid_choice": "Xin chọn một mức đánh giá: Hữu ích, Bình thường hoặc Không hữu ích.",
        },
    )
    comment = forms.CharField(
        label="Góp ý thêm (không bắt buộc)",
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Chỉ cán bộ quản trị cổng đọc góp ý; góp ý không hiện trên trang.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = settings.RATING_COMMENT_MAX_LENGTH
        field = self.fields["comment"]
        field.max_length = limit
        field.widget.attrs["maxlength"] = str(limit)
        field.validators.append(MaxLengthValidator(limit))
        field.error_messages["max_length"] = (
            f"Góp ý dài tối đa {limit} ký tự (bạn đã nhập %(show_value)d ký tự). Xin rút gọn rồi gửi lại."
        )

    def clean_comment(self) -> str:
        return clean_comment(self.cleaned_data.get("comment", ""))
