"""What the visit counter could not do, logged without flooding the log.

Counting never fails a page: a store error skips the count (`dropped`), a read error shows
the database's counts (`unreadable`). Each logs a warning at most once a minute, with how many
events it stood for, and keeps a running total since the process started (a metric).
"""

import logging
import threading
import time

logger = logging.getLogger("stats")


class _RateLimitedLog:
    """Logs a warning at most once per `interval` seconds, with how many events it stood for."""

    def __init__(self, message: str, interval: float = 60.0):
        self.message = message
        self.interval = interval
        self.total = 0  # a metric: every event since the process started
        self._pending = 0
        self._last: float | None = None
        self._lock = threading.Lock()

    def __call__(self, exc: BaseException, events: int = 1) -> None:
        with self._lock:
            self.total += events
            self._pending += events
            now = time.monotonic()
            if self._last is not None and now - self._last < self.interval:
                return
            count, self._pending, self._last = self._pending, 0, now
        # The reason names the store and the error, never the request (no IP, no user agent).
        reason = f"{type(exc).__name__}: {exc}"[:300]
        logger.warning("%s (%s); %d since the last report", self.message, reason, count)

    def reset(self) -> None:
        with self._lock:
            self.total, self._pending, self._last = 0, 0, None


dropped = _RateLimitedLog("visit counter: counting skipped, page served")
unreadable = _RateLimitedLog("visit counter: Redis unreadable, widget shows the database's counts")
