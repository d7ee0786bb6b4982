"""Graceful failure: a full disk, a client gone mid-upload and a dead Redis lose nothing and
leave nothing half-stored; the editor gets a Vietnamese message, never a 500."""

import errno
import io
import logging
import os
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from committee.models import Person
from documents.models import Attachment, AttachmentVersion, Document
from news.models import Article
from ops.uploads import STORAGE_FAILURE_MESSAGE
from tests.conftest import login_staff
from tests.documents.conftest import attach, pdf_bytes, upload
from tests.documents.test_admin import form_data
from tests.imaging.conftest import make_jpeg
from tests.news.test_images import _post_photo

pytestmark = pytest.mark.django_db
ENOSPC = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def files_under(*roots) -> list[Path]:
    return [p for root in roots if Path(root).exists() for p in Path(root).rglob("*") if p.is_file()]


def stored_files() -> list[Path]:
    return files_under(django_settings.MEDIA_ROOT, django_settings.DOCUMENT_FILES_ROOT)


def disk_full_after(writes: int, partial: bool = False):
    """FileSystemStorage whose disk fills after `writes` files: the next write fails with
    ENOSPC, leaving a partly written file behind when `partial` (as a real full disk does)."""
    real = FileSystemStorage._save
    count = {"n": 0}

    def _save(self, name, content):
        count["n"] += 1
        if count["n"] > writes:
            if partial:
                path = Path(self.path(name))
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(b"half a file")
            raise ENOSPC
        return real(self, name, content)

    return mock.patch.object(FileSystemStorage, "_save", _save)


@pytest.fixture
def storage_log(caplog):
    logger = logging.getLogger("ops.uploads")
    logger.addHandler(caplog.handler)
    yield caplog
    logger.removeHandler(caplog.handler)


def storage_lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "ops.uploads"]


def shows_storage_error(response) -> bool:
    return response.status_code == 200 and STORAGE_FAILURE_MESSAGE in response.content.decode()


# --- documents ------------------------------------------------------------------------------
def test_disk_full_when_adding_a_document_keeps_no_row_and_no_file(secretary, lookups, storage_log):
    with disk_full_after(0):
        response = secretary.post(
            reverse("admin:documents_document_add"), form_data(lookups, upload(pdf_bytes(2), "Kế hoạch.pdf"))
        )
    assert shows_storage_error(response)
    assert "Kế hoạch của Ban Chỉ đạo năm 2021" in response.content.decode()  # what was typed stays
    assert not Document.objects.exists() and not Attachment.objects.exists()
    assert stored_files() == []
    [line] = storage_lines(storage_log)
    assert "event=upload_storage_failed" in line and "errno=ENOSPC" in line
    assert "where=documents.Document" in line


def test_a_partly_written_attachment_is_removed(secretary, lookups):
    with disk_full_after(0, partial=True):
        response = secretary.post(
            reverse("admin:documents_document_add"), form_data(lookups, upload(pdf_bytes(1), "a.pdf"))
        )
    assert shows_storage_error(response)
    assert stored_files() == []


def test_disk_full_when_replacing_a_file_leaves_the_stored_attachment_as_it_was(
    secretary, lookups, make_document
):
    document = make_document()
    attachment = attach(document, pdf_bytes(1), "cu.pdf")
    before = (attachment.file.name, attachment.sha256, attachment.original_name)
    data = form_data(
        lookups,
        number=str(document.number),
        **{
            "attachments-INITIAL_FORMS": "1",
            "attachments-0-id": str(attachment.pk),
            "attachments-0-document": str(document.pk),
            "attachments-0-file": upload(pdf_bytes(3), "moi.pdf"),
        },
    )
    with disk_full_after(0):
        response = secretary.post(reverse("admin:documents_document_change", args=[document.pk]), data)
    assert shows_storage_error(response)
    attachment.refresh_from_db()
    assert (attachment.file.name, attachment.sha256, attachment.original_name) == before
    assert not AttachmentVersion.objects.exists()
    assert [p.name for p in stored_files()] == [Path(before[0]).name]


# --- images ----------------------------------------------------------------------------------
def _article_post(client, category, **extra):
    upload_ = SimpleUploadedFile("anh.jpg", make_jpeg((2000, 1500)), content_type="image/jpeg")
    return _post_photo(client, category, upload_, **extra)


def test_renditions_failing_after_the_original_was_written_keep_the_article_with_its_original(
    approver, category
):
    # The renditions are a background job (run at once in tests): the disk fills after the
    # original, every attempt of the job fails and removes what it wrote; the article stays,
    # with its original, and its page shows that original instead of a missing rendition.
    with disk_full_after(1, partial=True):
        response = _article_post(approver, category)
    assert response.status_code == 302
    article = Article.objects.get()
    assert [p.relative_to(django_settings.MEDIA_ROOT).as_posix() for p in stored_files()] == [
        article.photo.name
    ]
    page = approver.get(article.get_absolute_url()).content.decode()
    assert f'src="{article.photo.url}"' in page and "/renditions/" not in page


def test_the_same_article_saves_once_there_is_room_again(approver, category):
    with disk_full_after(0):
        assert shows_storage_error(_article_post(approver, category))
    response = _article_post(approver, category)
    assert response.status_code == 302
    assert Article.objects.get().photo


