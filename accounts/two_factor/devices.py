"""A staff member's second factors: one authenticator app (TOTP) and one set of recovery codes."""

from base64 import b32encode

import segno
from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

APP_DEVICE_NAME = "Ứng dụng xác thực"
CODES_DEVICE_NAME = "Mã dự phòng"
FALLBACK_ISSUER = "BCD35"


def issuer_name(name: str | None) -> str:
    """A name fit for the otpauth:// label: no colon (it separates issuer and account)."""
    return (name or "").replace(":", " ").strip() or FALLBACK_ISSUER


def issuer(device: TOTPDevice | None = None) -> str:
    """The account's title in the authenticator app, as django-otp writes it in the QR code.

    OTP_TOTP_ISSUER (a name, or a callable given the device) is set by the project's settings:
    the site's short name lives in a content app, which this app must not import.
    """
    configured = getattr(settings, "OTP_TOTP_ISSUER", None)
    return issuer_name(configured(device) if callable(configured) else configured)


def normalise(code: str) -> str:
    """What people type: "123 456", "ABCD-EFGH" → "123456", "abcdefgh"."""
    return "".join(ch for ch in (code or "") if ch.isalnum()).lower()


def confirmed_app(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def codes_device(user) -> StaticDevice | None:
    return StaticDevice.objects.devices_for_user(user, confirmed=True).first()


def pending_app(user) -> TOTPDevice:
    """The app being set up: the same secret until it is confirmed, so a reload keeps the QR."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG QR code (drawn here: no external service)."""
    return segno.make(device.config_url, error="m", micro=False).svg_inline(
        scale=5, dark="#000", light="#fff", title="Mã QR để cài ứng dụng xác thực"
    )


def secret_text(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into the app by hand."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@transaction.atomic
def adopt_app(device: TOTPDevice) -> list[str]:
    """Confirm a newly set-up app (it replaces any earlier one); returns fresh recovery codes."""
    TOTPDevice.objects.filter(user_id=device.user_id).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return new_recovery_codes(device.user)


@transaction.atomic
def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes with STAFF_2FA_RECOVERY_CODES new ones."""
    device = codes_device(user)
    if device is None:
        device = StaticDevice.objects.create(user=user, name=CODES_DEVICE_NAME, confirmed=True)
    StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.token_set.all().delete()
    codes: set[str] = set()
    while len(codes) < settings.STAFF_2FA_RECOVERY_CODES:
        codes.add(StaticToken.random_token())
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    device.throttle_reset()
    return sorted(codes)


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def display_code(code: str) -> str:
    return f"{code[:4]} {code[4:]}"


@transaction.atomic
def reset(user_ids) -> None:
    """Forget the users' app and recovery codes: they set up a new app at their next sign-in."""
    ids = list(user_ids)
    TOTPDevice.objects.filter(user_id__in=ids).delete()
    StaticDevice.objects.filter(user_id__in=ids).delete()
