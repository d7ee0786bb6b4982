"""Whole-site backups: the database, the media folder and the private documents folder in one
timestamped ``.tar.gz`` with a manifest of SHA-256 checksums.

Archive layout (every member is a regular file; nothing else is ever written or read)::

    manifest.json          format, creation time, database vendor, sha256 + size of each member
    database.pgdump        PostgreSQL: pg_dump --format=custom   (or)
    database.sqlite3       SQLite: a copy made with the sqlite3 backup API
    media/<path>           every file under MEDIA_ROOT, or every object of the media bucket
    documents/<path>       every file under the documents root (the "documents" storage), or
                           every object of the private documents bucket

With object storage configured (ops/objectstore.py) the buckets' objects are downloaded into the
archive under the same names, and a restore uploads them into the (empty) buckets: one archive
holds the whole site whichever storage it ran on, and restores onto either.

The per-visitor tables (the daily salt and the salted presence keys, see stats/models.py) are
left out: a backup holding both would let someone test guessed IP/browser pairs. On
PostgreSQL pg_dump skips their data; on SQLite their rows are deleted in the copy and the copy
is VACUUMed so the deleted bytes do not linger in free pages.

Restore verifies the whole archive (names, types, checksums, nothing missing or extra) before
it touches anything.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.files.storage import storages
from django.db import connection
from django.utils import timezone

from .objectstore import is_object_storage

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
PG_DUMP_MEMBER = "database.pgdump"
SQLITE_MEMBER = "database.sqlite3"
MEDIA_PREFIX = "media"
DOCUMENTS_PREFIX = "documents"
ARCHIVE_PATTERN = "bcd35-backup-{stamp}.tar.gz"
# Models whose rows never leave the server (see stats/models.py).
EXCLUDED_MODELS = ("stats.VisitSalt", "stats.VisitorPresence")
# Rows a person made (not the ones migrations seed): their presence means "not empty".
CONTENT_MODELS = (
    "auth.User",
    "news.Article",
    "news.Category",
    "committee.Person",
    "committee.Unit",
    "documents.Document",
    "pages.Page",
    "stats.DailyVisits",
)
_CHUNK = 1024 * 1024
_SAFE_PART = re.compile(r"^[^\x00-\x1f\x7f/\\]+$")


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is shown to the operator."""


@dataclass
class BackupResult:
    path: Path
    members: int
    size: int


def excluded_tables() -> list[str]:
    return [apps.get_model(label)._meta.db_table for label in EXCLUDED_MODELS]


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def documents_root() -> Path:
    """The private files' folder: wherever the "documents" storage (settings.STORAGES) keeps them."""
    return Path(storages["documents"].location)


def bucket_of(alias: str):
    """The "default" or "documents" storage when it is a bucket, else None (a local folder)."""
    storage = storages[alias]
    return storage if is_object_storage(storage) else None


def _trees() -> list[tuple[str, str]]:
    """(archive prefix, storage alias) of the stored files."""
    return [(MEDIA_PREFIX, "default"), (DOCUMENTS_PREFIX, "documents")]


def _root(alias: str) -> Path:
    return media_root() if alias == "default" else documents_root()


def _bucket_keys(storage) -> list[str]:
    try:
        keys = sorted(obj.key for obj in storage.bucket.objects.all())
    except OSError as exc:
        raise BackupError(f"Không đọc được bucket {storage.bucket_name}: {exc}") from None
    except Exception as exc:  # botocore's errors: the bucket or its endpoint does not answer
        raise BackupError(
            f"Không đọc được bucket {storage.bucket_name}: {type(exc).__name__}: {exc}"
        ) from None
    return [key for key in keys if not key.endswith("/")]