def test_disk_full_on_a_person_photo_keeps_no_person(secretary, storage_log):
    data = {
        "honorific": "Đồng chí",
        "full_name": "Phan Văn Nhặn",
        "slug": "",
        "main_position": "Trưởng ban",
        "biography": "",
        "phone": "",
        "email": "",
        "photo": SimpleUploadedFile("chan-dung.jpg", make_jpeg((600, 800)), content_type="image/jpeg"),
        "appointments-TOTAL_FORMS": "0",
        "appointments-INITIAL_FORMS": "0",
        "appointments-MIN_NUM_FORMS": "0",
        "appointments-MAX_NUM_FORMS": "1000",
    }
    with disk_full_after(0):  # the original itself cannot be stored
        response = secretary.post(reverse("admin:committee_person_add"), data)
    assert shows_storage_error(response)
    assert not Person.objects.exists()
    assert stored_files() == []


def test_disk_full_during_an_editor_image_upload_answers_a_message_and_keeps_no_file(editor, storage_log):
    upload_ = SimpleUploadedFile("IMG_1.jpg", make_jpeg((1800, 1200)), content_type="image/jpeg")
    with disk_full_after(2, partial=True):
        response = editor.post(reverse("news:editor-image-upload"), {"upload": upload_})
    assert response.status_code == 507
    assert response.json()["error"]["message"] == STORAGE_FAILURE_MESSAGE
    assert stored_files() == []
    assert len(storage_lines(storage_log)) == 1


# --- a client gone mid-upload ----------------------------------------------------------------
def test_a_client_gone_mid_upload_leaves_no_row_no_file_and_no_temporary_file(
    secretary_user, lookups, settings, tmp_path
):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "upload-tmp")
    os.makedirs(settings.FILE_UPLOAD_TEMP_DIR)
    big = pdf_bytes(1) + b"%" + os.urandom(3 * 1024 * 1024)  # above FILE_UPLOAD_MAX_MEMORY_SIZE: a temp file
    body = encode_multipart(BOUNDARY, form_data(lookups, upload(big, "lon.pdf")))
    sent = body[: len(body) - 1024 * 1024]  # the connection drops inside the file
    client = login_staff(Client(raise_request_exception=False), secretary_user)
    response = client.generic(
        "POST",
        reverse("admin:documents_document_add"),
        data=sent,
        content_type=MULTIPART_CONTENT,
        CONTENT_LENGTH=str(len(body)),
        **{"wsgi.input": io.BytesIO(sent)},
    )
    assert response.status_code == 400
    assert not Document.objects.exists()
    assert stored_files() == []
    assert os.listdir(settings.FILE_UPLOAD_TEMP_DIR) == []


def test_a_complete_upload_still_goes_through(secretary, lookups, settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "upload-tmp")
    os.makedirs(settings.FILE_UPLOAD_TEMP_DIR)
    big = pdf_bytes(1) + b"\n%" + b"0" * (3 * 1024 * 1024)
    response = secretary.post(
        reverse("admin:documents_document_add"), form_data(lookups, upload(big, "lon.pdf"))
    )
    assert response.status_code == 302
    assert Attachment.objects.get().size == len(big)


# --- Redis down ------------------------------------------------------------------------------
@pytest.fixture
def dead_redis_cache(settings):
    from ops import cache

    dead = {
        "BACKEND": "ops.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    settings.CACHES = {"default": dead, "state": dead, "fragments": settings.FRAGMENT_CACHE}
    settings.PAGE_CACHE_SECONDS = 10
    yield cache.outage
    cache.outage.reset()


def test_with_the_redis_cache_down_pages_are_served_and_the_outage_logged_once(
    dead_redis_cache, site_identity, citizen, caplog
):
    caplog.set_level(logging.WARNING, logger="ops.cache")
    dead_redis_cache.reset()  # the fixtures' own cache calls have already failed once
    for url in ["/", "/van-ban/", "/ban-chi-dao/"]:
        assert citizen.get(url).status_code == 200, url
    lines = [r.getMessage() for r in caplog.records if r.name == "ops.cache"]
    assert len(lines) == 1 and "cache unavailable" in lines[0]
    assert dead_redis_cache.total > 3  # every failed call is still counted


def test_production_settings_use_the_resilient_cache_with_redis(monkeypatch):
    import importlib
    import sys

    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.setenv("DJANGO_SECRET_KEY", "k" * 20 + "Vx7Qm2Rk9Lp4Zs1Nw8Jd3Hc6Bt5Fg0Ya-prod")
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "bcd35.example.vn")
    monkeypatch.setenv("DJANGO_ENV_FILE", "none")
    sys.modules.pop("portal.settings", None)
    try:
        prod = importlib.import_module("portal.settings")
        assert {prod.CACHES[a]["BACKEND"] for a in ("default", "state")} == {"ops.cache.ResilientRedisCache"}
    finally:
        sys.modules.pop("portal.settings", None)


def test_disk_full_on_the_site_logo_keeps_the_settings_as_they_were(admin_client_, site_identity):
    from django.db.models.fields.files import FieldFile
    from django.forms.models import model_to_dict

    from pages.models import SiteSettings

    site = SiteSettings.load()
    url = reverse("admin:pages_sitesettings_change", args=[site.pk])
    assert admin_client_.get(url).status_code == 200
    data = {
        name: "" if value is None or isinstance(value, FieldFile) else value
        for name, value in model_to_dict(site).items()
        if name != "id"
    }
    data.update(
        short_name="Tên mới không được lưu",
        logo=SimpleUploadedFile("logo.png", make_jpeg((256, 256)), content_type="image/jpeg"),
    )
    with disk_full_after(0):
        response = admin_client_.post(url, data)
    assert shows_storage_error(response)
    site.refresh_from_db()
    assert site.short_name != "Tên mới không được lưu" and not site.logo
    assert stored_files() == []
