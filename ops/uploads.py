"""Uploads are stored whole or not at all.

A full disk or a storage error while saving an upload must not leave half of it behind: a row
pointing at a missing file, or files (an original, some renditions) no row points at. Every
place that writes an uploaded file calls `record_written()`; `all_or_nothing()` runs a save in
a transaction and, if anything fails, rolls the rows back and deletes the files written so far.
The admin forms with uploads use `StorageFailureAdminMixin`: the editor gets the form back with
a Vietnamese message (200), never a 500, and the operator gets one log line (mailed to ADMINS).

Files also leave with their records: deleting a row, or replacing or clearing its file, deletes
the file (and what was made from it, such as renditions) once the transaction commits, through
`delete_after_commit()`. `connect_file_cleanup()` wires that for every FileField of every
installed model, found in the app registry, so a new field is covered without a line here.
See docs/files.md.
"""

import contextlib
import contextvars
import errno
import logging
import os
import tempfile
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from functools import partial

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import models, router, transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.http import HttpRequest, UnreadablePostError

from .security_log import format_fields, request_fields

logger = logging.getLogger("ops.uploads")

STORAGE_FAILURE_MESSAGE = (
    "Không lưu được tệp: ổ đĩa đầy hoặc lỗi lưu trữ. Dữ liệu chưa được lưu, vui lòng thử lại. "
    "Nếu lỗi lặp lại, hãy báo cán bộ kỹ thuật."
)
_STORAGE_FAILED = "_upload_storage_failed"
_written: contextvars.ContextVar[list | None] = contextvars.ContextVar("uploads_written", default=None)


def record_written(storage, name: str) -> None:
    """Note a file just stored, to be deleted if the surrounding all_or_nothing() fails."""
    written = _written.get()
    if written is not None and name:
        written.append((storage, name))


@contextmanager
def removed_if_partial(storage, name: str):
    """Around a write of `name`: if it fails, remove what it left. FileSystemStorage leaves a
    partly written file behind when the disk fills mid-write. A name that already existed
    before the write is never touched (the storage then wrote under another name)."""
    existed = storage.exists(name)
    try:
        yield
    except OSError:
        if not existed:
            try:
                storage.delete(name)
            except OSError:
                logger.error("could not remove the partly written %s: the disk may still be failing", name)
        raise


def replace_stored(storage, name: str, data: bytes) -> None:
    """Write `data` over the stored file `name`, under the same name, whole: a reader gets the
    old bytes or the new ones, never part of either. On a local disk the new bytes are written
    beside the file and renamed over it; an object store replaces a key whole on a PUT."""
    if isinstance(storage, FileSystemStorage):
        path = storage.path(name)
        fd, temporary = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".replacing-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(temporary, storage.file_permissions_mode or 0o644)
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        return
    replace = getattr(storage, "replace", None)  # the object stores' (ops.objectstore)
    if replace is None:
        raise TypeError(f"cannot replace a file in {type(storage).__name__}")
    replace(name, ContentFile(data))


def _remove(written: list) -> None:
    for storage, name in reversed(written):
        try:
            storage.delete(name)
        except OSError as exc:  # the disk may still be failing: say which file stayed
            logger.error("could not remove %s after a failed upload: %s", name, exc.strerror)


@contextmanager
def all_or_nothing(using: str | None = None):
    """Rows saved and files stored inside stay only if the block completes.

    Imprecision tolerated: inside an outer transaction that later rolls back, the files stay
    (that transaction's owner is not told); the admin and the editor upload are not nested.
    """
    outer = _written.get()
    written: list = []
    token = _written.set(written)
    try:
        with transaction.atomic(using=using):
            yield written
    except BaseException:
        _remove(written)
        raise
    finally:
        _written.reset(token)
    if outer is not None:
        outer.extend(written)


def is_storage_failure(exc: BaseException) -> bool:
    """An OSError while saving is the storage's (full, read-only, I/O error), not the
    client's: a body cut off mid-way is UnreadablePostError and handled as a bad request."""
    return isinstance(exc, OSError) and not isinstance(exc, UnreadablePostError)


def log_storage_failure(request: HttpRequest | None, exc: OSError, where: str) -> None:
    code = errno.errorcode.get(exc.errno, exc.errno) if exc.errno else type(exc).__name__
    fields = {
        "event": "upload_storage_failed",
        "where": where,
        "errno": code,
        "error": exc.strerror or str(exc)[:120],  # strerror: no file path
        **request_fields(request),
    }
    logger.error(format_fields(fields), extra={"security_fields": fields})


def with_storage_error(form_class):
    """The form class, refusing with the storage failure message (to show the form again)."""

    class StorageFailedForm(form_class):
        def clean(self):
            cleaned = super().clean()
            self.add_error(None, ValidationError(STORAGE_FAILURE_MESSAGE, code="storage_failed"))
            return cleaned

    StorageFailedForm.__name__ = form_class.__name__
    return StorageFailedForm


