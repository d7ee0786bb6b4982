"""gunicorn settings shared by `make run` and production (override with GUNICORN_* env)."""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("GUNICORN_WORKERS", min(4, multiprocessing.cpu_count() * 2)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = 500
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None  # empty: no access log (benchmarks)
errorlog = "-"
# The access log carries neither client IP nor User-Agent: the visit counter promises
# that no IP or UA reaches any log line.
access_log_format = '"%(r)s" %(s)s %(b)s %(L)ss'
forwarded_allow_ips = os.environ.get("DJANGO_TRUSTED_PROXIES", "127.0.0.1")
# Request head limits, matched to nginx's default large_client_header_buffers (4 × 8 KB) so
# whatever nginx lets through reaches Django rather than gunicorn's English error page. A
# search only reads the first 200 characters of its query however long the address is.
limit_request_line = 8190  # gunicorn's maximum; its default (4094) is below nginx's
limit_request_fields = 100
limit_request_field_size = 8190
# Bodies are bounded by nginx's client_max_body_size and by Django (DATA_UPLOAD_MAX_* settings).
