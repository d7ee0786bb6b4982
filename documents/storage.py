"""Where attachment files live: the "documents" storage (settings.STORAGES), a private bucket
when object storage is configured (ops/objectstore.py), else a private folder outside MEDIA_ROOT.

MEDIA_ROOT is served as-is by nginx (or by the embedded media view), so a file placed there
would be downloadable even while its document is unpublished. Attachments go to
DOCUMENT_FILES_ROOT instead (default: a `documents` folder beside MEDIA_ROOT) and only
`documents.views.download` hands them out. Each committee's files lie under its site's folder
(sites/<id>/), as its public uploads do under MEDIA_ROOT.
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.functional import LazyObject, empty

from network.api import site_prefix
from ops.uploads import record_written, removed_if_partial


def files_root() -> Path:
    configured = getattr(settings, "DOCUMENT_FILES_ROOT", "")
    if configured:
        return Path(configured)
    return Path(settings.MEDIA_ROOT).resolve().parent / "documents"


@deconstructible
class LocalDocumentStorage(FileSystemStorage):
    """File system storage whose root follows the settings at call time (tests change them)."""

    def __init__(self):
        super().__init__()

    @property
    def base_location(self):
        return str(files_root())

    @property
    def location(self):
        return str(files_root().resolve())

    def save(self, name, content, max_length=None):
        with removed_if_partial(self, name):  # a full disk leaves a partly written file
            name = super().save(name, content, max_length=max_length)
        record_written(self, name)  # deleted again if the save around it fails
        return name

    def url(self, name):
        raise NotImplementedError("Attachments have no public media URL; use Attachment.get_absolute_url().")


class DocumentStorage(LazyObject):
    """The attachment fields' storage: whatever settings.STORAGES["documents"] names, looked up
    on first use (and again after a test changes STORAGES), as Django's default_storage does.
    Migrations record it by this name whichever backend is configured."""

    def _setup(self):
        self._wrapped = storages["documents"]

    def deconstruct(self):
        return ("documents.storage.DocumentStorage", (), {})


document_storage = DocumentStorage()


def _storages_changed(*, setting, **kwargs):
    if setting == "STORAGES":
        document_storage._wrapped = empty


setting_changed.connect(_storages_changed, dispatch_uid="documents.storage.storages_changed")


def attachment_upload_to(instance, filename: str) -> str:
    """A generated name under the site's folder: "sites/3/2026/11/<32 hex>.pdf". The user's name
    is never used on disk; the extension comes from the detected kind, not from what the name
    claimed. The site is the document's (an attachment belongs to its document's site)."""
    kind = getattr(instance, "kind", "") or "bin"
    site_id = getattr(instance, "site_id", None)
    document = getattr(instance, "document", None) if getattr(instance, "document_id", None) else None
    if document is not None and document.site_id is not None:
        site_id = document.site_id
    return f"{site_prefix(site_id)}{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}.{kind}"
