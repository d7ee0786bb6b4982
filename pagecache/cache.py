"""Whole-page cache for anonymous readers, exact after every edit.

A page is stored under a key that includes its host and its site's content version. Any save or
delete of public content (news, documents, committee, pages) bumps the version of the site the
row belongs to (and of the sites above it, whose pages show their communes' news), so the next
request to that site renders afresh; keys of the old version simply expire, and the other
sites' pages stay cached. Entries live PAGE_CACHE_SECONDS at
most (15 s by default), which bounds both the visit widget's staleness and how late a
scheduled article can appear — no cron job needed.

Never cached: requests with a session or CSRF cookie (staff, editors, anyone who logged in),
non-GET/HEAD requests, responses that set cookies, are private/no-cache (draft previews), or
are not 200.

Time-driven content (a site's banners, the notices app) adds a part to the key through
`add_page_key_part`: a function of the request and the site's content version returning
(part, until), where `part` names what
shows now and `until` (a UNIX time or None) is when it next changes. The part changes the key
the instant what shows changes, and the max-age given to browsers never reaches past `until`.

Every write reaches the version through a signal (pagecache.signals), never through a `save()`
or `delete()` override, which the admin's bulk delete, cascades and `QuerySet.delete()` skip.
`QuerySet.update()` sends no model signal; content models take their default manager from
`ContentQuerySet` (pagecache.querysets), whose `update()` sends `content_updated` instead.
"""

import hashlib
import secrets
import time
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.http import ConditionalGetMiddleware

from common.language import page_language
from network.api import affected_sites, current_site_id, request_host, served_site, working_on
from ops.cache import get_across, held_value
from stats.api import count_page_view, page_marks

from .local import copies
from .tracking import drop_tracking_parameters

CONTENT_VERSION_KEY = "pagecache:content-version"
CONTENT_VERSION_TIMEOUT = None  # never expires; bumped on writes
PAGE_KEY_PREFIX = "pagecache:page"
VALUE_KEY_PREFIX = "pagecache:value-until"  # (deadline, value): see versioned_value
REFRESH_LOCK_SECONDS = 10  # a renderer that died frees its stale page after this long
# Headers a cached page may vary on: the key holds the gzip choice, and requests with cookies
# never reach the cache.
KEYED_VARY_HEADERS = {"accept-encoding", "cookie"}


# Functions of (request, content version) returning (key part, UNIX time the part next changes
# or None).
_KEY_PARTS: list = []


def add_page_key_part(func) -> None:
    """Register a function whose part joins every page key (see the module's docstring)."""
    if func not in _KEY_PARTS:
        _KEY_PARTS.append(func)


def _extra_key(request: HttpRequest, version: str) -> tuple[str, float | None]:
    """The registered parts joined, and the earliest time one of them changes."""
    parts, until = [], None
    for func in _KEY_PARTS:
        part, changes = func(request, version)
        if part:
            parts.append(part)
        if changes is not None:
            until = changes if until is None else min(until, changes)
    return ":".join(parts), until


def _max_age(seconds: float, until: float | None) -> int:
    """Seconds a browser may keep the page: at most `seconds`, never past `until`."""
    if until is not None:
        seconds = min(seconds, until - time.time())
    return max(0, int(seconds))


def _state():
    return caches[settings.STATE_CACHE]


def _counter(key: str) -> int:
    """A version counter, started at a random value: after the cache is emptied (a Redis
    restart, a flush by hand) the new counter does not repeat an old version, so nothing
    remembered under an old version, in the cache or in a process, is taken for current."""
    state = _state()
    value = state.get(key)
    if value is None:
        state.add(key, secrets.randbelow(2**40) + 1, CONTENT_VERSION_TIMEOUT)
        value = state.get(key) or 1
    return value


def _version(site_id: int | None = None) -> str:
    """The content version of one site's pages: the platform's epoch (moved by writes that
    cannot be placed on one site) and the site's own counter. Without a site, the epoch only."""
    if site_id is None:
        site_id = current_site_id()
    if site_id is None:
        return str(_counter(CONTENT_VERSION_KEY))
    held = copies.version(site_id)  # read less than PAGE_CACHE_LOCAL_MS ago (pagecache.local)
    if held is not None:
        return held
    # The site's id is part of the version: two sites at the same counters never share a key.
    version = f"{_counter(CONTENT_VERSION_KEY)}.s{site_id}.{_counter(f'{CONTENT_VERSION_KEY}:{site_id}')}"
    copies.remember_version(site_id, version)
    return version


