"""Every write to public content bumps the content version, however the write was made.

Receivers of post_save, post_delete, m2m_changed and content_updated (QuerySet.update()), so a
bulk delete in the admin, a cascade or a queryset delete invalidates exactly like a single
save. The version is bumped at once and again when the transaction commits.

The content apps are named by their app label, not imported: the page cache is a service the
content apps build on, so it listens to every model and keeps the writes to theirs.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from .cache import bump_content_version, now_and_on_commit
from .querysets import content_updated

# Labels of the apps whose rows public pages show.
CONTENT_APPS = {"news", "documents", "committee", "pages", "notices"}


def _sites_of(instance=None, site_ids=None):
    """The sites a write touched: the row's own, those an update named, or (unknown) all."""
    if site_ids is not None:
        return set(site_ids)
    site_id = getattr(instance, "site_id", None)
    return {site_id} if site_id is not None else None


def _bump_for(sites, using):
    now_and_on_commit(lambda: bump_content_version(sites), using)


def _on_write(sender, using=None, instance=None, site_ids=None, **kwargs):
    if sender._meta.app_label in CONTENT_APPS:
        _bump_for(_sites_of(instance, site_ids), using)


def _on_m2m(sender, instance, action, using=None, **kwargs):
    if action.startswith("post_") and instance._meta.app_label in CONTENT_APPS:
        _bump_for(_sites_of(instance), using)


def connect() -> None:
    post_save.connect(_on_write, dispatch_uid="pagecache.content.save")
    post_delete.connect(_on_write, dispatch_uid="pagecache.content.delete")
    content_updated.connect(_on_write, dispatch_uid="pagecache.content.update")
    m2m_changed.connect(_on_m2m, dispatch_uid="pagecache.content.m2m")
