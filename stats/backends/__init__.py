"""The two stores of the visit counter behind one interface.

`get_backend()` returns the Redis store when settings.REDIS_URL is set, else the database
store. Both count exactly under concurrency: the decision "does this view start a visit?" is
one atomic operation in the store (a Lua script, or an upsert that reports a flag), never a
read followed by a write in Python. Hits arrive in batches (stats.buffer) and a batch counts
exactly what its hits sent one by one would (tests/stats/test_buffer.py).
"""

from django.conf import settings

from ..conf import conf
from .base import BackendUnavailable, Batch, BatchResult, Hit, Run, SaltChanged, VisitBackend, fold
from .database import DatabaseBackend
from .redis import RedisBackend

__all__ = [
    "BackendUnavailable",
    "Batch",
    "BatchResult",
    "Hit",
    "Run",
    "SaltChanged",
    "VisitBackend",
    "fold",
    "get_backend",
    "reset_backends",
]

_BACKENDS: dict[str, VisitBackend] = {}


def get_backend() -> VisitBackend:
    """The store for the current settings (one instance per Redis URL and prefix, per process)."""
    key = conf().store_key
    backend = _BACKENDS.get(key)
    if backend is None:
        url = getattr(settings, "REDIS_URL", "") or ""
        prefix = settings.VISIT_REDIS_PREFIX
        if url:
            backend = RedisBackend(url, prefix=prefix, timeout=settings.VISIT_REDIS_TIMEOUT)
        else:
            backend = DatabaseBackend()
        _BACKENDS[key] = backend
    return backend


def reset_backends() -> None:
    """Forget every store instance (tests; after changing settings)."""
    for backend in _BACKENDS.values():
        close = getattr(backend, "close", None)
        if close:
            close()
    _BACKENDS.clear()
