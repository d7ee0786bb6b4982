"""Reads from a PostgreSQL streaming replica, writes to the primary.

With a replica configured (DATABASE_REPLICA_URL, alias ``replica``):

- an anonymous GET or HEAD request (no session cookie: staff and anyone logged in have one)
  reads from the replica; everything else, and every command or job, uses the primary;
- a request that writes reads from the primary from its first write on, and a request that may
  change something (any method but GET, HEAD, OPTIONS) leaves a signed cookie that sends that
  browser's reads to the primary for DATABASE_READ_YOUR_WRITES_SECONDS: nobody sees their own
  edit disappear while the replica catches up, even after logging out. A cookie, not the
  session: the choice is made before the first query (the session is itself read from the
  database, later in the request) and anonymous writers have no session; it is signed so that
  nobody can pin every read of their crawler on the primary;
- the replica is left aside while it is unreachable or its replay is further behind than
  DATABASE_REPLICA_MAX_LAG_SECONDS (pg_last_xact_replay_timestamp() on the replica), checked at
  most every DATABASE_REPLICA_CHECK_SECONDS per process;
- a reading request whose replica query fails midway (the replica stopped or restarted under
  it) is answered again from the primary, once, instead of with an error page: a GET or HEAD
  changes nothing, so running its view a second time is safe;
- migrations run on the primary only.

Without a replica neither the router nor the middleware is installed: one database, as before.
"""

import contextlib
import contextvars
import logging
import threading
import time

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

REPLICA = "replica"
PRIMARY_COOKIE = "db_primary"
_COOKIE_SALT = "ops.dbrouting.read-your-writes"
_READ_ONLY_METHODS = {"GET", "HEAD", "OPTIONS"}

logger = logging.getLogger(__name__)


class _Route:
    """Where the current request reads: the replica until it writes or the replica fails."""

    __slots__ = ("replica",)

    def __init__(self, replica: bool):
        self.replica = replica


_route: contextvars.ContextVar[_Route | None] = contextvars.ContextVar("db_route", default=None)

# The replica's state in this process: (checked at, usable).
_health_lock = threading.Lock()
_health: tuple[float, bool] = (float("-inf"), False)

# Seconds the replica's replay is behind; 0 when it has replayed all it received (an idle
# primary sends nothing, and the last replayed transaction then grows old without any lag).
LAG_SQL = """
SELECT CASE
    WHEN NOT pg_is_in_recovery() THEN NULL
    WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
    ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())
END
"""


def replica_lag() -> float | None:
    """The replica's replay lag in seconds; None when it is not a replica or never replayed."""
    with connections[REPLICA].cursor() as cursor:
        cursor.execute(LAG_SQL)
        (lag,) = cursor.fetchone()
    return None if lag is None else float(lag)


def _check_replica() -> bool:
    try:
        lag = replica_lag()
    except DatabaseError as exc:
        connections[REPLICA].close()
        logger.warning("Replica unreachable, reading from the primary: %s", exc)
        return False
    if lag is None or lag > settings.DATABASE_REPLICA_MAX_LAG_SECONDS:
        logger.warning(
            "Replica lags %s s (limit %s s), reading from the primary",
            "an unknown number of" if lag is None else f"{lag:.1f}",
            settings.DATABASE_REPLICA_MAX_LAG_SECONDS,
        )
        return False
    return True


def replica_usable() -> bool:
    """Whether reads may go to the replica now (cached per process for a few seconds)."""
    global _health
    checked, usable = _health
    if time.monotonic() - checked < settings.DATABASE_REPLICA_CHECK_SECONDS:
        return usable
    with _health_lock:
        checked, usable = _health
        if time.monotonic() - checked >= settings.DATABASE_REPLICA_CHECK_SECONDS:
            usable = _check_replica()
            _health = (time.monotonic(), usable)
    return usable


def mark_replica_down() -> None:
    global _health
    _health = (time.monotonic(), False)


def forget_replica_health() -> None:
    """The next read checks the replica again (tests, and a process that just started)."""
    global _health
    _health = (float("-inf"), False)


def _connected_replica() -> bool:
    """The replica's connection for this thread works: a persistent connection broken since
    the last request is dropped and opened again (CONN_HEALTH_CHECKS), and a refused one
    leaves the replica aside until the next check."""
    connection = connections[REPLICA]
    try:
        connection.close_if_health_check_failed()
        connection.ensure_connection()
    except DatabaseError as exc:
        logger.warning("Replica connection failed, reading from the primary: %s", exc)
        mark_replica_down()
        return False
    return True


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        route = _route.get()
        if route is None or not route.replica:
            return DEFAULT_DB_ALIAS
        # Inside a transaction on the primary, reads see what it wrote so far.
        if connections[DEFAULT_DB_ALIAS].in_atomic_block or not replica_usable():
            return DEFAULT_DB_ALIAS
        if not _connected_replica():
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model, **hints):
        route = _route.get()
        if route is not None:
            route.replica = False  # the rest of the request reads what it wrote
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # One database, two copies of it.
        return obj1._state.db in {DEFAULT_DB_ALIAS, REPLICA} and obj2._state.db in {
            DEFAULT_DB_ALIAS,
            REPLICA,
        }

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


def _reads_from_replica(request) -> bool:
    if request.method not in {"GET", "HEAD"}:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    wrote_recently = request.get_signed_cookie(
        PRIMARY_COOKIE,
        default=None,
        salt=_COOKIE_SALT,
        max_age=settings.DATABASE_READ_YOUR_WRITES_SECONDS,
    )
    return wrote_recently is None


class ReplicaReadsMiddleware:
    """Chooses the database the request reads from, before its first query, and answers from
    the primary a reading request that the replica failed midway."""

    def __init__(self, get_response):
        if REPLICA not in settings.DATABASES:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        token = _route.set(_Route(_reads_from_replica(request)))
        try:
            response = self.get_response(request)
        finally:
            _route.reset(token)
        if request.method not in _READ_ONLY_METHODS:
            response.set_signed_cookie(
                PRIMARY_COOKIE,
                "1",
                salt=_COOKIE_SALT,
                max_age=settings.DATABASE_READ_YOUR_WRITES_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def process_exception(self, request, exception):
        route = _route.get()
        if not (
            isinstance(exception, DatabaseError)
            and route is not None
            and route.replica
            and request.method in {"GET", "HEAD"}
            and request.resolver_match is not None
            and not getattr(request, "_replica_retried", False)
        ):
            return None
        logger.warning("Replica failed during a request, answering it from the primary: %s", exception)
        mark_replica_down()
        with contextlib.suppress(DatabaseError):
            connections[REPLICA].close()
        route.replica = False
        request._replica_retried = True
        match = request.resolver_match
        return match.func(request, *match.args, **match.kwargs)
