"""Object storage (S3-compatible: SeaweedFS, MinIO, a cloud bucket) for uploads and document files.

With S3_MEDIA_BUCKET set, the "default" storage (photos and renditions, editor images, logos,
maps) writes to a public-read bucket and the "documents" storage (attachments and their
versions) to a private one, so no app host keeps a file on its own disk. Without it both stay
on the local disk (FileSystemStorage), the embedded default.

Every failure of the object store reaches the caller as an OSError, the same as a full or
failing disk: the upload machinery (ops.uploads) then rolls back, deletes what was written and
answers its Vietnamese message, and page code that already tolerates a missing file tolerates
an unreachable bucket too. A missing object is FileNotFoundError.
"""

from __future__ import annotations

import errno
import functools
import logging

from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from django.core import checks
from django.core.files.storage import storages
from storages.backends.s3 import S3Storage

from .uploads import record_written

logger = logging.getLogger("ops.objectstore")

# Seconds before an unreachable endpoint is a failure: an upload is refused quickly rather than
# holding a worker, and a page that reads a file (a saved article) is not held either.
CLIENT_CONFIG = Config(connect_timeout=3, read_timeout=20, retries={"max_attempts": 2, "mode": "standard"})


class ObjectStoreError(OSError):
    """The object store did not answer, or refused: treated like a failing disk."""


def _as_oserror(exc: Exception, name: str = "") -> OSError:
    if isinstance(exc, ClientError):
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        code = exc.response.get("Error", {}).get("Code", "")
        if status == 404 and code not in {"NoSuchBucket"}:
            return FileNotFoundError(errno.ENOENT, "object not found", name)
        return ObjectStoreError(errno.EIO, f"object storage refused ({code or status})")
    return ObjectStoreError(errno.EIO, f"object storage unreachable ({type(exc).__name__})")


def _translated(method):
    @functools.wraps(method)
    def wrapper(self, name, *args, **kwargs):
        try:
            return method(self, name, *args, **kwargs)
        except (BotoCoreError, ClientError) as exc:
            raise _as_oserror(exc, str(name)) from exc

    return wrapper


class _ObjectStorage(S3Storage):
    """S3Storage whose errors are OSErrors; names are never overwritten (uploads get uuid names)."""

    file_overwrite = False

    def get_default_settings(self):
        return {**super().get_default_settings(), "client_config": CLIENT_CONFIG}

    _open = _translated(S3Storage._open)
    _save = _translated(S3Storage._save)
    delete = _translated(S3Storage.delete)
    exists = _translated(S3Storage.exists)
    size = _translated(S3Storage.size)
    listdir = _translated(S3Storage.listdir)
    get_modified_time = _translated(S3Storage.get_modified_time)

    def get_available_name(self, name, max_length=None):
        try:
            return super().get_available_name(name, max_length)
        except (BotoCoreError, ClientError) as exc:
            raise _as_oserror(exc, name) from exc

    def replace(self, name: str, content) -> None:
        """Write `content` over the object `name`, under the same key (save() would choose a free
        one): one PUT, which replaces the object whole (ops.uploads.replace_stored)."""
        self._save(name, content)


class PublicMediaStorage(_ObjectStorage):
    """Uploads shown on public pages: a bucket anyone may read, plain (unsigned) URLs on the
    bucket's address or the CDN host in S3_MEDIA_URL."""

    querystring_auth = False


class PrivateDocumentStorage(_ObjectStorage):
    """Document attachments: a bucket nobody reads without the keys. Only the download view hands
    the bytes out (it checks publication and counts the download), streaming them through the app."""

    querystring_auth = True
    default_acl = "private"

    def save(self, name, content, max_length=None):
        name = super().save(name, content, max_length=max_length)
        record_written(self, name)  # deleted again if the save around it fails
        return name

    def stream(self, name: str):
        """(a readable body, its length): the object's bytes as they arrive, for the download view to
        pass on without holding the whole file in memory or on disk."""
        try:
            answer = self.connection.meta.client.get_object(
                Bucket=self.bucket_name, Key=self._normalize_name(name)
            )
        except (BotoCoreError, ClientError) as exc:
            raise _as_oserror(exc, name) from exc
        return answer["Body"], answer["ContentLength"]

    def url(self, name, *args, **kwargs):
        raise NotImplementedError("Attachments have no public media URL; use Attachment.get_absolute_url().")


def object_storages() -> dict[str, _ObjectStorage]:
    """The configured storages (alias → storage) that live in a bucket."""
    from django.conf import settings

    return {
        alias: storages[alias]
        for alias, config in settings.STORAGES.items()
        if config.get("BACKEND", "").startswith(__name__ + ".")
    }


def is_object_storage(storage) -> bool:
    return isinstance(storage, S3Storage)


# --- startup check ----------------------------------------------------------------------------
_BUCKET_SETTING = {"default": "S3_MEDIA_BUCKET", "documents": "S3_DOCUMENTS_BUCKET"}


@checks.register(checks.Tags.files)
def check_buckets(app_configs=None, **kwargs):
    """Each bucket answers with the configured endpoint and keys (`manage.py check`, startup)."""
    errors = []
    for alias, storage in object_storages().items():
        setting = _BUCKET_SETTING.get(alias, "S3_MEDIA_BUCKET")
        try:
            storage.connection.meta.client.head_bucket(Bucket=storage.bucket_name)
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
            if status == 404 or code in {"NoSuchBucket", "404"}:
                hint = f"Tạo bucket {storage.bucket_name!r} hoặc sửa {setting}."
                where = storage.endpoint_url or "S3"
                msg = f"{setting}={storage.bucket_name!r}: không có bucket này trên {where}."
            else:
                hint = "Kiểm tra S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY và quyền của khóa trên bucket."
                msg = f"{setting}={storage.bucket_name!r}: máy chủ lưu trữ từ chối ({code or status})."
            errors.append(checks.Error(msg, hint=hint, id="ops.E301"))
        except (BotoCoreError, ValueError) as exc:
            errors.append(
                checks.Error(
                    f"S3_ENDPOINT_URL={storage.endpoint_url!r}: không kết nối được máy chủ lưu trữ "
                    f"({type(exc).__name__}).",
                    hint="Kiểm tra địa chỉ, cổng và giao thức (http/https) của S3_ENDPOINT_URL.",
                    id="ops.E302",
                )
            )
    return errors
