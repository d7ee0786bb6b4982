"""Writes to public content empty the caches that show it, however the write was made.

Receivers of post_save, post_delete, m2m_changed and content_updated (QuerySet.update()), so a
bulk delete in the admin, a cascade or a queryset delete invalidates exactly like a single
save. Each cache is emptied at once and again when the transaction commits.
"""

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

from .models import NAVIGATION_CACHE_KEY, SITE_SETTINGS_CACHE_KEY, MenuItem, SiteSettings, WebLink
from .pagecache import CONTENT_APPS, bump_content_version, content_updated, now_and_on_commit

# Models whose rows are kept in a named key besides the page cache.
_KEYS = {SiteSettings: SITE_SETTINGS_CACHE_KEY, MenuItem: NAVIGATION_CACHE_KEY, WebLink: NAVIGATION_CACHE_KEY}


def _drop_key(key: str):
    return lambda: cache.delete(key)


def _on_write(sender, using=None, **kwargs):
    if sender._meta.app_label in CONTENT_APPS:
        now_and_on_commit(bump_content_version, using)
    key = _KEYS.get(sender)
    if key is not None:
        now_and_on_commit(_drop_key(key), using)


def _on_m2m(sender, instance, action, using=None, **kwargs):
    if action.startswith("post_") and instance._meta.app_label in CONTENT_APPS:
        now_and_on_commit(bump_content_version, using)


def connect() -> None:
    post_save.connect(_on_write, dispatch_uid="pages.caches.save")
    post_delete.connect(_on_write, dispatch_uid="pages.caches.delete")
    content_updated.connect(_on_write, dispatch_uid="pages.caches.update")
    m2m_changed.connect(_on_m2m, dispatch_uid="pages.caches.m2m")
