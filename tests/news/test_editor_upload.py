"""CKEditor 5 in the admin: Vietnamese UI, and an image upload that checks rights and uses the pipeline."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from tests.conftest import login_staff

from .conftest import gps_exif, jpeg_bytes

UPLOAD_URL = "/tin-tuc/quan-tri/tai-anh/"


def _upload(client, data: bytes, name="IMG_2041.jpg"):
    return client.post(UPLOAD_URL, {"upload": SimpleUploadedFile(name, data, content_type="image/jpeg")})


def _stored_files() -> list[str]:
    found = []

    def walk(path):
        dirs, files = default_storage.listdir(path)
        found.extend(f"{path}/{f}".lstrip("/") for f in files)
        for d in dirs:
            walk(f"{path}/{d}".lstrip("/"))

    if default_storage.exists(""):
        walk("")
    return found


def test_upload_url_is_the_news_view():
    assert reverse("news:editor-image-upload") == UPLOAD_URL


def test_anonymous_upload_is_refused(client, db):
    response = _upload(client, jpeg_bytes())
    assert response.status_code == 403
    assert response.json()["error"]["message"]
    assert _stored_files() == []


def test_staff_without_article_rights_is_refused(secretary):
    response = _upload(secretary, jpeg_bytes())
    assert response.status_code == 403
    assert "quyền" in response.json()["error"]["message"]
    assert _stored_files() == []


def test_logged_in_non_staff_with_no_rights_is_refused(client, django_user_model):
    user = django_user_model.objects.create_user("docgia", password="Mat-khau-rat-dai-2026!")
    client.force_login(user)
    assert _upload(client, jpeg_bytes()).status_code == 403


def test_get_is_not_allowed(editor):
    assert editor.get(UPLOAD_URL).status_code == 405


def test_upload_needs_a_csrf_token(editor_user):
    client = Client(enforce_csrf_checks=True)
    login_staff(client, editor_user)
    assert _upload(client, jpeg_bytes()).status_code == 403


@pytest.mark.parametrize("persona", ["editor", "approver", "admin_client_"])
def test_upload_goes_through_the_pipeline(request, persona):
    client = request.getfixturevalue(persona)
    response = _upload(client, jpeg_bytes(size=(3000, 2000), exif=gps_exif()))
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["urls"]["default"].endswith("-960.jpg") and "url" not in data
    assert set(data["urls"]) == {"default", "480", "960", "1600"}
    stored = [name for name in _stored_files() if "/renditions/" not in f"/{name}"]
    assert len(stored) == 1 and stored[0].startswith("sites/1/news/editor/")  # under the site's prefix
    assert "IMG_2041" not in stored[0]
    with default_storage.open(stored[0], "rb") as fh:
        image = Image.open(fh)
        image.load()
        assert not image.getexif() and max(image.size) == 2400
    for url in data["urls"].values():
        assert default_storage.exists(url.removeprefix("/media/"))


def test_bad_upload_gets_a_vietnamese_error(editor):
    response = _upload(editor, b"<svg onload='alert(1)'></svg>", name="anh.jpg")
    assert response.status_code == 400
    assert "không phải là ảnh" in response.json()["error"]["message"]
    assert _stored_files() == []


def test_upload_without_file_is_a_clear_error(editor):
    response = editor.post(UPLOAD_URL, {})
    assert response.status_code == 400 and response.json()["error"]["message"] == "Chưa chọn tệp ảnh."


def test_packages_own_upload_endpoint_stores_nothing(approver):
    response = approver.post(
        "/ckeditor5/image_upload/", {"upload": SimpleUploadedFile("a.jpg", jpeg_bytes(exif=gps_exif()))}
    )
    assert response.status_code in (400, 403, 404)
    assert _stored_files() == []


def test_admin_editor_loads_vietnamese_and_points_uploads_to_news(editor):
    html = editor.get(reverse("admin:news_article_add")).content.decode()
    assert "django_ckeditor_5/dist/bundle.js" in html
    assert "django_ckeditor_5/dist/translations/vi.js" in html
    assert f'data-upload-url="{UPLOAD_URL}"' in html
    assert '"language": "vi"' in html
    for item in (
        "heading",
        "bold",
        "italic",
        "underline",
        "link",
        "bulletedList",
        "numberedList",
        "blockQuote",
        "insertTable",
        "imageUpload",
        "alignment",
        "undo",
        "redo",
    ):
        assert f'"{item}"' in html, item
    assert '"toggleImageCaption"' in html
    assert '"text-align-center"' in html  # alignment writes classes the sanitiser keeps


def test_vietnamese_translation_file_ships_with_the_package():
    from django.contrib.staticfiles import finders

    path = finders.find("django_ckeditor_5/dist/translations/vi.js")
    assert path
    with open(path, encoding="utf-8") as fh:
        assert "Chấp nhận" in fh.read(2000)
