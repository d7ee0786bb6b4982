import uuid

import pytest

from stats import failures
from stats.backends import database, get_backend, reset_backends
from tests.conftest import redis_url_or_skip


@pytest.fixture(autouse=True)
def _fresh_counter(settings):
    """Every test starts with the database store, no cached store clients and fresh drop logs."""
    settings.REDIS_URL = ""
    settings.VISIT_COUNTER_ENABLED = True
    settings.TRUSTED_PROXIES = []
    reset_backends()
    failures.dropped.reset()
    failures.unreadable.reset()
    database._FIELD_CACHE.clear()
    yield
    reset_backends()


@pytest.fixture
def redis_store(settings):
    """The Redis store on a test database (15 by default), under a key prefix of its own.

    Only that prefix is ever deleted: never FLUSHDB or FLUSHALL on a shared server.
    """
    url = redis_url_or_skip()
    settings.REDIS_URL = url
    settings.VISIT_REDIS_PREFIX = f"test-vc-{uuid.uuid4().hex[:12]}:"
    reset_backends()
    backend = get_backend()
    yield backend
    backend.delete_all()
    reset_backends()


@pytest.fixture(params=["database", "redis"])
def store(request, db):
    """Runs a test on both stores (the Redis one skips with a reason when no server answers)."""
    if request.param == "redis":
        return request.getfixturevalue("redis_store")
    return get_backend()


@pytest.fixture
def countable_model(db):
    """A throwaway model with view_count/download_count and a published() queryset.

    The news and documents models are built elsewhere; stats.api codes against any model with
    these fields, so the tests use one of their own. Registered for the test only (and its table
    lives in the test transaction), so no migration ever sees it.
    """
    from django.apps import apps
    from django.db import connection, models

    class CountableQuerySet(models.QuerySet):
        def published(self):
            return self.filter(is_public=True)

    class Countable(models.Model):
        title = models.CharField(max_length=100)
        is_public = models.BooleanField(default=True)
        view_count = models.PositiveIntegerField(default=0)
        download_count = models.PositiveIntegerField(default=0)

        objects = CountableQuerySet.as_manager()

        class Meta:
            app_label = "stats"
            db_table = "test_stats_countable"

        def __str__(self):
            return self.title

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE test_stats_countable (id INTEGER PRIMARY KEY, title VARCHAR(100) NOT NULL, "
            "is_public BOOLEAN NOT NULL, view_count INTEGER NOT NULL, download_count INTEGER NOT NULL)"
        )
    yield Countable
    apps.all_models["stats"].pop("countable", None)
    apps.clear_cache()
    database._FIELD_CACHE.clear()
