"""Counted requests wait here, per process, and reach the store together once a second.

Why: a page served from the whole-page cache costs about a millisecond of CPU; one store
round trip per view (the Redis script, or a database transaction) added 30–75 % to it (make
bench-counter). Now the request only notes what it saw — its time, client address, user
agent, host and the objects it showed — once stats.eligibility has said it counts, and a
daemon thread turns the notes into visitor keys (stats.hits) and sends them with
`VisitBackend.record_batch`, in a tight loop that costs a fraction of the same work done cold
on every request. docs/visit-counter.md, "The buffer", is the operator's view of this.

What it keeps exact: the store still decides "new visit?" atomically, from each visitor's
stored last view, so 8 processes flushing overlapping batches still count every visitor once
(tests/stats/test_concurrency.py). The 30-minute rule compares the views' own times, not
their arrival, so a late batch changes nothing.

Privacy: a note holds the client address and user agent in this process's memory until the
next flush (≤ VISIT_BUFFER_SECONDS), as the request itself did; they are never written to a
store, a file or a log. What reaches the store is the salted key, as before.

Imprecision tolerated:
- the numbers lag the views by up to 1.25 × VISIT_BUFFER_SECONDS (1 s, with ±25 % jitter so
  the workers do not flush together), within the widget's 15 s;
- a process killed with SIGKILL (or the OOM killer) loses the notes of its last second; a
  graceful stop (SIGTERM, SIGINT, gunicorn's max_requests) sends them (atexit, and gunicorn's
  worker_exit hook);
- when the store is down a batch is dropped and logged, as single views were, and at most
  VISIT_BUFFER_MAX_HITS notes wait, so memory stays bounded;
- two views of one visitor in the same second on two servers, exactly 30 minutes after the
  previous one, may count a visit that strictly would not have started (the later view reached
  the store first). The count is never doubled otherwise.

VISIT_BUFFER_SECONDS = 0 turns this off: each view is one store operation on the request path.
"""

import atexit
import datetime
import os
import random
import threading
import time
from typing import NamedTuple

from django.db import close_old_connections

from common.addresses import normalise_ip
from ops.clients import client_ip_from

from .backends import Hit, SaltChanged, get_backend
from .conf import conf
from .failures import dropped
from .hits import make_hit


class Seen(NamedTuple):
    """What one counted request leaves for the flush: enough to derive its visitor key."""

    now: datetime.datetime
    remote_addr: str
    forwarded_for: str
    user_agent: str
    host: str
    page: bool  # an eligible page view (else only object views or downloads)
    objects: tuple = ()
    site_id: int | None = None  # the site whose page it was (None: the install's own, site 1)


class HitBuffer:
    def __init__(self, *, start_thread: bool = True):
        self.start_thread = start_thread
        self._seen: list[Seen] = []
        self._lock = threading.Lock()  # guards _seen and _pid
        self._flushing = threading.Lock()  # one flush at a time (the thread, atexit)
        self._pid: int | None = None
        self._wake = threading.Event()

    def __len__(self) -> int:
        return len(self._seen)

    def add(self, seen: Seen) -> bool:
        """Queue one request; False when the buffer is full (the store has been down a while)."""
        with self._lock:
            if self._pid != os.getpid():
                # A new process (gunicorn forks workers): notes inherited from the parent are
                # the parent's to send, and the flushing thread did not survive the fork.
                self._pid = os.getpid()
                self._seen = []
                if self.start_thread:
                    self._start()
            if len(self._seen) >= conf().buffer_max_hits:
                return False
            self._seen.append(seen)
            return True

    def _start(self) -> None:
        thread = threading.Thread(target=self._run, name="visit-counter-flush", daemon=True)
        thread.start()
        atexit.register(self.flush)

    def _run(self) -> None:
        while True:
            # ±25 % so the workers, started together, do not all flush at the same moment.
            self._wake.wait(max(conf().buffer_seconds, 0.05) * random.uniform(0.75, 1.25))
            self._wake.clear()
            close_old_connections()  # as a request would: drop a connection the database closed
            self.flush()

    def flush(self) -> int | None:
        """Send every waiting request in one store operation: the number of visits they started,
        or None when nothing was sent (empty, or the store failed: the requests are dropped)."""
        with self._flushing:
            with self._lock:
                queued, self._seen = self._seen, []
            if not queued:
                return None
            new_visits, sent = 0, 0
            for start in range(0, len(queued), CHUNK):
                if start:
                    time.sleep(0)  # let the worker's request thread run between chunks
                chunk = queued[start : start + CHUNK]
                try:
                    new_visits += _send(chunk)
                    sent += 1
                except Exception as exc:  # never raise into a request or the thread's loop
                    dropped(exc, len(chunk))
            return new_visits if sent else None


# Requests per store operation. A flush holds the interpreter while it derives keys, and a
# Redis script blocks Redis while it runs: chunks keep each pause under a millisecond, so the
# pages served meanwhile are not held up (p99), at one store operation per CHUNK views.
CHUNK = 100


def _send(queued: list[Seen]) -> int:
    """Count `queued` in one store operation (two if the day's salt changed): new visits."""
    backend = get_backend()
    new_visits = 0
    for _attempt in range(2):
        hits, salts = _keyed(queued, backend)
        result = backend.record_batch(hits, salts)
        new_visits += result.new_visits
        if not result.salt_changed:
            return new_visits
        # Redis lost a site's salt of the day and another server set a new one: key these
        # requests again with that one (what was counted for other days and sites stays counted).
        for site_id, day in result.salt_changed:
            backend.forget_salt(day, site_id)
        changed = set(result.salt_changed)
        queued = [s for s, h in zip(queued, hits, strict=True) if (h.site_id, h.day) in changed]
    raise SaltChanged(", ".join(f"{site_id}/{day.isoformat()}" for site_id, day in result.salt_changed))


def _keyed(queued: list[Seen], backend) -> tuple[list[Hit], dict]:
    """The store's hits for the notes (site, local day and hour, salted visitor key), and the
    salts by (site, day)."""
    salts: dict[tuple[int, datetime.date], bytes] = {}
    hits = []
    for seen in queued:
        ip = normalise_ip(client_ip_from(seen.remote_addr, seen.forwarded_for)) if seen.page else ""
        hit, salt = make_hit(
            ip,
            seen.user_agent,
            seen.host,
            page=seen.page,
            objects=seen.objects,
            now=seen.now,
            backend=backend,
            site_id=seen.site_id or 1,
        )
        if seen.page:
            salts[(hit.site_id, hit.day)] = salt
        hits.append(hit)
    return hits, salts


BUFFER = HitBuffer()
