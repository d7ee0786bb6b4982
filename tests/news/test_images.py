"""Bad photo uploads through the newsroom admin, and what a good one becomes."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from imaging.pipeline import rendition_name, rendition_widths
from news.models import Article

from .conftest import admin_form_data, gps_exif, jpeg_bytes

ADD_URL = "admin:news_article_add"


@pytest.fixture(scope="module")
def png_bomb() -> bytes:
    """A real 20 000 × 20 000 PNG (400 million pixels) that compresses to a few hundred KB."""
    buf = io.BytesIO()
    Image.new("1", (20_000, 20_000), 0).save(buf, "PNG")
    return buf.getvalue()


def _post_photo(client, category, upload, **extra):
    url = reverse(ADD_URL)
    fields = {
        "title": "Tin có ảnh",
        "category": category.pk,
        "summary": "Tóm tắt",
        "body": "<p>Nội dung</p>",
        "status": "draft",
        "photo_alt": "Quang cảnh hội nghị",
        "photo": upload,
        **extra,
    }
    data = admin_form_data(client, url, **fields)
    return client.post(url, data)


def _photo_errors(response) -> list[str]:
    assert response.status_code == 200, "the form should be shown again with an error"
    return response.context["adminform"].form.errors.get("photo", [])


def test_non_image_is_refused_by_content(approver, category):
    upload = SimpleUploadedFile("bao-cao.jpg", b"%PDF-1.7\n1 0 obj<<>>endobj\n", content_type="image/jpeg")
    errors = _photo_errors(_post_photo(approver, category, upload))
    assert errors and "không phải là ảnh" in errors[0]
    assert not Article.objects.exists()


def test_truncated_jpeg_is_refused(approver, category):
    data = jpeg_bytes(size=(1200, 900))
    upload = SimpleUploadedFile("anh.jpg", data[: len(data) // 2], content_type="image/jpeg")
    errors = _photo_errors(_post_photo(approver, category, upload))
    assert errors and ("hỏng" in errors[0] or "không đầy đủ" in errors[0])
    assert not Article.objects.exists()


def test_png_decompression_bomb_is_refused(approver, category, png_bomb):
    upload = SimpleUploadedFile("ban-do.png", png_bomb, content_type="image/png")
    errors = _photo_errors(_post_photo(approver, category, upload))
    assert errors and "điểm ảnh" in errors[0]
    assert not Article.objects.exists()


def test_twenty_megabyte_file_is_refused(approver, category):
    data = jpeg_bytes() + b"\0" * (20 * 1024 * 1024)
    upload = SimpleUploadedFile("anh-lon.jpg", data, content_type="image/jpeg")
    errors = _photo_errors(_post_photo(approver, category, upload))
    assert errors and "quá lớn" in errors[0]
    assert not Article.objects.exists()


def test_size_limit_is_a_setting(approver, category, settings):
    settings.IMAGE_MAX_UPLOAD_MB = 1
    data = jpeg_bytes() + b"\0" * (1024 * 1024)
    errors = _photo_errors(_post_photo(approver, category, SimpleUploadedFile("a.jpg", data)))
    assert errors and "1 MB" in errors[0]


def test_missing_alt_text_is_refused_unless_decorative(approver, category):
    upload = SimpleUploadedFile("anh.jpg", jpeg_bytes(), content_type="image/jpeg")
    response = _post_photo(approver, category, upload, photo_alt="")
    assert "photo_alt" in response.context["adminform"].form.errors
    upload = SimpleUploadedFile("anh.jpg", jpeg_bytes(), content_type="image/jpeg")
    response = _post_photo(approver, category, upload, photo_decorative="on", photo_alt="")
    assert response.status_code == 302
    assert Article.objects.get().photo_decorative


def test_jpeg_with_gps_is_stored_without_any_metadata(approver, category):
    upload = SimpleUploadedFile("IMG_0001.jpg", jpeg_bytes(size=(3000, 2000), exif=gps_exif()))
    response = _post_photo(approver, category, upload)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get()
    with default_storage.open(article.photo.name, "rb") as fh:
        stored = Image.open(fh)
        stored.load()
        assert not stored.getexif()
        assert "exif" not in stored.info
        assert max(stored.size) <= 2400  # downscaled original
    assert "IMG_0001" not in article.photo.name
    assert (article.photo_width, article.photo_height) == stored.size
    # Renditions were made at upload, so page views never resize.
    for width in rendition_widths(article.photo_width):
        for ext in ("jpg", "webp"):
            assert default_storage.exists(rendition_name(article.photo.name, width, ext))
