"""The protections every form a citizen submits shares: `CitizenForm` and `CitizenFormMixin`.

A citizen form subclasses `CitizenForm` (a plain ``forms.Form``) or mixes `CitizenFormMixin`
into a ``ModelForm`` (mixin first), and always takes the request:

    class QuestionForm(CitizenFormMixin, forms.ModelForm):
        ...

    form = QuestionForm(request.POST or None, request.FILES or None, request=request)

Its template renders the protections inside the ``<form>`` with
``{% include "civic/includes/protections.html" %}`` (the form must be in the context as ``form``), and
the personal-data notice with ``{% include "civic/includes/privacy_notice.html" with kept="..." %}``.
The view is wrapped in `civic.views.citizen_form_view(group)` (no caching, 429 past the budget).

What the mixin adds, each refusal a Vietnamese non-field error, the bound form re-rendered
with everything the citizen typed (the protections are re-issued fresh, never echoed back):

- ``HONEYPOT_FIELD``: a text input hidden from people and screen readers (CSS class and
  ``aria-hidden`` on its wrapper, ``tabindex=-1``, ``autocomplete=off``, a label that tells
  whoever sees it to leave it empty). Anything in it refuses the submission.
- ``ISSUED_FIELD``: when the form was issued, signed (``django.core.signing``, salted per form
  class). Refused when missing or tampered with, when sent sooner than CIVIC_MIN_FILL_SECONDS
  after it was issued (a person cannot fill a form that fast), or later than
  CIVIC_FORM_MAX_AGE_SECONDS.
- ``POW_FIELD``: an ALTCHA proof of work (the ``altcha`` package signs and checks the
  challenge; the ALTCHA widget, served from our static files, solves it in the browser).
  Each solved challenge is accepted once (its nonce is remembered in the state cache until it
  expires). Without JavaScript the widget cannot run: the page says so in ``<noscript>`` and a
  submission without a solution is refused with `POW_MISSING`, the text kept. CIVIC_POW_ENABLED
  = False turns the check off (the other protections stay).
- Size limits: every ``CharField`` without its own ``max_length`` gets CIVIC_TEXT_MAX_CHARS,
  with Django's validator and the ``maxlength`` attribute; text is stripped by Django and
  stored as typed (escaping happens when it is rendered, never by altering what was kept).

`protections_ok(form)` tells a view whether a refusal came from the protections (for logging);
the form's ``is_valid()`` already includes them.
"""

import secrets
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.validators import MaxLengthValidator

HONEYPOT_FIELD = "civic_website"
ISSUED_FIELD = "civic_issued"
POW_FIELD = "altcha"

HONEYPOT_FILLED = (
    "Biểu mẫu không gửi được vì ô “Để trống ô này” đã có nội dung. "
    "Hãy xoá nội dung ô đó rồi bấm gửi lại; phần bạn đã nhập vẫn được giữ nguyên."
)
TOO_FAST = (
    "Biểu mẫu được gửi quá nhanh sau khi mở. Hãy kiểm tra lại nội dung rồi bấm gửi lại; "
    "phần bạn đã nhập vẫn được giữ nguyên."
)
EXPIRED = "Biểu mẫu đã mở quá lâu nên đã hết hạn. Hãy bấm gửi lại; phần bạn đã nhập vẫn được giữ nguyên."
TAMPERED = "Không xác minh được biểu mẫu. Hãy bấm gửi lại; phần bạn đã nhập vẫn được giữ nguyên."
POW_MISSING = (
    "Chưa xác minh được trình duyệt chống thư rác. Hãy bật JavaScript (hoặc chờ ô xác minh "
    "báo xong) rồi bấm gửi lại; phần bạn đã nhập vẫn được giữ nguyên."
)
POW_FAILED = (
    "Xác minh chống thư rác không hợp lệ hoặc đã hết hạn. Hãy chờ ô xác minh báo xong rồi bấm "
    "gửi lại; phần bạn đã nhập vẫn được giữ nguyên."
)

