"""A value kept in the shared cache and, until the same deadline, in the worker's own memory
(ops.cache.held_value): read without a round trip, never older than its timeout."""

import datetime

import time_machine
from django.core.cache import caches

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


# A fixed moment (23:30 in Vietnam): the answers depend on the seconds since it, not on the hour.
START = datetime.datetime(2030, 5, 1, 23, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))


def _read_at(seconds: float, compute, forget_worker_copy: bool = False) -> str:
    """held_value's answer `seconds` after START, as this worker or as a fresh one."""
    with time_machine.travel(START + datetime.timedelta(seconds=seconds), tick=False):
        if forget_worker_copy:
            caches["fragments"].clear()
        return held_value("t:numbers", compute, 15)


def test_no_copy_outlives_the_timeout():
    compute = Computed()
    assert _read_at(0, compute) == "value 1"
    assert _read_at(14, compute) == "value 1"
    assert _read_at(16, compute) == "value 2"


def test_a_worker_copy_ends_with_the_shared_deadline_not_its_own_read():
    compute = Computed()
    assert _read_at(0, compute) == "value 1"
    assert _read_at(10, compute, forget_worker_copy=True) == "value 1"  # read 10 s into its life
    assert _read_at(16, compute) == "value 2"  # not kept until 25 s


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
