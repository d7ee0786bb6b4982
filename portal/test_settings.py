"""Settings for the test suite: production settings with fast, isolated parts swapped in."""

import os
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-key-Vx7Qm2Rk9Lp4Zs1Nw8Jd3Hc6Bt5Fg0Ya-not-secret")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DJANGO_HTTPS", "false")

from portal.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
    "state": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "state"},
    "fragments": FRAGMENT_CACHE,  # noqa: F405
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "documents": {"BACKEND": "documents.storage.LocalDocumentStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = tempfile.mkdtemp(prefix="bcd35-test-media-")
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
SERVE_MEDIA = True
# Tests that exercise the page cache turn it on themselves.
PAGE_CACHE_SECONDS = 0
# Each counted view reaches the store before the response returns, so a test can read the
# count at once; tests/stats/test_buffer.py covers the buffered path that production uses.
VISIT_BUFFER_SECONDS = 0
# Jobs run at once in the test's own process and transaction, so a test sees their effect
# without a worker; tests/jobs runs them through the database backend and its worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
JOBS_RETRY_BASE_SECONDS = 0
