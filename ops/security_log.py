"""Security events, one logfmt line each, on the "security" logger.

Failed logins, lockouts, refused requests (403, CSRF) and refused uploads are written as
`event=login_failed user=bientap ip=203.0.113.7 path=/quan-tri/login/` so an operator can grep
them and a log shipper can parse them. Every value is escaped: control characters become
`\\xNN`, so a username carrying "\\r\\nFAKE=1" cannot forge a second line, and values with spaces,
`=` or quotes are quoted. Nothing secret is ever passed in: no password, no session or CSRF
token, no query string, no file contents; a file's name is shortened and escaped.
"""

import logging

from django.http import HttpRequest

from common import logfmt
from common.logfmt import LogfmtFormatter

from .clients import client_ip

logger = logging.getLogger("security")

MAX_VALUE_CHARS = 120


def escape_value(value: object, limit: int = MAX_VALUE_CHARS) -> str:
    """One value of a security line: the project's logfmt escaping, cut to `limit` characters."""
    return logfmt.escape_value(value, limit)


def format_fields(fields: dict) -> str:
    return logfmt.format_fields(fields, MAX_VALUE_CHARS)


def request_fields(request: HttpRequest | None) -> dict:
    """Who and where, without secrets: client IP, user id (or -), method and path (no query)."""
    if request is None:
        return {"ip": None, "user_id": None}
    user = getattr(request, "user", None)
    user_id = user.pk if user is not None and getattr(user, "is_authenticated", False) else None
    return {
        "ip": client_ip(request) or None,
        "user_id": user_id,
        "method": getattr(request, "method", None),
        "path": getattr(request, "path", None),
    }


def log_event(event: str, request: HttpRequest | None = None, level: int = logging.WARNING, **fields) -> None:
    """Write one security event line. `fields` must never carry a secret."""
    data = {"event": event, **fields, **request_fields(request)}
    logger.log(level, format_fields(data), extra={"security_fields": data})


# --- the events ---------------------------------------------------------------------------
def login_failed(sender, credentials: dict, request: HttpRequest | None = None, **kwargs) -> None:
    # django-axes answers first (its receiver is connected earlier): an attempt it refuses as
    # locked out is logged once, as the lockout, not twice.
    if request is not None and getattr(request, "axes_locked_out", False):
        return
    log_event("login_failed", request, user=(credentials or {}).get("username"))


def locked_out(sender, request: HttpRequest | None = None, username: str | None = None, **kwargs) -> None:
    log_event("lockout", request, user=username)


def second_step_failed(sender, user=None, **kwargs) -> None:
    """A wrong code at the second step (django-otp's signal carries no request)."""
    from .middleware import current_request

    log_event("second_step_failed", current_request(), user=getattr(user, "username", None))


def forbidden(request: HttpRequest, reason: str, detail: object = None) -> None:
    """A 403: `reason` is a short code (permission, csrf, upload_permission)."""
    log_event("forbidden", request, reason=reason, detail=detail)


def upload_refused(
    request: HttpRequest | None, *, field: str, code: str | None, size: int | None, name: str | None
) -> None:
    """An upload refused by validation. The name is the user's: shortened and escaped.

    Called where the refusal is decided; without `request`, the one being served is used."""
    if request is None:
        from .middleware import current_request

        request = current_request()
    log_event(
        "upload_refused",
        request,
        level=logging.INFO,
        field=field,
        reason=code or "invalid",
        size=size,
        name=name[:60] if name else None,
    )


def connect_signals() -> None:
    from axes.signals import user_locked_out
    from django.contrib.auth.signals import user_login_failed
    from django_otp.forms import otp_verification_failed

    user_login_failed.connect(login_failed, dispatch_uid="security_log.login_failed")
    user_locked_out.connect(locked_out, dispatch_uid="security_log.locked_out")
    otp_verification_failed.connect(second_step_failed, dispatch_uid="security_log.second_step_failed")


class SecurityFormatter(LogfmtFormatter):
    """The event's fields flat on the line (time, level, logger, then event=…), not in msg=."""

    def format(self, record: logging.LogRecord) -> str:
        fields = getattr(record, "security_fields", None)
        if fields is None:
            return super().format(record)
        return " ".join((logfmt.format_fields(self.head(record)), format_fields(fields)))
