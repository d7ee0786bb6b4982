"""The counter's settings as one object, read once per process (again after a test changes one).

The request path runs on every page, including pages served from the whole-page cache in
well under a millisecond; a dozen reads of django.conf.settings cost ~13 µs of that.
"""

import socket
from dataclasses import dataclass

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver


@dataclass(frozen=True)
class Network:
    """An IP network as integers: membership is a mask and a compare."""

    size: int  # 4 or 16 bytes
    address: int
    mask: int

    def __contains__(self, packed: bytes) -> bool:
        return len(packed) == self.size and int.from_bytes(packed, "big") & self.mask == self.address


def packed_ip(ip: str) -> bytes | None:
    """The address as 4 or 16 bytes, or None when it is not one (inet_pton: C, strict)."""
    for family in (socket.AF_INET, socket.AF_INET6):
        try:
            return socket.inet_pton(family, ip)
        except (OSError, ValueError):
            continue
    return None


def parse_network(text: str) -> Network | None:
    address, _, length = text.strip().partition("/")
    packed = packed_ip(address)
    if packed is None:
        return None
    bits = len(packed) * 8
    try:
        prefix = int(length) if length else bits
    except ValueError:
        return None
    if not 0 <= prefix <= bits:
        return None
    mask = ((1 << bits) - 1) ^ ((1 << (bits - prefix)) - 1)
    return Network(len(packed), int.from_bytes(packed, "big") & mask, mask)


@dataclass(frozen=True)
class CounterConf:
    enabled: bool
    page_cache_header: str
    buffer_seconds: float
    buffer_max_hits: int
    time_zone: str
    session_cookie: str
    trusted_networks: tuple[Network, ...]
    excluded_prefixes: tuple[str, ...]
    store_key: str  # which store instance (stats.backends.get_backend)

    @classmethod
    def from_settings(cls) -> "CounterConf":
        admin = "/" + getattr(settings, "ADMIN_URL", "admin/").lstrip("/")
        prefixes = ["/admin/", admin, "/healthz", "/robots.txt", "/favicon.ico"]
        prefixes += [url for url in (settings.STATIC_URL, settings.MEDIA_URL) if url and url.startswith("/")]
        prefixes += list(getattr(settings, "VISIT_EXCLUDED_PREFIXES", ()))
        networks = (parse_network(p) for p in getattr(settings, "TRUSTED_PROXIES", ()))
        return cls(
            enabled=settings.VISIT_COUNTER_ENABLED,
            page_cache_header=getattr(settings, "VISIT_PAGE_CACHE_HEADER", ""),
            buffer_seconds=getattr(settings, "VISIT_BUFFER_SECONDS", 0),
            buffer_max_hits=getattr(settings, "VISIT_BUFFER_MAX_HITS", 50_000),
            time_zone=settings.VISIT_TIME_ZONE,
            session_cookie=settings.SESSION_COOKIE_NAME,
            trusted_networks=tuple(n for n in networks if n is not None),
            excluded_prefixes=tuple(sorted({p for p in prefixes if p and p != "/"})),
            store_key=f"{getattr(settings, 'REDIS_URL', '') or ''}|{settings.VISIT_REDIS_PREFIX}",
        )


_current: CounterConf | None = None


def conf() -> CounterConf:
    global _current
    if _current is None:
        _current = CounterConf.from_settings()
    return _current


@receiver(setting_changed)
def _forget(**_kwargs) -> None:
    global _current
    _current = None
