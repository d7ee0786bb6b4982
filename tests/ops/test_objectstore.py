"""Uploads and document files in S3 buckets, against a real SeaweedFS (tests/seaweed.py): photos
and their renditions in the public bucket under the site's prefix, attachments in the private
one and only through the app, a missing object leaves a page without its picture, a bucket or
endpoint that does not answer stops `manage.py check`, a stopped server refuses an upload."""

import logging
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse

from news.models import Article
from ops.objectstore import PublicMediaStorage
from ops.uploads import STORAGE_FAILURE_MESSAGE
from tests.documents.conftest import attach, pdf_bytes
from tests.imaging.conftest import make_jpeg
from tests.seaweed import DOCUMENTS_BUCKET, MEDIA_BUCKET, SeaweedServer, weed_or_skip

pytestmark = pytest.mark.django_db


def _anonymous_get(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 (loopback)
            return answer.status, answer.read(), answer.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        return exc.code, b"", ""


def test_a_photo_and_its_renditions_land_in_the_media_bucket_under_the_site_and_show_from_there(
    object_storage, citizen, make_article
):
    article = make_article("Hội nghị sơ kết", photo=True)
    keys = object_storage.keys(MEDIA_BUCKET)
    site_prefix = f"sites/{article.site_id}/"
    assert article.photo.name in keys
    renditions = [key for key in keys if key.startswith(f"{site_prefix}renditions/")]
    assert len(renditions) >= 2 and any(k.endswith(".webp") for k in renditions)
    assert all(key.startswith(site_prefix) for key in keys)

    page = citizen.get(article.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    src = f"{object_storage.endpoint}/{MEDIA_BUCKET}/{site_prefix}renditions/"
    assert f'src="{src}' in html
    # The browser may load it: the policy names the bucket's host among image sources.
    img_src = next(d for d in page["Content-Security-Policy"].split(";") if d.strip().startswith("img-src"))
    assert object_storage.endpoint in img_src
    # And a visitor's browser gets it straight from the bucket, with no key.
    status, body, content_type = _anonymous_get(article.photo.url)
    assert status == 200 and body[:3] == b"\xff\xd8\xff" and content_type == "image/jpeg"


def test_a_photo_kept_as_uploaded_is_finished_in_the_bucket_under_its_own_key(object_storage, settings):
    from django.core.files.storage import default_storage
    from PIL import Image

    from imaging import pipeline
    from tests.imaging.conftest import gps_exif

    settings.IMAGE_MAX_EDGE = 800
    upload = SimpleUploadedFile("IMG_0002.jpg", make_jpeg((1200, 600), exif=gps_exif(orientation=6)))
    name = default_storage.save("sites/1/news/gallery/doc.jpg", pipeline.process_upload(upload))
    pipeline.make_renditions(name)
    originals = [k for k in object_storage.keys(MEDIA_BUCKET) if k.startswith("sites/1/news/")]
    assert originals == [name]  # written again under its key, not beside it
    with default_storage.open(name) as fh:
        finished = Image.open(fh)
        assert finished.size == (400, 800) and not finished.getexif()


def test_a_document_file_is_in_the_private_bucket_and_reaches_a_visitor_only_through_the_app(
    object_storage, citizen, make_document
):
    document = make_document()
    attachment = attach(document, pdf_bytes(2), "Kế hoạch số 05.pdf")
    keys = object_storage.keys(DOCUMENTS_BUCKET)
    assert keys == [attachment.file.name]
    assert attachment.file.name.startswith(f"sites/{document.site_id}/")
    assert object_storage.keys(MEDIA_BUCKET) == []
    # Straight from the bucket: refused without the portal's key.
    status, body, _ = _anonymous_get(f"{object_storage.endpoint}/{DOCUMENTS_BUCKET}/{attachment.file.name}")
    assert status == 403 and body == b""

    response = citizen.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert "X-Accel-Redirect" not in response
    assert response["Content-Length"] == str(len(pdf_bytes(2)))
    assert b"".join(response.streaming_content) == pdf_bytes(2)
    document.refresh_from_db()
    assert document.download_count == 1


def test_with_a_bucket_the_nginx_shortcut_is_not_used_even_when_configured(
    object_storage, citizen, make_document, settings
):
    settings.DOCUMENT_X_ACCEL_PREFIX = "/_tep-van-ban/"
    attachment = attach(make_document(), pdf_bytes(1), "a.pdf")
    response = citizen.get(attachment.get_absolute_url())
    assert "X-Accel-Redirect" not in response
    assert b"".join(response.streaming_content) == pdf_bytes(1)


def test_an_object_missing_from_the_bucket_leaves_the_article_without_its_picture_logged_once(
    object_storage, citizen, make_article, caplog
):
    article = make_article("Bài có ảnh đã mất", photo=True)
    object_storage.empty()  # someone emptied the bucket by hand
    with caplog.at_level(logging.WARNING, logger="imaging.stored"):
        first = citizen.get(article.get_absolute_url())
        second = citizen.get(article.get_absolute_url())
        saved = citizen.get(reverse("news:article-download", args=[article.slug]))
        feed = citizen.get(reverse("news:feed"))
    assert first.status_code == second.status_code == saved.status_code == feed.status_code == 200
    assert "<picture>" not in first.content.decode()
    assert "Bài có ảnh đã mất" in first.content.decode()
    assert b"<enclosure" not in feed.content
    missing = [r for r in caplog.records if "missing" in r.getMessage()]
    assert (
        len(missing) == 1 and article.photo.name.rsplit(".", 1)[0].split("/")[-1] in missing[0].getMessage()
    )


def test_the_administrative_map_is_sized_from_the_bucket_once_and_left_out_when_missing(
    object_storage, citizen, site_identity, monkeypatch, caplog
):
    from django.core.files.base import ContentFile

    site_identity.admin_map = ContentFile(make_jpeg((900, 600)), name="ban-do.jpg")
    site_identity.save()
    opened = []
    original = PublicMediaStorage._open
    monkeypatch.setattr(
        PublicMediaStorage, "_open", lambda self, *a, **k: opened.append(a[0]) or original(self, *a, **k)
    )
    first = citizen.get("/?lan=1").content.decode()
    second = citizen.get("/?lan=2").content.decode()
    assert 'width="900" height="600"' in first and 'width="900" height="600"' in second
    assert len(opened) == 1  # the second page read the size from the cache

    from django.core.cache import cache, caches

    cache.clear()  # the size kept in the shared cache expired…
    caches["fragments"].clear()  # …and so did the sidebar rendered with it (FRAGMENT_CACHE_SECONDS)
    object_storage.empty()  # the map's object went missing from the bucket
    with caplog.at_level(logging.WARNING, logger="imaging.stored"):
        page = citizen.get("/?lan=3")
        citizen.get("/?lan=4")
    assert page.status_code == 200 and "Xem bản đồ hành chính" in page.content.decode()
    assert len([r for r in caplog.records if "missing" in r.getMessage()]) == 1


def test_the_feed_asks_the_bucket_for_each_photo_size_once_not_on_every_render(
    object_storage, citizen, make_article, monkeypatch
):
    for n in range(3):
        make_article(f"Tin có ảnh {n}", photo=True)
    asked = []
    original = PublicMediaStorage.size
    monkeypatch.setattr(
        PublicMediaStorage, "size", lambda self, name: asked.append(name) or original(self, name)
    )
    first = citizen.get(reverse("news:feed"))
    assert first.content.count(b"<enclosure") == 3 and len(asked) == 3
    citizen.get(reverse("news:feed"))
    assert len(asked) == 3  # the second render read the sizes from the cache


def _check_messages(storages: dict, settings) -> str:
    settings.STORAGES = {**settings.STORAGES, **storages}
    with pytest.raises(SystemCheckError) as raised:
        call_command("check")
    return str(raised.value)


def test_manage_py_check_names_the_endpoint_that_does_not_answer(seaweed, settings):
    buckets, _ = seaweed.storages()
    for config in buckets.values():
        config["OPTIONS"] = {**config["OPTIONS"], "endpoint_url": "http://127.0.0.1:9"}  # nothing listens
    message = _check_messages(buckets, settings)
    assert "S3_ENDPOINT_URL='http://127.0.0.1:9'" in message and "không kết nối được" in message


def test_manage_py_check_names_a_bucket_that_does_not_exist(seaweed, settings):
    buckets, _ = seaweed.storages()
    buckets["documents"]["OPTIONS"] = {**buckets["documents"]["OPTIONS"], "bucket_name": "khong-co-bucket"}
    message = _check_messages(buckets, settings)
    assert "S3_DOCUMENTS_BUCKET='khong-co-bucket'" in message and "S3_MEDIA_BUCKET" not in message


def test_manage_py_check_passes_with_working_buckets(object_storage):
    call_command("check")


def test_a_stopped_storage_server_refuses_an_upload_in_vietnamese_and_keeps_nothing(
    editor, settings, tmp_path, caplog
):
    server = SeaweedServer(weed_or_skip(), tmp_path / "seaweedfs").start()
    try:
        buckets, media_url = server.storages()
        settings.STORAGES = {**settings.STORAGES, **buckets}
        settings.MEDIA_URL = media_url
        server.stop()
        upload = SimpleUploadedFile("IMG_1.jpg", make_jpeg((1800, 1200)), content_type="image/jpeg")
        started = time.monotonic()
        response = editor.post(reverse("news:editor-image-upload"), {"upload": upload})
        assert time.monotonic() - started < 10  # refused promptly, not after long retries
        assert response.status_code == 507
        assert response.json()["error"]["message"] == STORAGE_FAILURE_MESSAGE
        assert not Article.objects.exists()
        failures = [r for r in caplog.records if "upload_storage_failed" in r.getMessage()]
        assert len(failures) == 1 and "object storage unreachable" in failures[0].getMessage()
    finally:
        server.stop()


def _manage_check(**extra) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DJANGO_ENV_FILE": "none",
        "DJANGO_SECRET_KEY": "check-only-key-Vx7Qm2Rk9Lp4Zs1Nw8Jd3Hc6Bt5Fg0Ya-not-secret",
        "DJANGO_ALLOWED_HOSTS": "localhost",
        "DJANGO_DEBUG": "true",
        **extra,
    }
    root = Path(__file__).resolve().parents[2]
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=root, env=env, capture_output=True, text=True, timeout=120
    )


def test_an_operator_setting_an_unreachable_endpoint_is_stopped_at_check_with_its_name():
    result = _manage_check(
        S3_MEDIA_BUCKET="bcd35-media",
        S3_DOCUMENTS_BUCKET="bcd35-documents",
        S3_ENDPOINT_URL="http://127.0.0.1:9",
        S3_ACCESS_KEY_ID="k",
        S3_SECRET_ACCESS_KEY="s",
    )
    assert result.returncode != 0
    assert "S3_ENDPOINT_URL='http://127.0.0.1:9'" in result.stderr


def test_a_media_bucket_without_a_private_documents_bucket_stops_startup_with_the_name():
    result = _manage_check(S3_MEDIA_BUCKET="bcd35-media", S3_ENDPOINT_URL="http://127.0.0.1:9")
    assert result.returncode != 0 and "S3_DOCUMENTS_BUCKET" in result.stderr
