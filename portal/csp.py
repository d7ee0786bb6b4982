"""Two Content-Security-Policies: the strict public one (settings.CONTENT_SECURITY_POLICY) and
one for the admin.

Public pages carry no inline script or style at all, so they need neither 'unsafe-inline' nor
nonces (nonces would not survive the whole-page cache anyway). CKEditor 5 in the admin writes
inline styles while editing, hence 'unsafe-inline' for styles there — never for scripts.
"""

from csp.constants import NONE, SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

ADMIN_POLICY = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "font-src": [SELF, "data:"],
    "connect-src": [SELF],
    "frame-src": [SELF],
    "object-src": [NONE],
    "base-uri": [NONE],
    "form-action": [SELF],
    "frame-ancestors": [NONE],
}


def admin_policy() -> dict:
    """ADMIN_POLICY, with the media host (a bucket or CDN) allowed for images when it is not ours."""
    from portal.settings import media_origin

    origin = media_origin(settings.MEDIA_URL)
    return {**ADMIN_POLICY, "img-src": [*ADMIN_POLICY["img-src"], origin]} if origin else ADMIN_POLICY


class PortalCSPMiddleware(CSPMiddleware):
    """django-csp with the admin policy on admin and editor-upload paths."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and request.path_info.startswith(_admin_prefixes()):
            parts.config = admin_policy()
        return parts


def _admin_prefixes() -> tuple[str, ...]:
    return ("/" + settings.ADMIN_URL, "/ckeditor5/")