class StorageFailureAdminMixin:
    """For ModelAdmins whose forms (or inlines) store files: a storage error while saving rolls
    back every row, deletes the files already written and shows the form again (200) with
    STORAGE_FAILURE_MESSAGE above it; the fields keep what was typed, files must be chosen again.
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        try:
            with all_or_nothing(using=router.db_for_write(self.model)):
                return super().changeform_view(request, object_id, form_url, extra_context)
        except OSError as exc:
            if not is_storage_failure(exc):
                raise
            log_storage_failure(request, exc, where=self.model._meta.label)
        setattr(request, _STORAGE_FAILED, True)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        if getattr(request, _STORAGE_FAILED, False):
            form_class = with_storage_error(form_class)
        return form_class


# --- files follow their records --------------------------------------------------------------
def delete_after_commit(
    storage, names: Iterable[str], *, using: str | None = None, derived: Callable[[str], list] | None = None
) -> None:
    """Delete the stored files `names` once the current transaction commits (at once outside
    a transaction); a rollback keeps them.

    Only through the storage API (`storage.delete`), so it works the same on object storage.
    At commit time a name that a file field of any row still holds, on the same storage, is
    kept: a file shared by two records, or an attachment's replaced file now kept as a version.
    `derived(name)` lists the files made from a name (renditions), deleted with it.
    """
    names = [name for name in dict.fromkeys(names) if name]
    if names:
        job = partial(_delete_unreferenced, storage, names, derived, using)
        transaction.on_commit(job, using=using, robust=True)


def _delete_unreferenced(storage, names: list[str], derived, using) -> None:
    held = still_held(storage, names, using=using)
    for name in names:
        if name in held:
            continue
        try:
            targets = [*(derived(name) if derived else []), name]
            for target in targets:
                storage.delete(target)
        except OSError as exc:  # the storage is failing: say which file stayed
            logger.error("could not delete %s after its record went: %s", name, exc.strerror or exc)


def file_fields(model) -> list:
    """The FileFields (ImageFields included) of `model`'s own table."""
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def still_held(storage, names: list[str], using: str | None = None) -> set[str]:
    """Those of `names` that some row still holds in a file field on `storage` (one query)."""
    held = [
        model._base_manager.using(using)
        .filter(**{f"{field.attname}__in": names})
        .order_by()
        .values_list(field.attname, flat=True)
        for model in apps.get_models()
        if not model._meta.proxy
        for field in file_fields(model)
        if field.model is model and field.storage is storage
    ]
    if not held:
        return set()
    return set(held[0].union(*held[1:], all=True))


def _stored_name(instance, field) -> str:
    value = instance.__dict__.get(field.attname)
    return (getattr(value, "name", value) or "") if value is not None else ""


def _schedule(field, names: list[str], using) -> None:
    delete_after_commit(field.storage, names, using=using, derived=getattr(field, "derived_names", None))


def _note_stored_files(sender, instance, raw=False, using=None, update_fields=None, **kwargs):
    """Before a save: the names the row holds now, to delete those the save replaces."""
    fields = file_fields(sender)
    if update_fields is not None:
        fields = [f for f in fields if f.name in update_fields or f.attname in update_fields]
    if raw or instance.pk is None or not fields:
        return
    row = (
        sender._base_manager.using(using)
        .filter(pk=instance.pk)
        .values_list(*(f.attname for f in fields))
        .first()
    )
    instance._files_before_save = dict(zip((f.attname for f in fields), row or (), strict=False))


def _delete_replaced_files(sender, instance, raw=False, using=None, **kwargs):
    before = instance.__dict__.pop("_files_before_save", None)
    if raw or not before:
        return
    for field in file_fields(sender):
        old = before.get(field.attname)
        if old and old != _stored_name(instance, field):
            _schedule(field, [old], using)


def _load_deferred_files(sender, instance, **kwargs):
    """A row deleted from a queryset that deferred a file field: read the name while it exists."""
    deferred = [f.attname for f in file_fields(sender) if f.attname not in instance.__dict__]
    if deferred and instance.pk is not None:
        instance.refresh_from_db(fields=deferred)


def _delete_files_of_deleted(sender, instance, using=None, **kwargs):
    for field in file_fields(sender):
        name = _stored_name(instance, field)
        if name:
            _schedule(field, [name], using)


def connect_file_cleanup() -> None:
    """Deleting a row, or replacing or clearing its file, deletes the old file after commit:
    for every model with a file field (admin bulk deletes and cascades included)."""
    for model in apps.get_models():
        if not file_fields(model):
            continue
        uid = f"ops.uploads.files.{model._meta.label_lower}"
        pre_save.connect(_note_stored_files, sender=model, dispatch_uid=f"{uid}.pre_save")
        post_save.connect(_delete_replaced_files, sender=model, dispatch_uid=f"{uid}.post_save")
        pre_delete.connect(_load_deferred_files, sender=model, dispatch_uid=f"{uid}.pre_delete")
        post_delete.connect(_delete_files_of_deleted, sender=model, dispatch_uid=f"{uid}.post_delete")
