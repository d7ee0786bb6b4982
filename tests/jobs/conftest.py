import signal
from unittest import mock

import pytest
from django.core.management import call_command

from tests.news.conftest import category  # noqa: F401 (the news category fixture)

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def database_jobs(settings, db):
    """Jobs go through django-tasks-db as in production: enqueued as rows, run by the worker."""
    settings.TASKS = DATABASE_TASKS
    settings.JOBS_MAX_ATTEMPTS = 3
    settings.JOBS_RETRY_BASE_SECONDS = 0  # a retry is due at once, so one batch runs it too


def run_worker() -> None:
    """`manage.py db_worker --batch`: run every due job, then return. The worker installs its
    own SIGINT/SIGTERM handlers; the test process gets its own back. Between jobs the worker
    closes a connection left in a transaction (as Django does after a request): the test's own
    transaction must stay open, so that check is off here, as Django's test client turns it
    off for requests."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
            call_command(
                "db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval=0", verbosity=0
            )
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


from tests.documents.conftest import lookups, make_document  # noqa: E402,F401 (fixtures)
from tests.questions.conftest import topic  # noqa: E402,F401 (a fixture)