PROTECTION_ERRORS = (HONEYPOT_FILLED, TOO_FAST, EXPIRED, TAMPERED, POW_MISSING, POW_FAILED)


def min_fill_seconds() -> float:
    return float(getattr(settings, "CIVIC_MIN_FILL_SECONDS", 3))


def max_age_seconds() -> int:
    return int(getattr(settings, "CIVIC_FORM_MAX_AGE_SECONDS", 6 * 3600))


def text_max_chars() -> int:
    return int(getattr(settings, "CIVIC_TEXT_MAX_CHARS", 5000))


def pow_enabled() -> bool:
    return bool(getattr(settings, "CIVIC_POW_ENABLED", True))


class CitizenFormMixin:
    """Honeypot, signed issue time, proof of work and text size limits (see the module doc)."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and field.max_length is None:
                field.max_length = text_max_chars()
                field.validators.append(MaxLengthValidator(field.max_length))
                field.widget.attrs.setdefault("maxlength", str(field.max_length))
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            label="Để trống ô này",
            required=False,
            max_length=200,
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )
        self.fields[ISSUED_FIELD] = forms.CharField(required=False, widget=forms.HiddenInput)
        self.fields[POW_FIELD] = forms.CharField(required=False, widget=forms.HiddenInput)

    PROTECTION_FIELDS = (HONEYPOT_FIELD, ISSUED_FIELD, POW_FIELD)

    @property
    def citizen_fields(self):
        """The form's own bound fields, without the protections (which the include renders)."""
        return [bf for bf in self if bf.name not in self.PROTECTION_FIELDS]

    def full_clean(self):
        """After validation, each field in error names its error list (id "<field id>_errors")
        and its help text in aria-describedby, so a screen reader reads why it was refused."""
        super().full_clean()
        for name in self.errors:
            if name not in self.fields or name in self.PROTECTION_FIELDS:
                continue
            field, auto_id = self.fields[name], self[name].auto_id
            described = [f"{auto_id}_errors"] + ([f"{auto_id}_helptext"] if field.help_text else [])
            field.widget.attrs["aria-describedby"] = " ".join(described)

    # --- what the template renders fresh on every display ---

    def _signer(self) -> signing.TimestampSigner:
        return signing.TimestampSigner(salt=f"civic.issued:{type(self).__module__}.{type(self).__name__}")

    def issued_token(self) -> str:
        """A new signed issue time for the page being rendered."""
        return self._signer().sign(secrets.token_urlsafe(8))

    def pow_challenge(self) -> str:
        """A new ALTCHA challenge (JSON) for the page being rendered; "" when disabled."""
        if not pow_enabled():
            return ""
        from .pow import new_challenge

        return new_challenge()

    # --- checks ---

    def clean(self):
        cleaned = super().clean()
        self.protection_error = None
        error = self._protection_error()
        if error:
            self.protection_error = error
            raise forms.ValidationError(error, code="civic")
        return cleaned

    def _protection_error(self) -> str | None:
        data = self.data
        if (data.get(self.add_prefix(HONEYPOT_FIELD)) or "").strip():
            return HONEYPOT_FILLED
        token = data.get(self.add_prefix(ISSUED_FIELD)) or ""
        try:
            self._signer().unsign(token, max_age=max_age_seconds())
        except signing.SignatureExpired:
            return EXPIRED
        except signing.BadSignature:
            return TAMPERED
        issued_at = signing.b62_decode(token.rsplit(":", 1)[0].rsplit(":", 1)[1])
        if time.time() - issued_at < min_fill_seconds():
            return TOO_FAST
        if pow_enabled():
            from .pow import verify

            payload = (data.get(self.add_prefix(POW_FIELD)) or "").strip()
            if not payload:
                return POW_MISSING
            if not verify(payload):
                return POW_FAILED
        return None


class CitizenForm(CitizenFormMixin, forms.Form):
    """A plain citizen form with every shared protection (see the module doc)."""


def protections_ok(form) -> bool:
    """False when the form was refused by a shared protection (not by its own fields)."""
    return getattr(form, "protection_error", None) is None
