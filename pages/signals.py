"""Writes to the site identity, the menu and the links empty the named keys that keep them,
however the write was made.

Receivers of post_save, post_delete and content_updated (QuerySet.update()), so a bulk delete
in the admin, a cascade or a queryset delete invalidates exactly like a single save. Each key
is emptied at once and again when the transaction commits. The whole-page cache follows the
same writes on its own (pagecache.signals).
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from pagecache.api import content_updated, now_and_on_commit

from .models import NAVIGATION_CACHE_KEY, SITE_SETTINGS_CACHE_KEY, MenuItem, SiteSettings, WebLink

# Models whose rows are kept in a named key besides the page cache.
_KEYS = {SiteSettings: SITE_SETTINGS_CACHE_KEY, MenuItem: NAVIGATION_CACHE_KEY, WebLink: NAVIGATION_CACHE_KEY}


def _drop_key(key: str):
    return lambda: cache.delete(key)


def _on_write(sender, using=None, **kwargs):
    key = _KEYS.get(sender)
    if key is not None:
        now_and_on_commit(_drop_key(key), using)


def connect() -> None:
    post_save.connect(_on_write, dispatch_uid="pages.caches.save")
    post_delete.connect(_on_write, dispatch_uid="pages.caches.delete")
    content_updated.connect(_on_write, dispatch_uid="pages.caches.update")
