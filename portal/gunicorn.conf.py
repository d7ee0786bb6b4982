"""gunicorn settings shared by `make run` and production (override with GUNICORN_* env)."""

import gc
import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("GUNICORN_WORKERS", min(4, multiprocessing.cpu_count() * 2)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = 500
# The app is imported once, in the master, and every worker is forked from it. A worker that
# max_requests recycles then serves at once instead of importing Django and the project again
# (about a second of CPU, during which requests queued behind it: warm p99 0.4–0.65 s against
# 20 ms preloaded, docs/performance.md), and the workers share the imported code's memory.
# The price: new code needs `systemctl restart`, host by host; a HUP renews the workers with
# the code the master holds (docs/deployment.md). GUNICORN_PRELOAD=false imports in each worker.
preload_app = os.environ.get("GUNICORN_PRELOAD", "true").strip().lower() in ("1", "true", "yes", "on")
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None  # empty: no access log (benchmarks)
errorlog = "-"
# The access log carries neither client IP nor User-Agent: the visit counter promises
# that no IP or UA reaches any log line.
access_log_format = '"%(r)s" %(s)s %(b)s %(L)ss'
forwarded_allow_ips = os.environ.get("DJANGO_TRUSTED_PROXIES", "127.0.0.1")
# Request head limits: looser than Django's own (ops.middleware: 8190 bytes for the address and
# for one header field, as nginx's default large_client_header_buffers), so an oversized
# request reaches Django and gets the portal's Vietnamese 414 or 431 page rather than
# gunicorn's English one. A search only reads the first 200 characters of its query.
limit_request_line = 0  # no line limit of gunicorn's own: Django answers 414 past 8190 bytes
limit_request_fields = 100
limit_request_field_size = 65536  # Django answers 431 past 8190; gunicorn only past 64 KB
# gunicorn's control socket (`gunicornc`) is off unless a path is given: by default every instance
# would take the same ~/.gunicorn/gunicorn.ctl, so two hosts on one machine (tests, make bench)
# would take it from each other, and nothing here uses it.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket
# Bodies are bounded by nginx's client_max_body_size and by Django (DATA_UPLOAD_MAX_* settings).


def on_starting(server):
    """In the master, before any worker is forked: compile the crawler list the visit counter
    matches user agents against (~1,500 patterns, ~0.25 s of CPU). Every worker inherits it
    instead of compiling it on its first page view, again after each max_requests restart."""
    import crawleruseragents

    crawleruseragents.is_crawler("")


def pre_fork(server, worker):
    """With the app preloaded, the master hands a worker nothing it may share: any database or
    cache connection the import opened is closed first (each worker opens its own on first
    use), and the imported objects are frozen out of the collector's reach, so that a
    collection in a worker does not write to, and so copy, the pages it shares with the master."""
    if not server.cfg.preload_app:
        return
    from django.core.cache import caches
    from django.db import connections

    connections.close_all()
    caches.close_all()
    gc.freeze()


def post_worker_init(worker):
    """Once Django is loaded, move its tens of thousands of long-lived objects (modules, URL
    patterns, templates, settings) out of the garbage collector's reach: a full collection
    otherwise rescans them all, ~0.1–0.2 s every few thousand requests (measured inside a
    worker; docs/performance.md). Objects created later are collected as usual."""
    gc.freeze()


def worker_exit(server, worker):
    """A worker stopping gracefully sends the visit counts it still holds (stats/buffer.py; the
    same flush is registered with atexit, this makes it explicit and early)."""
    try:
        from stats.api import flush_held_views
    except Exception:  # the app never loaded in this worker
        return
    flush_held_views()
