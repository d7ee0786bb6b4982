#!/usr/bin/env python
"""`make bench-filecache`: the file cache (no Redis) under 3,000 distinct page writes.

Django's FileBasedCache with its defaults (300 entries, a random third culled, the folder
listed on every write) is the baseline; ops.cache.BoundedFileCache as settings.FILE_CACHES
configures it is measured against it in the same run, on the same disk, with the same
30 KB pages. Reported: pages still held, median and slowest write, and their ratios.
"""

import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.test_settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache.backends.filebased import FileBasedCache  # noqa: E402

from ops.cache import BoundedFileCache  # noqa: E402

WRITES = 3000
PAGE = os.urandom(15_000).hex().encode()  # ~30 KB, about a compressed article page


def measure(cache) -> dict:
    times = []
    for n in range(WRITES):
        started = time.perf_counter()
        cache.set(f"page:{n}", PAGE, 600)
        times.append(time.perf_counter() - started)
    held = len(cache._list_cache_files())
    return {"held": held, "median_ms": statistics.median(times) * 1000, "max_ms": max(times) * 1000}


def main() -> None:
    options = settings.FILE_CACHES["default"]["OPTIONS"]
    with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
        baseline = measure(FileBasedCache(a, {}))
        bounded = measure(BoundedFileCache(b, {"OPTIONS": options}))
    lines = [
        f"{WRITES} distinct page writes of {len(PAGE) // 1000} KB",
        "| cache | pages held | median write | slowest write |",
        "|---|---|---|---|",
    ]
    for name, r in (("Django FileBasedCache (defaults)", baseline), ("BoundedFileCache", bounded)):
        lines.append(f"| {name} | {r['held']} | {r['median_ms']:.2f} ms | {r['max_ms']:.1f} ms |")
    lines.append(
        f"ratios (bounded / baseline): median {bounded['median_ms'] / baseline['median_ms']:.2f}, "
        f"slowest {bounded['max_ms'] / baseline['max_ms']:.2f}"
    )
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
