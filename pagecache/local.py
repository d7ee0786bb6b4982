"""Each worker's own copies of its most read pages and of the sites' content versions.

A page served from the shared cache (Redis) costs a round trip, which on a busy host is most
of the time of a cache hit. The worker therefore keeps:

- each site's content version, as last read from the shared cache, for at most
  PAGE_CACHE_LOCAL_SECONDS; a write made in this process forgets them at once;
- the pages it served most recently (least recently used out first), up to
  PAGE_CACHE_LOCAL_BYTES of page bodies, each with the version and the time-driven part it was
  rendered under and the time it stops being fresh.

A copy is used only while the version read less than PAGE_CACHE_LOCAL_SECONDS ago is the one
it was rendered under and it is still fresh; otherwise the shared cache is read (one round
trip) and both copies are renewed. So an edit made on another app host shows here at most
PAGE_CACHE_LOCAL_SECONDS later, one made in this process at once.
"""

import threading
import time
from collections import OrderedDict

from django.conf import settings


class LocalCopies:
    def __init__(self):
        self._lock = threading.Lock()
        self._versions: dict[int, tuple[str, float]] = {}  # site id → (version, monotonic time read)
        self._pages: OrderedDict = OrderedDict()  # key → StoredPage, least recently used first
        self._bytes = 0

    def version(self, site_id: int) -> str | None:
        """The site's version read less than PAGE_CACHE_LOCAL_SECONDS ago, or None."""
        held = self._versions.get(site_id)
        if held is None or time.monotonic() - held[1] >= settings.PAGE_CACHE_LOCAL_SECONDS:
            return None
        return held[0]

    def remember_version(self, site_id: int, version: str) -> None:
        self._versions[site_id] = (version, time.monotonic())

    def page(self, key: str, version: str, extra: str, now: float):
        """The copy under `key` rendered under `version` and `extra` and still fresh, or None."""
        with self._lock:
            entry = self._pages.get(key)
            if entry is None:
                return None
            if entry.version != version or entry.extra != extra or now >= entry.fresh_until:
                return None
            self._pages.move_to_end(key)
            return entry

    def remember_page(self, key: str, entry) -> None:
        limit = settings.PAGE_CACHE_LOCAL_BYTES
        size = len(entry.content)
        if size > limit // 8:  # one page never takes most of the room
            return
        with self._lock:
            old = self._pages.pop(key, None)
            if old is not None:
                self._bytes -= len(old.content)
            self._pages[key] = entry
            self._bytes += size
            while self._bytes > limit and self._pages:
                _, dropped = self._pages.popitem(last=False)
                self._bytes -= len(dropped.content)

    def forget_versions(self) -> None:
        """A write in this process: read every version afresh at the next request."""
        self._versions.clear()

    def forget(self) -> None:
        with self._lock:
            self._versions.clear()
            self._pages.clear()
            self._bytes = 0


copies = LocalCopies()
