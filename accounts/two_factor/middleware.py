from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse

# Pages a staff member who has only given a password may open.
_OPEN_URL_NAMES = ("admin:login", "admin:logout", "two_factor:verify", "two_factor:enrol")


def _paths(names) -> set[str]:
    paths = set()
    for name in names:
        try:
            paths.add(reverse(name))
        except NoReverseMatch:  # a test's own URLconf
            pass
    return paths


def require_second_step(request):
    """Send a staff member without the second step from the admin (and the URLs named in
    STAFF_2FA_URL_NAMES) to it; elsewhere treat them as a visitor. Returns a redirect or None."""
    if not settings.STAFF_2FA_REQUIRED or settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return None  # no session cookie, no user: anonymous pages stay free of "Vary: Cookie"
    user = request.user
    if not (user.is_authenticated and user.is_staff) or user.is_verified():
        return None
    path = request.path_info
    if path in _paths(_OPEN_URL_NAMES):
        return None
    if path.startswith("/" + settings.ADMIN_URL) or path in _paths(settings.STAFF_2FA_URL_NAMES):
        next_url = request.get_full_path() if request.method == "GET" else reverse("admin:index")
        return redirect(f"{reverse('two_factor:verify')}?{urlencode({'next': next_url})}")
    # Draft previews and other staff-only views on the public site: not before the second step.
    request.user = AnonymousUser()
    return None


class StaffSecondStepMiddleware:
    """With STAFF_2FA_REQUIRED, a password alone does not open the admin to staff: the session
    must also be verified by an authenticator app or a recovery code (django-otp's
    OTPMiddleware, earlier in the chain, tells which)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return require_second_step(request) or self.get_response(request)
