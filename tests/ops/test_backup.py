"""backup_site / restore_site: a round trip into an empty database, on SQLite and PostgreSQL,
and a restore that refuses tampered, hostile or mismatched archives before touching anything."""

import datetime
import hashlib
import io
import json
import re
import sqlite3
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from committee.models import Appointment, Person, Role
from documents.models import Attachment, Document
from news.models import Article
from ops import backup
from stats.models import DailyVisits, HourlyVisits, VisitorPresence, VisitSalt
from tests.documents.conftest import attach, docx_bytes, pdf_bytes

pytestmark = pytest.mark.django_db(transaction=True)


def _files(root: Path) -> dict[str, str]:
    if not root.exists():
        return {}
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _snapshot() -> dict:
    """Everything the round trip must bring back, in comparable form."""
    return {
        "articles": list(Article.objects.order_by("pk").values()),
        "article_people": list(Article.people.through.objects.order_by("pk").values()),
        "documents": list(Document.objects.order_by("pk").values()),
        "attachments": list(Attachment.objects.order_by("pk").values()),
        "people": list(Person.objects.order_by("pk").values()),
        "appointments": list(Appointment.objects.order_by("pk").values()),
        "daily": list(DailyVisits.objects.order_by("day").values()),
        "hourly": list(HourlyVisits.objects.order_by("pk").values()),
        "media": _files(backup.media_root()),
        "documents_files": _files(backup.documents_root()),
    }


@pytest.fixture
def site_content(make_article, make_document, make_person, appoint):
    person = make_person("Phan Văn Nhặn", biography="<p>Tiểu sử <strong>đồng chí</strong>.</p>")
    person.photo = _jpeg()
    person.save()
    # Created here: a transactional test elsewhere may have flushed the migration's roles.
    head = Role.objects.get_or_create(name="Trưởng ban", defaults={"rank": 10})[0]
    member = Role.objects.get_or_create(name="Thành viên", defaults={"rank": 70})[0]
    appoint(person, role=head, start=datetime.date(2020, 8, 10))
    appoint(
        make_person("Trần Thị Lành"),
        role=member,
        start=datetime.date(2021, 1, 4),
        end=datetime.date(2024, 5, 1),
    )
    article = make_article("Hội nghị Ban Chỉ đạo 35 sơ kết 6 tháng", photo=True)
    article.people.add(person)
    make_article("Tập huấn công tác bảo vệ nền tảng tư tưởng", view_count=42)
    document = make_document(title="Kế hoạch tuyên truyền năm 2021")
    attach(document, pdf_bytes(2), "Kế hoạch 05.pdf", title="Toàn văn")
    attach(document, docx_bytes(), "phu-luc.docx", title="Phụ lục")
    DailyVisits.objects.create(day=datetime.date(2025, 3, 11), visits=1234)
    DailyVisits.objects.create(day=datetime.date(2025, 3, 12), visits=987)
    HourlyVisits.objects.create(day=datetime.date(2025, 3, 12), hour=8, visits=55)
    VisitSalt.objects.create(day=datetime.date(2025, 3, 12), salt="bi-mat" * 8)
    now = datetime.datetime(2025, 3, 12, 1, 0, tzinfo=datetime.UTC)
    VisitorPresence.objects.create(
        day=datetime.date(2025, 3, 12), visitor_key="a" * 32, visit_started=now, last_seen=now
    )


def _jpeg():
    from django.core.files.base import ContentFile

    from tests.committee.conftest import jpeg_bytes

    return ContentFile(jpeg_bytes(), name="chan-dung.jpg")


