"""One round trip for several keys of the Redis caches (ops.cache.get_across)."""

import uuid

from django.core.cache.backends.locmem import LocMemCache

from ops.cache import ResilientRedisCache, get_across
from tests.conftest import redis_url_or_skip


def _pair(url: str):
    prefix = f"t-{uuid.uuid4().hex[:8]}"
    return (
        ResilientRedisCache(url, {"KEY_PREFIX": f"{prefix}:pages"}),
        ResilientRedisCache(url, {"KEY_PREFIX": f"{prefix}:state"}),
    )


def test_values_of_two_redis_caches_come_back_in_one_pipeline(monkeypatch):
    pages, state = _pair(redis_url_or_skip())
    state.set("version", 41)
    pages.set("page", ("v41", b"<html>"))
    calls = []
    client = pages._cache.get_client(None)
    real_pipeline = type(client).pipeline

    def counting_pipeline(self, *args, **kwargs):
        calls.append(1)
        return real_pipeline(self, *args, **kwargs)

    monkeypatch.setattr(type(client), "pipeline", counting_pipeline)
    try:
        assert get_across([(state, "version"), (pages, "page"), (pages, "missing")]) == [
            41,
            ("v41", b"<html>"),
            None,
        ]
        assert len(calls) == 1
    finally:
        monkeypatch.undo()
        pages.delete("page")
        state.delete("version")


def test_an_unreachable_redis_reads_as_all_missing():
    pages, state = _pair("redis://127.0.0.1:1/0")  # nothing listens on port 1
    assert get_across([(state, "version"), (pages, "page")]) == [None, None]


def test_other_caches_are_read_one_by_one():
    one = LocMemCache("one", {})
    two = LocMemCache("two", {})
    one.set("a", 1)
    two.set("b", 2)
    assert get_across([(one, "a"), (two, "b"), (two, "c")]) == [1, 2, None]
