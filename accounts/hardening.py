"""Account hardening that no library does for us: absolute session lifetime, logging out on
every device, and passwords Vietnamese users are known to choose."""

import time

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import logout
from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache

from accounts.sessions import end_sessions
from common.text import fold

SESSION_STARTED_KEY = "_started_at"

# Common Vietnamese choices (folded: no diacritics, lower case) on top of Django's 20,000 list.
VIETNAMESE_COMMON = {
    "matkhau",
    "matkhau123",
    "matkhau1234",
    "matkhau@123",
    "matkhau123456",
    "123456a@",
    "anhyeuem",
    "anhyeuem123",
    "emyeuanh",
    "yeuem123",
    "vietnam",
    "vietnam123",
    "vietnam@123",
    "hanoi123",
    "saigon123",
    "admin@123",
    "quantri",
    "quantri123",
    "quantri@123",
    "bcd35",
    "bcd35@123",
    "banchidao35",
    "tuyengiao",
    "tuyengiao123",
    "huyenuy",
    "huyenuy123",
    "abc@123",
    "qwerty@123",
    "conga123",
    "iloveyou123",
    "123456789a",
    "a123456789",
    "doimatkhau",
    "doimatkhau123",
}


class VietnameseCommonPasswordValidator(CommonPasswordValidator):
    """Django's list plus Vietnamese favourites, compared without diacritics or case."""

    def validate(self, password, user=None):
        super().validate(password, user)
        folded = fold(password).replace(" ", "")
        if folded in VIETNAMESE_COMMON or folded.rstrip("0123456789!@#.") in {
            "matkhau",
            "quantri",
            "vietnam",
        }:
            raise ValidationError("Mật khẩu này quá phổ biến, dễ bị đoán.", code="password_too_common")

    def get_help_text(self):
        return "Mật khẩu không được là mật khẩu phổ biến (kể cả “matkhau123”)."


def enforce_absolute_session_age(request):
    """Log out a session older than SESSION_ABSOLUTE_SECONDS, however active it has been.

    Returns a redirect to the login page when it ends the session, else None.
    """
    # No session cookie, no session: never touch request.user then, or every anonymous page
    # would get "Vary: Cookie" (and lose its cacheability) for nothing.
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return None
    if not hasattr(request, "user") or not request.user.is_authenticated:
        return None
    started = request.session.get(SESSION_STARTED_KEY)
    now = int(time.time())
    if started is None:
        request.session[SESSION_STARTED_KEY] = now
        return None
    if now - started > settings.SESSION_ABSOLUTE_SECONDS:
        logout(request)
        return redirect(f"/{settings.ADMIN_URL}login/?next={request.path}")
    return None


class AbsoluteSessionAgeMiddleware:
    """Staff sessions end after 8 hours (a setting) even when in constant use.

    SESSION_COOKIE_AGE with SESSION_SAVE_EVERY_REQUEST handles the idle limit; this handles the
    absolute one, which Django lacks. Anonymous requests have no session and cost nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return enforce_absolute_session_age(request) or self.get_response(request)


@never_cache
def logout_everywhere(request):
    """The admin's "Đăng xuất" (same URL): ends this session and the user's sessions on every
    other device. (Changing the password ends the *other* sessions by itself: Django's session
    auth hash.) Logouts by the age limit above end only the session concerned."""
    user = request.user
    user_id = user.pk if request.method == "POST" and user.is_authenticated else None
    response = admin.site.logout(request)
    if user_id is not None and not request.user.is_authenticated:
        end_sessions([user_id])
    return response
