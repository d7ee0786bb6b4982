from django import forms
from django_otp.forms import OTPAuthenticationFormMixin

from .devices import codes_device, confirmed_app, normalise

_WRONG = (
    "Mã xác thực không đúng hoặc đã hết hạn. Hãy nhập mã 6 số đang hiện trong ứng dụng "
    "(mã đổi sau mỗi 30 giây) hoặc một mã dự phòng chưa dùng."
)

_WRONG_WHILE_SETTING_UP = (
    "Mã xác thực không đúng. Hãy nhập mã 6 số đang hiện trong ứng dụng vừa cài cho tài khoản này; "
    "nếu vẫn sai, kiểm tra đồng hồ của điện thoại có đúng giờ không."
)


class SecondStepForm(OTPAuthenticationFormMixin, forms.Form):
    """The code of the second step, checked by django-otp (throttling included).

    Six digits go to the authenticator app, anything else to the recovery codes; with `device`
    (setting up an app) only that device is tried.
    """

    otp_error_messages = {
        "token_required": "Hãy nhập mã xác thực.",
        "challenge_exception": "Không tạo được mã: {0}",
        "not_interactive": "Thiết bị này không gửi mã.",
        "challenge_message": "{0}",
        "invalid_token": _WRONG,
        "n_failed_attempts": (
            "Đã nhập sai %(failure_count)d lần liên tiếp nên việc xác thực tạm dừng một lát "
            "(mỗi lần sai, thời gian chờ tăng gấp đôi). Hãy đợi rồi nhập lại mã mới nhất."
        ),
        "verification_not_allowed": "Tạm thời chưa thể xác thực. Hãy thử lại sau ít phút.",
        "device_required": _WRONG,
    }

    otp_token = forms.CharField(
        label="Mã xác thực 6 số",
        max_length=32,
        required=False,  # an empty code gets django-otp's own "token_required" message
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "size": 12}),
    )

    def __init__(self, user, *args, device=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = device
        if device is not None:
            self.fields["otp_token"].widget.attrs.update(inputmode="numeric", pattern="[0-9 ]*")
            self.otp_error_messages = {**self.otp_error_messages, "invalid_token": _WRONG_WHILE_SETTING_UP}

    def get_user(self):
        return self.user

    def _device_for(self, token: str):
        if self.device is not None:
            return self.device
        if len(token) == 6 and token.isdigit():
            return confirmed_app(self.user)
        return codes_device(self.user)

    def clean(self):
        cleaned = super().clean()
        token = normalise(cleaned.get("otp_token", ""))
        cleaned["otp_token"] = token
        device = self._device_for(token) if token else None
        cleaned["otp_device"] = device.persistent_id if device is not None else None
        self.clean_otp(self.user)
        return cleaned

    @property
    def verified_device(self):
        return getattr(self.user, "otp_device", None)
