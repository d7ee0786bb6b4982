"""The cached filter choices and "Văn bản mới" block follow every write to the rows they show,
including the admin's bulk delete and QuerySet.update() (see pagecache.signals for why signals)."""

from django.db.models.signals import post_delete, post_save

from pagecache.api import content_updated, now_and_on_commit

from .models import Document, DocumentType, Field, IssuingBody, Term, invalidate_caches

SHOWN_IN_CACHED_BLOCKS = (Document, DocumentType, IssuingBody, Field, Term)


def _on_write(sender, using=None, **kwargs):
    now_and_on_commit(invalidate_caches, using)


def connect() -> None:
    for model in SHOWN_IN_CACHED_BLOCKS:
        uid = f"documents.caches.{model._meta.model_name}"
        post_save.connect(_on_write, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(_on_write, sender=model, dispatch_uid=f"{uid}.delete")
        content_updated.connect(_on_write, sender=model, dispatch_uid=f"{uid}.update")
