"""Two Content-Security-Policies: the strict public one (settings.CONTENT_SECURITY_POLICY) and
one for the admin.

Public pages carry no inline script or style at all, so they need neither 'unsafe-inline' nor
nonces (nonces would not survive the whole-page cache anyway). CKEditor 5 in the admin writes
inline styles while editing, hence 'unsafe-inline' for styles there — never for scripts.
"""

from csp.constants import NONE, SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

from portal.settings import media_origin

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


class PortalCSPMiddleware(CSPMiddleware):
    """django-csp with the admin policy on admin and editor-upload paths, and the media host
    (MEDIA_URL's origin, when absolute) among the image sources of every policy."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and request.path_info.startswith(_admin_prefixes()):
            parts.config = ADMIN_POLICY
        origin = media_origin(settings.MEDIA_URL)
        if origin:  # uploads served from a bucket or a CDN: both policies let their images in
            update = dict(parts.update or {})
            update["img-src"] = [*update.get("img-src", []), origin]
            parts.update = update
        return parts


def _admin_prefixes() -> tuple[str, ...]:
    return ("/" + settings.ADMIN_URL, "/ckeditor5/")
