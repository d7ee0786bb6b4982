"""What the storage holds, asked once: the size of a stored file (and an image's width and height),
remembered in the shared cache.

Stored names keep their content (every upload gets a new uuid name, renditions derive from
it), so a size once read holds until the file goes. The one exception, an original finished
by its renditions job (imaging.jobs), has what was remembered of it forgotten by that job.
Asking an object store is a network round trip: a page or a feed must not ask it for every item
on every render. A file found missing is remembered for a few minutes and logged once a day,
and the page goes on without it.

Whether a photo's renditions are stored is asked for every picture on a page (twelve on a news
list), so each worker also keeps the "yes" answers in its own memory ("fragments" cache) for
LOCAL_SECONDS: a shared-cache round trip per card was a sixth of a list page's cost. A stored
name never changes what it holds, so such a copy can only miss a file deleted while a record
still points at it, and for at most that long.
"""

import hashlib
import logging

from django.core.cache import cache, caches
from django.core.files.images import get_image_dimensions
from django.core.files.storage import default_storage

logger = logging.getLogger("imaging.stored")

SIZE_SECONDS = 30 * 24 * 3600
MISSING_SECONDS = 300
MISSING_LOG_SECONDS = 24 * 3600


def _key(kind: str, storage, name: str) -> str:
    digest = hashlib.sha256(f"{type(storage).__name__}:{name}".encode()).hexdigest()[:32]
    return f"stored:{kind}:{digest}"


def stored_size(name: str, storage=None) -> int | None:
    """The size in bytes of the stored file `name`, or None when it is missing or the storage
    does not answer (that failure is not remembered: the next render asks again)."""
    storage = storage or default_storage
    key = _key("size", storage, name)
    size = cache.get(key)
    if size is not None:
        return size if size >= 0 else None
    try:
        size = storage.size(name)
    except FileNotFoundError:
        cache.set(key, -1, MISSING_SECONDS)
        note_missing(name, storage)
        return None
    except OSError as exc:
        logger.warning("storage did not answer for %s: %s", name, exc.strerror or exc)
        return None
    cache.set(key, size, SIZE_SECONDS)
    return size


PENDING_SECONDS = 60
LOCAL_SECONDS = 600


def is_stored(name: str, storage=None) -> bool:
    """Whether the storage holds `name`, for a file that may not be written yet (a photo's
    renditions, made by a background job): "yes" is remembered for long, "not yet" for a
    minute (the job forgets it when it writes the file), and neither is logged as missing.
    A storage that does not answer counts as "not yet"."""
    storage = storage or default_storage
    key = _key("size", storage, name)
    local = caches["fragments"]
    if local.get(key):
        return True
    size = cache.get(key)
    if size is not None and size >= 0:
        local.set(key, True, LOCAL_SECONDS)
        return True
    if cache.get(_key("pending", storage, name)):
        return False
    try:
        size = storage.size(name)
    except OSError:  # FileNotFoundError included
        cache.set(_key("pending", storage, name), 1, PENDING_SECONDS)
        return False
    cache.set(key, size, SIZE_SECONDS)
    local.set(key, True, LOCAL_SECONDS)
    return True


def renditions_ready(name: str, original_width: int | None, storage=None) -> bool:
    """Whether the background job has stored the renditions of the original `name` (it writes
    all or none; the last one it writes stands for all)."""
    from .pipeline import last_rendition

    return bool(original_width) and is_stored(last_rendition(name, original_width), storage)


def shown_name(name: str, original_width: int | None, width: int, ext: str = "jpg", storage=None) -> str:
    """What to show or send where one size is wanted (og:image, feed enclosure, saved page):
    the stored rendition nearest to `width`, or the original itself while its renditions are
    still being made (or their job failed), never a name the storage does not hold."""
    from .pipeline import nearest_rendition

    if not original_width:
        return name
    # The very rendition to be sent is asked about (one question, whose answer the size of a
    # feed's enclosure then reads from the cache), not the set the job writes.
    candidate = nearest_rendition(name, original_width, width, ext)
    return candidate if is_stored(candidate, storage) else name


def forget(name: str, storage=None) -> None:
    """Drop what is remembered of `name` (it has just been written), in the shared cache and in
    this process's memory."""
    storage = storage or default_storage
    keys = [_key(kind, storage, name) for kind in ("size", "pending", "dimensions")]
    cache.delete_many(keys)
    caches["fragments"].delete_many(keys)


def stored_dimensions(name: str, storage=None) -> tuple[int, int] | None:
    """(width, height) of the stored image `name`, for an image field without width and height
    columns; None when it is missing, unreadable or the storage does not answer (then the page
    shows it without the picture, and the next render asks again)."""
    storage = storage or default_storage
    key = _key("dimensions", storage, name)
    known = cache.get(key)
    if known is not None:
        return tuple(known) if known else None
    try:
        with storage.open(name) as stored:
            width, height = get_image_dimensions(stored)
    except FileNotFoundError:
        cache.set(key, (), MISSING_SECONDS)
        note_missing(name, storage)
        return None
    except OSError as exc:
        logger.warning("storage did not answer for %s: %s", name, exc.strerror or exc)
        return None
    if not width or not height:
        cache.set(key, (), MISSING_SECONDS)
        return None
    cache.set(key, (width, height), SIZE_SECONDS)
    return width, height


def note_missing(name: str, storage=None) -> None:
    """Log a stored file that a record points at but the storage lacks: once a day per file,
    across hosts (the shared cache's add is the lock)."""
    if cache.add(_key("missing", storage or default_storage, name), 1, MISSING_LOG_SECONDS):
        logger.warning("stored file missing, shown without it: %s", name)
