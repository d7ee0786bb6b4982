"""Per-client rate limits for the public pages that do work on a visitor's input.

django-ratelimit counts requests in the default cache, keyed by the client's address as the
visit counter sees it (``ops.clients.client_ip``: X-Forwarded-For only from
TRUSTED_PROXIES), so a made-up header neither buys a fresh budget nor spends someone else's.
An IPv6 client is counted per /64, the block one household or office is given.

The counters are only as shared as the cache: Redis (REDIS_URL) shares them between every
worker and machine and increments atomically; the file cache (one machine, no Redis) shares
them between the workers of that machine, but two workers counting at the same instant may
each miss the other's increment, so a flood gets a little more than its budget; the
in-memory cache of the tests counts per process. A page answered from the whole-page cache
(pagecache.cache) never reaches a view, so it costs nothing and is neither counted nor refused.

django-ratelimit's own app is not installed: all it adds is a system check that knows only
the third-party django-redis package and so warns about Django's built-in Redis backend
(upstream issue jsocol/django-ratelimit#283), which increments atomically as required.
"""

import logging
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.utils.module_loading import import_string
from django_ratelimit import ALL
from django_ratelimit.core import get_usage

from common.addresses import normalise_ip

from .clients import client_ip

logger = logging.getLogger(__name__)

# Counter groups: one budget per client for each.
SEARCH = "search"
LISTS = "lists"
DOWNLOADS = "downloads"
RATING = "rating"
_RATE_SETTINGS = {
    SEARCH: "RATELIMIT_SEARCH",
    LISTS: "RATELIMIT_LISTS",
    DOWNLOADS: "RATELIMIT_DOWNLOAD",
    RATING: "RATELIMIT_RATING",
}


def register_group(group: str, setting: str | None = None) -> str:
    """Give `group` its own budget, read from the setting `setting` (default RATELIMIT_<GROUP>,
    upper-cased, "-" as "_"); returns the group's name. A form calls this once at import:

        QUESTIONS = register_group("questions")   # budget: settings.RATELIMIT_QUESTIONS

    and portal/settings.py declares RATELIMIT_QUESTIONS with `_rate(...)` like the others. A
    group whose setting is missing or empty is not limited.
    """
    _RATE_SETTINGS[group] = setting or "RATELIMIT_" + group.upper().replace("-", "_")
    return group


def client_key(group: str, request: HttpRequest) -> str:
    """The address a budget belongs to: the client IP, an IPv6 address reduced to its /64."""
    ip = client_ip(request)
    return normalise_ip(ip) or ip or "unknown"


def _rate(group: str, request: HttpRequest) -> str | None:
    """Read at request time, so an operator's (or a test's) setting applies without a restart."""
    return getattr(settings, _RATE_SETTINGS[group], None) or None


def limited(group: str, methods=ALL) -> Callable:
    """Wraps a view: past the group's budget the client gets the 429 page, the view never runs.

    `methods` names the request methods that are counted (django-ratelimit's ALL by default;
    ``("POST",)`` counts only submissions, so reading a form costs nothing); requests of the
    other methods pass uncounted.
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            try:
                usage = get_usage(
                    request, group=group, key=client_key, rate=_rate, method=methods, increment=True
                )
            except ImproperlyConfigured:
                raise
            except Exception as exc:  # the cache (Redis) is down: serve rather than refuse everyone
                logger.warning("rate limit not checked: cache unavailable (%s)", type(exc).__name__)
                usage = None
            if usage and usage["should_limit"]:
                request.limited = True
                view_name = getattr(settings, "RATELIMIT_VIEW", "ops.ratelimit.rate_limited")
                return import_string(view_name)(request, retry_after=usage["time_left"])
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def rate_limited(
    request: HttpRequest, exception: Exception | None = None, retry_after: int = 60
) -> HttpResponse:
    """The "Quá nhiều yêu cầu" page (429) with Retry-After; never stored by any cache.

    Also usable as django-ratelimit's RATELIMIT_VIEW (it passes the exception, no wait time).
    """
    seconds = max(1, int(retry_after))
    context = {"status": 429, "retry_after": seconds}
    try:
        body = loader.render_to_string("429.html", context, request)
    except Exception:  # the database may be the reason the client retried so often
        logger.exception("429 page could not render with context; using the bare page")
        body = loader.render_to_string("errors/bare.html", context)
    response = HttpResponse(body, status=429)
    response["Retry-After"] = str(seconds)
    add_never_cache_headers(response)  # no-store, private: not the page cache, not a proxy
    return response


search = limited(SEARCH)
lists = limited(LISTS)
downloads = limited(DOWNLOADS)
rating = limited(RATING)