def _incr(key: str) -> None:
    state = _state()
    try:
        state.incr(key)
    except ValueError:  # not set yet
        state.set(key, 2, CONTENT_VERSION_TIMEOUT)


def bump_content_version(site_ids=None, **_kwargs) -> None:
    """Invalidate the pages of the sites whose content changed, and of the sites above them
    (a province's pages show its communes' news); with no site named, of every site."""
    if site_ids is None:
        _incr(CONTENT_VERSION_KEY)
    else:
        for site_id in affected_sites(site_ids):
            _incr(f"{CONTENT_VERSION_KEY}:{site_id}")
    copies.forget_versions()  # this process sees its own writes at once


def now_and_on_commit(invalidate, using: str | None = None) -> None:
    """Run `invalidate` now and once more when the current transaction commits: in between,
    another request may read the old rows and cache them under the new version or key."""
    invalidate()
    transaction.on_commit(invalidate, using=using)


def content_version(site_id: int | None = None) -> str:
    """The content version of a site's pages (the site being worked on by default)."""
    return _version(site_id)


def versioned_value(name: str, compute, timeout: int, until=None):
    """A value derived from public content, kept until the next write (the content version)
    or for `timeout` seconds, whichever comes first: time alone also changes what is published
    (scheduled and expiring articles), so the timeout bounds that staleness.

    Kept in the shared cache with the time it was computed, and in this worker's own memory
    ("fragments" cache) until the same deadline: the key holds the version, so a copy is never
    read after a write, and the deadline is the shared one, so time alone bounds it as before.
    `until(value)` may name an earlier UNIX time (or None): when what the value describes next
    changes by the clock (ops.cache.held_value)."""
    if timeout <= 0:
        return compute()
    digest = hashlib.blake2b(name.encode(), digest_size=16).hexdigest()
    try:
        key = f"{VALUE_KEY_PREFIX}:{_version()}:{digest}"
    except Exception:  # the shared cache is down: compute, as if nothing were cached
        return compute()
    return held_value(key, compute, timeout, until)


def plain_path(path: str) -> bool:
    """True for a path in its plain form: no `.` or `..` segment and no empty segment (`//`).
    `path` is the decoded path the URL resolver sees, so `%2e%2e` and `%2f` count too."""
    segments = path.split("/")[1:]
    inner = segments[:-1]  # the last is empty for a path ending in "/"
    return not any(s in ("", ".", "..") for s in inner) and segments[-1] not in (".", "..")


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or settings.CSRF_COOKIE_NAME in request.COOKIES:
        return False
    if not plain_path(request.path_info):
        return False
    return not request.path.startswith(("/" + settings.ADMIN_URL, settings.STATIC_URL, settings.MEDIA_URL))


def _key(request: HttpRequest) -> str:
    """Where a page is stored: by address, language and gzip choice. The content version and
    the time-driven parts are kept inside the entry and compared on reading, so one read
    fetches the page and the versions together (see `_lookup`)."""
    gzip = "gz" if "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "") else "id"
    language = page_language(request.path_info, settings.LANGUAGE_CODE)
    host = request_host(request).lower()
    return f"{PAGE_KEY_PREFIX}:{gzip}:{language}:{host}:{request.get_full_path()}"


def _lookup(site_id: int, key: str) -> tuple[str, tuple | None]:
    """The site's content version and the entry stored under `key`, in one round trip to the
    shared cache (ops.cache.get_across)."""
    state = _state()
    epoch, counter, entry = get_across(
        [(state, CONTENT_VERSION_KEY), (state, f"{CONTENT_VERSION_KEY}:{site_id}"), (caches["default"], key)]
    )
    if epoch is None or counter is None:  # a counter not started yet (or the cache is down)
        return _version(site_id), entry
    return f"{epoch}.s{site_id}.{counter}", entry


