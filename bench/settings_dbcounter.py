"""Bench-only settings: the visit counter in database mode, everything else unchanged.

stats.backends.get_backend() picks the Redis store when settings.REDIS_URL is set. Emptying it
*after* portal.settings has built CACHES keeps the page cache (and every other cache) in Redis,
so the "database mode" figures differ from the Redis-mode ones only by the counter's store.
"""

from portal.settings import *  # noqa: F403

REDIS_URL = ""
