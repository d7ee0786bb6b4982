"""Parameters that shared links carry for someone else's analytics, dropped at the door.

Facebook adds a different `fbclid` to every click on a shared link, Zalo adds `zarsrc` and
`utm_*`, ad platforms their click ids. No page of the portal reads them (it runs no third-party
analytics), yet each one made a new address: a story shared on Facebook was rendered once per
click, never served from the page cache, and filled it with pages read once. They are removed
from the request before anything reads it (settings.TRACKING_PARAMETERS names them, "*" ending a
prefix), so the page is the plain address's page: served from the cache, and never showing a
click id of one reader to the next. Every other parameter is kept as sent, in its order.
"""

from functools import lru_cache
from urllib.parse import unquote_plus

from django.conf import settings
from django.http import HttpRequest


@lru_cache(maxsize=8)
def _matcher(names: tuple[str, ...]):
    exact = frozenset(name.lower() for name in names if not name.endswith("*"))
    prefixes = tuple(name[:-1].lower() for name in names if name.endswith("*"))

    def is_tracking(name: str) -> bool:
        name = name.lower()
        return name in exact or name.startswith(prefixes)

    return is_tracking


def without_tracking(query: str) -> str:
    """`query` (a raw query string) without the tracking parameters; unchanged when it has none."""
    is_tracking = _matcher(tuple(settings.TRACKING_PARAMETERS))
    parts = query.split("&")
    kept = [part for part in parts if not (part and is_tracking(unquote_plus(part.split("=", 1)[0])))]
    return query if len(kept) == len(parts) else "&".join(kept)


def drop_tracking_parameters(request: HttpRequest) -> None:
    """Serve a GET or HEAD request as if its tracking parameters had not been sent."""
    query = request.META.get("QUERY_STRING", "")
    if not query or request.method not in ("GET", "HEAD"):
        return
    cleaned = without_tracking(query)
    if cleaned != query:
        request.META["QUERY_STRING"] = cleaned
        request.__dict__.pop("GET", None)  # parsed again, from the cleaned string, if read