def _wipe_database() -> None:
    """Leave the test database as a freshly created, empty one (no tables at all)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    else:
        connection.ensure_connection()
        sqlite3.connect(":memory:").backup(connection.connection)
    assert connection.introspection.table_names() == []


def _wipe_folders() -> None:
    import shutil

    for root in (backup.media_root(), backup.documents_root()):
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)


def _backup(tmp_path) -> Path:
    out = io.StringIO()
    call_command("backup_site", output_dir=str(tmp_path / "backups"), stdout=out)
    match = re.search(r"Đã sao lưu: (\S+\.tar\.gz) ", out.getvalue())
    assert match, out.getvalue()
    path = Path(match.group(1))
    assert path.parent == tmp_path / "backups" and path.name.startswith("bcd35-backup-")
    return path


def _round_trip(tmp_path):
    before = _snapshot()
    assert before["media"] and len(before["documents_files"]) == 2
    archive = _backup(tmp_path)
    _wipe_database()
    _wipe_folders()
    out = io.StringIO()
    call_command("restore_site", str(archive), stdout=out)
    assert "Đã phục hồi" in out.getvalue()
    after = _snapshot()
    for key in before:
        assert after[key] == before[key], key
    # The per-visitor tables exist but are empty: the salt and the keys never left the server.
    assert VisitSalt.objects.count() == 0
    assert VisitorPresence.objects.count() == 0
    # The restored site works: a document's file downloads with the same bytes.
    attachment = Attachment.objects.order_by("pk").first()
    with attachment.file.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == attachment.sha256


def test_round_trip_restores_content_files_and_visit_totals_on_sqlite(site_content, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite path; the PostgreSQL test covers the other")
    _round_trip(tmp_path)


def test_round_trip_restores_content_files_and_visit_totals_on_postgres(site_content, tmp_path):
    from tests.conftest import requires_postgres

    requires_postgres()
    _round_trip(tmp_path)


def test_archive_has_a_manifest_with_the_checksum_of_every_member(site_content, tmp_path):
    archive = _backup(tmp_path)
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
        names = {m.name for m in tar.getmembers()} - {"manifest.json"}
        assert names == set(manifest["files"])
        for name in names:
            data = tar.extractfile(name).read()
            assert hashlib.sha256(data).hexdigest() == manifest["files"][name]["sha256"]
    assert any(n.startswith("media/") for n in names)
    assert sum(n.startswith("documents/") for n in names) == 2
    assert manifest["database"]["vendor"] == connection.vendor
    assert set(manifest["excluded_tables"]) == {"stats_visitsalt", "stats_visitorpresence"}
    assert archive.stat().st_mode & 0o077 == 0  # password hashes inside: owner only


def test_sqlite_copy_holds_no_salt_bytes(site_content, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    archive = _backup(tmp_path)
    with tarfile.open(archive) as tar:
        data = tar.extractfile("database.sqlite3").read()
    assert b"bi-mat" not in data and b"a" * 32 not in data


def test_each_backup_is_a_new_timestamped_archive(db, tmp_path):
    first = _backup(tmp_path)
    second = _backup(tmp_path)
    assert first != second
    assert first.exists() and second.exists()
    assert not list((tmp_path / "backups").glob(".*partial"))


def test_restore_refuses_a_database_with_content_without_force(site_content, tmp_path):
    archive = _backup(tmp_path)
    with pytest.raises(CommandError, match="--force"):
        call_command("restore_site", str(archive), stdout=io.StringIO())
    Article.objects.all().delete()
    Person.objects.all().delete()
    call_command("restore_site", str(archive), "--force", stdout=io.StringIO())
    assert Article.objects.count() == 2 and Person.objects.count() == 2


def test_restore_with_force_is_idempotent(site_content, tmp_path):
    before = _snapshot()
    archive = _backup(tmp_path)
    for _ in range(2):
        call_command("restore_site", str(archive), "--force", stdout=io.StringIO())
        assert _snapshot() == before


def _rewrite(archive: Path, target: Path, mutate) -> Path:
    """Copy `archive` to `target`, passing each (TarInfo, bytes) through `mutate`."""
    with tarfile.open(archive) as src, tarfile.open(target, "w:gz") as dst:
        members = [(m, src.extractfile(m).read() if m.isfile() else b"") for m in src.getmembers()]
        for info, data in mutate(members):
            info.size = len(data)
            dst.addfile(info, io.BytesIO(data) if info.isfile() else None)
    return target


def _tampered_cases(archive: Path, tmp_path: Path):
    def flip_media(members):
        for info, data in members:
            if info.name.startswith("media/"):
                data = data[:-1] + bytes([data[-1] ^ 1])
            yield info, data

    def drop_manifest(members):
        return [(i, d) for i, d in members if i.name != "manifest.json"]

    def traversal(members):
        yield from members
        evil = tarfile.TarInfo("media/../../evil.txt")
        yield evil, b"owned"

    def symlink(members):
        yield from members
        link = tarfile.TarInfo("media/link")
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc/passwd"
        yield link, b""

    def missing_member(members):
        dropped = False
        for info, data in members:
            if info.name.startswith("documents/") and not dropped:
                dropped = True
                continue
            yield info, data

    for mutate in (flip_media, drop_manifest, traversal, symlink, missing_member):
        yield mutate.__name__, _rewrite(archive, tmp_path / f"{mutate.__name__}.tar.gz", mutate)


def test_restore_refuses_tampered_or_hostile_archives_before_touching_anything(site_content, tmp_path):
    archive = _backup(tmp_path)
    before = _snapshot()
    for name, bad in _tampered_cases(archive, tmp_path):
        with pytest.raises(CommandError):
            call_command("restore_site", str(bad), "--force", stdout=io.StringIO())
        assert _snapshot() == before, name
    assert not (tmp_path / "evil.txt").exists()
    assert not (Path(settings.MEDIA_ROOT).parent.parent / "evil.txt").exists()
    with pytest.raises(CommandError):
        call_command("restore_site", str(tmp_path / "nothing.tar.gz"), stdout=io.StringIO())
    (tmp_path / "garbage.tar.gz").write_bytes(b"not a tar")
    with pytest.raises(CommandError):
        call_command("restore_site", str(tmp_path / "garbage.tar.gz"), stdout=io.StringIO())


def test_restore_refuses_an_archive_of_another_database_vendor(db, tmp_path):
    archive = _backup(tmp_path)
    other = "sqlite" if connection.vendor == "postgresql" else "postgresql"

    def swap_vendor(members):
        for info, data in members:
            if info.name == "manifest.json":
                manifest = json.loads(data)
                manifest["database"]["vendor"] = other
                data = json.dumps(manifest).encode()
            yield info, data

    bad = _rewrite(archive, tmp_path / "vendor.tar.gz", swap_vendor)
    with pytest.raises(CommandError, match="postgresql|sqlite"):
        call_command("restore_site", str(bad), "--force", stdout=io.StringIO())


def test_commands_have_vietnamese_help():
    from ops.management.commands import backup_site, restore_site

    assert "Sao lưu" in backup_site.Command.help
    assert "Phục hồi" in restore_site.Command.help
