"""The client's address for a request, by the one rule of common.addresses, with the trusted
proxies of settings.TRUSTED_PROXIES (DJANGO_TRUSTED_PROXIES).

Used by the visit counter, the rate limits, the security log and django-axes
(AXES_CLIENT_IP_CALLABLE). The networks are parsed once per process, and again after a test
changes the setting.
"""

from django.conf import settings
from django.core.signals import setting_changed
from django.http import HttpRequest

from common.addresses import Network, client_address, parse_networks

_trusted: tuple[Network, ...] | None = None


def trusted_networks() -> tuple[Network, ...]:
    """The networks of settings.TRUSTED_PROXIES (entries that are not one are ignored)."""
    global _trusted
    if _trusted is None:
        _trusted = parse_networks(getattr(settings, "TRUSTED_PROXIES", ()))
    return _trusted


def _forget(*, setting: str, **_kwargs) -> None:
    global _trusted
    if setting == "TRUSTED_PROXIES":
        _trusted = None


setting_changed.connect(_forget, dispatch_uid="ops.clients.trusted-proxies")


def client_ip_from(remote_addr: str, forwarded_for: str) -> str:
    """The client's address from REMOTE_ADDR and X-Forwarded-For as a request carried them."""
    return client_address(remote_addr, forwarded_for, trusted_networks())


def client_ip(request: HttpRequest) -> str:
    """The client's address for `request`: X-Forwarded-For only from a trusted proxy."""
    return client_ip_from(request.META.get("REMOTE_ADDR", ""), request.headers.get("x-forwarded-for", ""))