def _stored_files(alias: str, workdir: Path) -> Iterator[tuple[Path, str]]:
    """(local path, name) of every stored file: walked in the folder, or downloaded one at a time
    from the bucket into `workdir` (each removed once the caller has moved on)."""
    storage = bucket_of(alias)
    if storage is None:
        yield from _walk_files(_root(alias))
        return
    for key in _bucket_keys(storage):
        if not _safe_member_name(key):
            raise BackupError(f"Tên đối tượng không hợp lệ trong bucket {storage.bucket_name}: {key!r}.")
        target = workdir / "objects" / alias / key
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            storage.bucket.download_file(key, str(target))
        except Exception as exc:
            raise BackupError(f"Không tải được {key} từ bucket {storage.bucket_name}: {exc}") from None
        yield target, key
        target.unlink()


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _walk_files(root: Path) -> Iterator[tuple[Path, str]]:
    """(absolute path, posix path relative to root) of every regular file, sorted; symlinks are
    skipped (a link could point anywhere on the server)."""
    if not root.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if path.is_symlink() or not path.is_file():
                continue
            yield path, path.relative_to(root).as_posix()


# --- database dumps ---------------------------------------------------------------------------
def _pg_env_and_args(settings_dict: dict) -> tuple[dict, list[str]]:
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    args = []
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    args += ["--dbname", str(settings_dict["NAME"])]
    return env, ["--no-password", *args]


def _run(command: list[str], env: dict) -> None:
    try:
        completed = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise BackupError(
            f"Không tìm thấy lệnh {command[0]} (cài gói postgresql-client cùng phiên bản máy chủ)."
        ) from None
    if completed.returncode != 0:
        raise BackupError(f"{command[0]} thất bại (mã {completed.returncode}): {completed.stderr.strip()}")


def dump_database(target: Path) -> str:
    """Write the database into `target`; return the archive member name it belongs under."""
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        env, args = _pg_env_and_args(connection.settings_dict)
        excludes = [f"--exclude-table-data={table}" for table in excluded_tables()]
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                *excludes,
                "--file",
                str(target),
                *args,
            ],
            env,
        )
        return PG_DUMP_MEMBER
    if connection.vendor == "sqlite":
        copy = sqlite3.connect(target)
        try:
            # The backup API copies a consistent snapshot, WAL included, even while others write.
            connection.connection.backup(copy)
            for table in excluded_tables():
                copy.execute(f'DELETE FROM "{table}"')  # noqa: S608 (names from our own models)
            copy.commit()
            copy.execute("PRAGMA journal_mode=DELETE")
            copy.execute("VACUUM")  # the deleted salts must not survive in free pages
        finally:
            copy.close()
        return SQLITE_MEMBER
    raise BackupError(f"Không hỗ trợ sao lưu cơ sở dữ liệu {connection.vendor}.")


# --- backup -----------------------------------------------------------------------------------
def create_backup(output_dir: Path, *, now=None) -> BackupResult:
    """Write a new archive into `output_dir` (created if needed). Atomic: the archive appears
    under its final name only when complete."""
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime(now or timezone.now()).strftime("%Y%m%d-%H%M%S")
    final = output_dir / ARCHIVE_PATTERN.format(stamp=stamp)
    suffix = 1
    while final.exists():  # two backups in one second: never overwrite the first
        suffix += 1
        final = output_dir / ARCHIVE_PATTERN.format(stamp=f"{stamp}-{suffix}")

    entries: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="bcd35-backup-") as workdir:
        dump_path = Path(workdir) / "database"
        db_member = dump_database(dump_path)
        temporary = output_dir / f".{final.name}.partial"
        try:
            with tarfile.open(temporary, "w:gz") as archive:

                def add(path: Path, member: str) -> None:
                    entries[member] = {"sha256": _sha256_file(path), "size": path.stat().st_size}
                    info = archive.gettarinfo(str(path), arcname=member)
                    info.uid = info.gid = 0
                    info.uname = info.gname = ""
                    info.mode = 0o640
                    with open(path, "rb") as handle:
                        archive.addfile(info, handle)

                add(dump_path, db_member)
                for prefix, alias in _trees():
                    for path, relative in _stored_files(alias, Path(workdir)):
                        add(path, f"{prefix}/{relative}")
                manifest = {
                    "format": FORMAT_VERSION,
                    "created_at": timezone.now().isoformat(),
                    "database": {"vendor": connection.vendor, "member": db_member},
                    "excluded_tables": excluded_tables(),
                    "files": entries,
                }
                data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(data)
                info.mode = 0o640
                info.mtime = int(timezone.now().timestamp())
                archive.addfile(info, io.BytesIO(data))
            os.chmod(temporary, 0o600)  # the archive holds password hashes
            os.replace(temporary, final)
        finally:
            if temporary.exists():
                temporary.unlink()
    return BackupResult(path=final, members=len(entries), size=final.stat().st_size)