def _cacheable_response(response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = response.get("Cache-Control", "")
    # "Vary: Cookie" is not a reason to refuse: requests carrying any session or CSRF cookie
    # never reach the cache, so every cached page is the cookie-less one.
    if any(word in control for word in ("private", "no-cache", "no-store")):
        return False
    varies = {h.strip().lower() for h in response.get("Vary", "").split(",") if h.strip()}
    return varies <= KEYED_VARY_HEADERS


class StoredPage(NamedTuple):
    """A page as stored: what it was rendered under, until when it is fresh, and the response
    as it left the middleware (plain values: cheaper to keep and to read than the object)."""

    version: str
    extra: str
    fresh_until: float
    status: int
    headers: tuple
    content: bytes
    marks: tuple  # the objects the page showed, counted again on every hit

    def response(self) -> HttpResponse:
        response = HttpResponse(self.content, status=self.status)
        for name, value in self.headers:
            response.headers[name] = value
        return response


def _store(key: str, page: StoredPage, seconds: int) -> None:
    """Keep the page fresh for `seconds`, then stale for as long again: a stale page is served
    to everyone else while one request renders its successor (no stampede of renders when a
    popular page expires under load). Under another content version or time-driven part it is
    never served: those are compared on every read."""
    try:
        cache.set(key, page, seconds * 2)
    except Exception:
        pass


def cached_response(request: HttpRequest, get_response) -> HttpResponse:
    """The page from the cache, or rendered and stored.

    This runs before the rest of the middleware (right after SecurityMiddleware, which adds its
    headers to hits and misses alike), as WhiteNoise does for static files: a hit needs only
    the site (from the in-process host map), the page and its site's version (this worker's
    copies, pagecache.local, or one round trip to the shared cache) and the visit counted.
    Everything a rendered page needs (database routing, sessions, CSRF, the CSP header, the
    view) runs only on a miss, and the page is stored as it finally left them. Tracking
    parameters (fbclid, utm_*…) are dropped first, for hits and misses alike (pagecache.tracking).

    Imprecision tolerated: a page past its freshness is still served while one other request
    (holding a short lock) renders the new one, so a page may be PAGE_CACHE_SECONDS plus one
    render old. A write to content changes the site's version: never stale across an edit
    (on another app host, once its copy of the version is renewed: PAGE_CACHE_LOCAL_SECONDS).
    """
    drop_tracking_parameters(request)
    seconds = settings.PAGE_CACHE_SECONDS
    if not seconds or not _cacheable_request(request):
        return get_response(request)
    site = served_site(request)
    if site is None:  # the site middleware answers (unknown host, merged site, no database)
        return get_response(request)
    key = _key(request)
    stale = None
    with working_on(site):
        try:
            now = time.time()
            version = copies.version(site.pk)
            extra, until = _extra_key(request, version) if version else ("", None)
            entry = copies.page(key, version, extra, now) if version else None
            if entry is None:
                version, entry = _lookup(site.pk, key)
                copies.remember_version(site.pk, version)
                extra, until = _extra_key(request, version)
        except Exception:  # the cache (Redis) is down: serve uncached
            return get_response(request)
        if isinstance(entry, StoredPage) and (entry.version, entry.extra) == (version, extra):
            if now < entry.fresh_until:
                copies.remember_page(key, entry)
                return _serve_hit(request, entry, seconds, until)
            if not _refresh_lock(key):
                return _serve_hit(request, entry, seconds, until)
            stale = entry
    response = get_response(request)
    if _cacheable_response(response):
        response["Cache-Control"] = f"public, max-age={_max_age(seconds, until)}"
        headers = tuple((name, value) for name, value in response.items() if name != "X-Page-Cache")
        page = StoredPage(
            version,
            extra,
            time.time() + seconds,
            response.status_code,
            headers,
            response.content,
            page_marks(request),
        )
        _store(key, page, seconds)
        response["X-Page-Cache"] = "miss"
    if stale is not None:
        _release(key)
    return response


# Answers If-None-Match / If-Modified-Since on a hit from the ETag stored with the page, as
# the ConditionalGetMiddleware of a rendered page does.
_conditional = ConditionalGetMiddleware(get_response=lambda request: None)


def _is_conditional(meta) -> bool:
    """Whether the request asks "only if changed": otherwise the stored page (its ETag
    included) is the whole answer and the conditional check has nothing to decide."""
    return "HTTP_IF_NONE_MATCH" in meta or "HTTP_IF_MODIFIED_SINCE" in meta


def _serve_hit(request: HttpRequest, page: StoredPage, seconds: int, until: float | None) -> HttpResponse:
    hit = page.response()
    if until is not None:
        hit["Cache-Control"] = f"public, max-age={_max_age(seconds, until)}"
    hit["X-Page-Cache"] = "hit"
    response = _conditional.process_response(request, hit) if _is_conditional(request.META) else hit
    count_page_view(request, response, page.marks)  # within the site's work: counted for this site
    return response


def _refresh_lock(key: str) -> bool:
    """True for the one request that should render a stale page's successor."""
    try:
        return cache.add(f"{key}:refresh", 1, REFRESH_LOCK_SECONDS)
    except Exception:
        return True


def _release(key: str) -> None:
    try:
        cache.delete(f"{key}:refresh")
    except Exception:
        pass
