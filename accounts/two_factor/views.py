"""The second step, setting up an authenticator app, and the recovery codes page."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login

from . import devices
from .forms import SecondStepForm

NEW_CODES_SESSION_KEY = "two_factor_new_codes"


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("admin:index")


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def _login_first(request):
    return redirect_to_login(request.get_full_path(), reverse("admin:login"))


def _context(request, verified: bool, **extra) -> dict:
    """The admin's look: its full context once verified, only its titles before."""
    if verified:
        base = admin.site.each_context(request)
    else:
        base = {"site_header": admin.site.site_header, "site_title": admin.site.site_title, "site_url": "/"}
    return {**base, "required": settings.STAFF_2FA_REQUIRED, **extra}


def _finish(request, device) -> None:
    """The session is now verified by `device` (django_otp.login) and gets a new id."""
    otp_login(request, device)
    request.session.cycle_key()


@never_cache
def verify(request):
    """Second step: "Mã xác thực 6 số" from the app, or a recovery code."""
    user = request.user
    if not user.is_authenticated:
        return _login_first(request)
    next_url = _next_url(request)
    if user.is_verified():
        return redirect(next_url)
    if devices.confirmed_app(user) is None:
        return redirect(_with_next("two_factor:enrol", next_url))
    form = SecondStepForm(user, data=request.POST if request.method == "POST" else None)
    if form.is_valid():
        _finish(request, form.verified_device)
        return redirect(next_url)
    context = _context(request, False, form=form, next=next_url, title="Xác thực hai bước")
    return render(request, "accounts/two_factor/verify.html", context)


@never_cache
def enrol(request):
    """Set up an authenticator app: QR code and secret, confirmed by a first code."""
    user = request.user
    if not user.is_authenticated:
        return _login_first(request)
    next_url = _next_url(request)
    replacing = devices.confirmed_app(user) is not None
    if replacing and not user.is_verified():
        # A password alone never replaces an app: that is what the second step protects.
        return redirect(_with_next("two_factor:verify", next_url))
    device = devices.pending_app(user)
    form = SecondStepForm(user, device=device, data=request.POST if request.method == "POST" else None)
    if form.is_valid():
        confirmed = form.verified_device
        request.session[NEW_CODES_SESSION_KEY] = devices.adopt_app(confirmed)
        _finish(request, confirmed)
        return redirect(_with_next("two_factor:recovery-codes", next_url))
    context = _context(
        request,
        False,
        form=form,
        next=next_url,
        qr_svg=devices.qr_svg(device),
        secret=devices.secret_text(device),
        issuer=devices.issuer(),
        replacing=replacing,
        title="Cài đặt xác thực hai bước",
    )
    return render(request, "accounts/two_factor/enrol.html", context)


@never_cache
def recovery_codes(request):
    """New recovery codes, shown once; or how many are left, with a button for a new set."""
    user = request.user
    if not user.is_authenticated:
        return _login_first(request)
    if not user.is_verified():
        return redirect(_with_next("two_factor:verify", request.get_full_path()))
    if request.method == "POST":
        request.session[NEW_CODES_SESSION_KEY] = devices.new_recovery_codes(user)
        return redirect(request.get_full_path())
    codes = request.session.pop(NEW_CODES_SESSION_KEY, None)
    context = _context(
        request,
        True,
        codes=[devices.display_code(code) for code in codes or []],
        left=devices.recovery_codes_left(user),
        next=_next_url(request),
        title="Mã dự phòng",
    )
    return render(request, "accounts/two_factor/recovery_codes.html", context)