# --- restore ----------------------------------------------------------------------------------
def _safe_member_name(name: str) -> bool:
    path = PurePosixPath(name)
    if path.is_absolute() or not path.parts:
        return False
    return all(part not in {".", ".."} and _SAFE_PART.match(part) for part in path.parts)


def _allowed_member(name: str) -> bool:
    if name in {MANIFEST, PG_DUMP_MEMBER, SQLITE_MEMBER}:
        return True
    head, _, rest = name.partition("/")
    return head in {MEDIA_PREFIX, DOCUMENTS_PREFIX} and bool(rest)


def extract_verified(archive_path: Path, workdir: Path) -> dict:
    """Check every member against the manifest while extracting into `workdir`; return the
    manifest. Raises BackupError on anything unexpected, before the site is touched."""
    try:
        archive = tarfile.open(archive_path, "r:gz")
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"Không mở được tệp sao lưu {archive_path}: {exc}") from None
    with archive:
        try:
            manifest_member = archive.getmember(MANIFEST)
        except KeyError:
            raise BackupError("Tệp sao lưu không có manifest.json.") from None
        if not manifest_member.isfile():
            raise BackupError("manifest.json trong tệp sao lưu không phải tệp thường.")
        try:
            manifest = json.loads(archive.extractfile(manifest_member).read())
            files = manifest["files"]
            db_member = manifest["database"]["member"]
        except (ValueError, KeyError, TypeError):
            raise BackupError("manifest.json hỏng hoặc thiếu thông tin.") from None
        if manifest.get("format") != FORMAT_VERSION:
            raise BackupError(f"Định dạng sao lưu {manifest.get('format')!r} không được hỗ trợ.")
        if db_member not in files:
            raise BackupError("Tệp sao lưu không chứa cơ sở dữ liệu.")
        seen: set[str] = set()
        for member in archive.getmembers():
            name = member.name
            if name == MANIFEST:
                continue
            if not member.isfile():
                raise BackupError(f"Thành phần không hợp lệ (không phải tệp thường): {name!r}.")
            if not (_safe_member_name(name) and _allowed_member(name)):
                raise BackupError(f"Tên thành phần không hợp lệ: {name!r}.")
            if name not in files:
                raise BackupError(f"Thành phần không có trong manifest: {name!r}.")
            if name in seen:
                raise BackupError(f"Thành phần lặp lại: {name!r}.")
            seen.add(name)
            target = workdir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            source = archive.extractfile(member)
            with open(target, "wb") as out:
                for chunk in iter(partial(source.read, _CHUNK), b""):
                    digest.update(chunk)
                    out.write(chunk)
            if digest.hexdigest() != files[name].get("sha256"):
                raise BackupError(f"Sai mã SHA-256: {name!r} (tệp sao lưu bị hỏng hoặc bị sửa).")
        missing = set(files) - seen
        if missing:
            raise BackupError(
                f"Thiếu {len(missing)} thành phần ghi trong manifest, ví dụ {sorted(missing)[0]!r}."
            )
    return manifest


def database_has_content() -> bool:
    tables = set(connection.introspection.table_names())
    if not tables:
        return False
    with connection.cursor() as cursor:
        for label in CONTENT_MODELS:
            table = apps.get_model(label)._meta.db_table
            if table not in tables:
                continue
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608
            if cursor.fetchone():
                return True
    return False


