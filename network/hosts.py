"""Which site a host name belongs to, shared by every app host and cheap on every request.

The map (host → site) is built from the Site rows (canonical names) and SiteAlias rows, and kept
in each process; a version number in the shared state cache says when it is stale, so an alias
added on one app host is served by every other at its next request. One cache read per request.
"""

import threading
import time
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.db import transaction

from .hostnames import normalise_host

HOSTS_VERSION_KEY = "network:hosts-version"


@dataclass(frozen=True)
class SiteEntry:
    id: int
    domain: str
    name: str
    status: str
    parent_id: int | None
    merged_into_id: int | None


@dataclass(frozen=True)
class HostMap:
    version: str
    hosts: dict  # host → site id
    sites: dict  # site id → SiteEntry
    children: dict  # site id → its active member sites (SiteEntry), in the directory's order


_lock = threading.Lock()
_memo: HostMap | None = None


def _state():
    return caches[settings.STATE_CACHE]


def _version() -> str:
    """The map's current token: a fresh random one after every change (a counter could come back
    to a number an old map had, after the cache is emptied)."""
    try:
        version = _state().get(HOSTS_VERSION_KEY)
        if version is None:
            _state().add(HOSTS_VERSION_KEY, uuid.uuid4().hex, None)
            version = _state().get(HOSTS_VERSION_KEY)
    except Exception:  # a shared cache that is down: keep serving from the map this process has
        return _memo.version if _memo is not None else ""
    return version or ""


def hosts_changed(**_kwargs) -> None:
    """Signal receiver: a site, alias or committee changed; every process rebuilds its map, now
    and again when the transaction commits (a request in between may have read the old rows)."""
    _bump()
    transaction.on_commit(_bump)


def _bump() -> None:
    global _memo
    _memo = None
    _state().set(HOSTS_VERSION_KEY, uuid.uuid4().hex, None)


def _build(version: str) -> HostMap:
    from django.contrib.sites.models import Site

    from .models import SiteAlias

    hosts, sites = {}, {}
    rows = Site.objects.select_related("committee").order_by("committee__position", "name", "pk")
    for site in rows:
        committee = getattr(site, "committee", None)
        sites[site.pk] = SiteEntry(
            id=site.pk,
            domain=normalise_host(site.domain),
            name=site.name,
            status=committee.status if committee else "active",
            parent_id=committee.parent_id if committee else None,
            merged_into_id=committee.merged_into_id if committee else None,
        )
        hosts[normalise_host(site.domain)] = site.pk
    for host, site_id in SiteAlias.objects.values_list("host", "site_id"):
        hosts.setdefault(normalise_host(host), site_id)
    children = {}
    for entry in sites.values():
        if entry.parent_id is not None and entry.status == "active":
            children.setdefault(entry.parent_id, []).append(entry)
    return HostMap(version=version, hosts=hosts, sites=sites, children=children)


# A map checked against the shared version less than this long ago is used as it is: Django
# reads the host (ALLOWED_HOSTS) several times per request, and one shared-cache read is enough.
# A change made in this process is seen at once (its signal drops the map); one made on another
# app host within this window.
RECHECK_SECONDS = 1.0
_checked_at = 0.0


def host_map() -> HostMap:
    global _memo, _checked_at
    memo = _memo
    now = time.monotonic()
    if memo is not None and now - _checked_at < RECHECK_SECONDS:
        return memo
    version = _version()
    if memo is not None and memo.version == version:
        _checked_at = now
        return memo
    with _lock:
        if _memo is None or _memo.version != version:
            _memo = _build(version)
        _checked_at = now
        return _memo


def site_for_host(host: str) -> SiteEntry | None:
    current = host_map()
    site_id = current.hosts.get(normalise_host(host))
    return current.sites.get(site_id) if site_id is not None else None


def site_entry(site_id: int) -> SiteEntry | None:
    return host_map().sites.get(site_id)
