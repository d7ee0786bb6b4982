"""A value kept in the shared cache and, until the same deadline, in the worker's own memory
(ops.cache.held_value): read without a round trip, never older than its timeout."""

import datetime

import time_machine
from django.core.cache import caches
from django.utils import timezone

from ops.cache import forget_held, held_value


class Computed:
    def __init__(self):
        self.count = 0

    def __call__(self):
        self.count += 1
        return f"value {self.count}"


def _counting_shared_reads(monkeypatch) -> list[str]:
    reads = []
    shared = caches["default"]
    real_get = shared.get

    def get(key, *args, **kwargs):
        reads.append(key)
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(shared, "get", get)
    return reads


def test_a_worker_reads_the_shared_cache_once_until_the_deadline(monkeypatch):
    compute = Computed()
    reads = _counting_shared_reads(monkeypatch)
    assert held_value("t:numbers", compute, 15) == "value 1"
    for _ in range(5):
        assert held_value("t:numbers", compute, 15) == "value 1"
    assert compute.count == 1
    assert reads == ["t:numbers"]  # the first read missed; the others stayed in the worker


def test_another_worker_takes_the_shared_value_without_computing_it():
    compute = Computed()
    held_value("t:numbers", compute, 15)
    caches["fragments"].clear()  # another worker: nothing in its own memory
    assert held_value("t:numbers", compute, 15) == "value 1"
    assert compute.count == 1


def test_no_copy_outlives_the_timeout():
    compute = Computed()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        held_value("t:numbers", compute, 15)
    with time_machine.travel(start + datetime.timedelta(seconds=14), tick=False):
        assert held_value("t:numbers", compute, 15) == "value 1"
    with time_machine.travel(start + datetime.timedelta(seconds=16), tick=False):
        assert held_value("t:numbers", compute, 15) == "value 2"


def test_a_worker_copy_ends_with_the_shared_deadline_not_its_own_read():
    compute = Computed()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        held_value("t:numbers", compute, 15)
    with time_machine.travel(start + datetime.timedelta(seconds=10), tick=False):
        caches["fragments"].clear()  # this worker reads the value 10 s into its life
        assert held_value("t:numbers", compute, 15) == "value 1"
    with time_machine.travel(start + datetime.timedelta(seconds=16), tick=False):
        assert held_value("t:numbers", compute, 15) == "value 2"  # not kept until 25 s


def test_forgotten_values_are_computed_again():
    compute = Computed()
    held_value("t:numbers", compute, 15)
    forget_held(["t:numbers"])
    assert held_value("t:numbers", compute, 15) == "value 2"


def test_no_timeout_computes_every_time():
    compute = Computed()
    held_value("t:numbers", compute, 0)
    assert held_value("t:numbers", compute, 0) == "value 2"


def test_a_shared_cache_that_fails_computes_instead(monkeypatch):
    compute = Computed()

    def broken(*args, **kwargs):
        raise ConnectionError("down")

    monkeypatch.setattr(caches["default"], "get", broken)
    assert held_value("t:numbers", compute, 15) == "value 1"
    assert held_value("t:numbers", compute, 15) == "value 2"