def _folder_has_files(root: Path) -> bool:
    return any(True for _ in _walk_files(root))


def _restore_database(manifest: dict, workdir: Path) -> None:
    member = manifest["database"]["member"]
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(f"Bản sao lưu là của {vendor}, cơ sở dữ liệu đang cấu hình là {connection.vendor}.")
    source = workdir / member
    if connection.in_atomic_block:
        raise BackupError("Không thể phục hồi bên trong một giao dịch đang mở.")
    connection.ensure_connection()
    if vendor == "postgresql":
        env, args = _pg_env_and_args(connection.settings_dict)
        connection.close()  # pg_restore --clean drops tables: no open transaction may hold them
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                *args,
                str(source),
            ],
            env,
        )
    else:
        # The backup API writes the copy into the live database under its lock: other workers'
        # open connections see the restored data (a replaced file would leave them on the old inode).
        backup = sqlite3.connect(source)
        try:
            backup.backup(connection.connection)
        finally:
            backup.close()
    connection.close()


def _replace_folder(root: Path, extracted: Path) -> int:
    """Empty `root` (kept itself: it may be a mount point) and move the extracted files in."""
    root.mkdir(parents=True, exist_ok=True)
    for child in root.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    count = 0
    if extracted.is_dir():
        for path, relative in _walk_files(extracted):
            target = root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(path), target)
            os.chmod(target, settings.FILE_UPLOAD_PERMISSIONS or 0o640)
            count += 1
    return count


def _replace_bucket(storage, extracted: Path) -> int:
    """Empty the bucket and upload the extracted files under their names (content types as an
    upload would set them)."""
    from django.core.files import File

    try:
        storage.bucket.objects.all().delete()
        count = 0
        if extracted.is_dir():
            for path, relative in _walk_files(extracted):
                with open(path, "rb") as handle:
                    storage._save(relative, File(handle, name=relative))
                count += 1
    except OSError as exc:
        raise BackupError(f"Không ghi được vào bucket {storage.bucket_name}: {exc}") from None
    except Exception as exc:  # botocore's errors
        raise BackupError(
            f"Không ghi được vào bucket {storage.bucket_name}: {type(exc).__name__}: {exc}"
        ) from None
    return count


def _has_stored_files(alias: str) -> bool:
    storage = bucket_of(alias)
    return bool(_bucket_keys(storage)) if storage is not None else _folder_has_files(_root(alias))


def _replace_stored(alias: str, extracted: Path) -> int:
    storage = bucket_of(alias)
    return (
        _replace_bucket(storage, extracted)
        if storage is not None
        else _replace_folder(_root(alias), extracted)
    )


@dataclass
class RestoreResult:
    media_files: int
    document_files: int
    vendor: str


def restore_backup(archive_path: Path, *, force: bool = False) -> RestoreResult:
    archive_path = Path(archive_path)
    if not archive_path.is_file():
        raise BackupError(f"Không có tệp {archive_path}.")
    with tempfile.TemporaryDirectory(prefix="bcd35-restore-") as tmp:
        workdir = Path(tmp)
        manifest = extract_verified(archive_path, workdir)
        if not force:
            if database_has_content():
                raise BackupError(
                    "Cơ sở dữ liệu đang có dữ liệu. Dùng --force để ghi đè (dữ liệu hiện có sẽ mất)."
                )
            for label, alias in (("media", "default"), ("tài liệu", "documents")):
                if _has_stored_files(alias):
                    storage = bucket_of(alias)
                    where = (
                        f"Bucket {storage.bucket_name}" if storage is not None else f"Thư mục {_root(alias)}"
                    )
                    raise BackupError(f"{where} ({label}) đang có tệp. Dùng --force để ghi đè.")
        _restore_database(manifest, workdir)
        media = _replace_stored("default", workdir / MEDIA_PREFIX)
        documents = _replace_stored("documents", workdir / DOCUMENTS_PREFIX)
    return RestoreResult(media_files=media, document_files=documents, vendor=manifest["database"]["vendor"])
