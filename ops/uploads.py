"""Uploads are stored whole or not at all.

A full disk or a storage error while saving an upload must not leave half of it behind: a row
pointing at a missing file, or files (an original, some renditions) no row points at. Every
place that writes an uploaded file calls `record_written()`; `all_or_nothing()` runs a save in
a transaction and, if anything fails, rolls the rows back and deletes the files written so far.
The admin forms with uploads use `StorageFailureAdminMixin`: the editor gets the form back with
a Vietnamese message (200), never a 500, and the operator gets one log line (mailed to ADMINS).
"""

import contextvars
import errno
import logging
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import router, transaction
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
