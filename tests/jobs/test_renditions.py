"""Photo renditions as a background job: a gallery saved through the admin stores its
originals and queues the renditions; the worker makes them; a job never works on another
site's files."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from imaging.jobs import make_renditions
from imaging.stored import stored_dimensions
from network.api import working_on
from news.models import Article, GalleryPhoto
from tests.imaging.conftest import make_jpeg
from tests.jobs.conftest import run_worker
from tests.news.conftest import admin_form_data

pytestmark = pytest.mark.usefixtures("database_jobs")

GALLERY_SIZE = 12


def renditions_on_disk() -> list[Path]:
    return sorted(p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file() and "renditions" in p.parts)


def post_gallery(client, category, count: int = GALLERY_SIZE):
    url = reverse("admin:news_article_add")
    fields = {"title": "Hội nghị tổng kết", "category": category.pk, "summary": "Tóm tắt", "status": "draft"}
    fields["body"] = "<p>Nội dung</p>"
    data = admin_form_data(client, url, **fields)
    data["gallery-TOTAL_FORMS"] = str(count)
    for i in range(count):
        jpeg = make_jpeg((1800, 1200), color=(20 * i % 255, 90, 160))
        data[f"gallery-{i}-image"] = SimpleUploadedFile(f"anh-{i}.jpg", jpeg, content_type="image/jpeg")
        data[f"gallery-{i}-alt"] = f"Ảnh hội nghị số {i + 1}"
        data[f"gallery-{i}-order"] = str(i)
    return client.post(url, data)


def test_a_gallery_saved_in_the_admin_queues_its_renditions_instead_of_making_them(approver, category):
    response = post_gallery(approver, category)
    assert response.status_code == 302, response.content.decode()[:2000]
    photos = list(GalleryPhoto.objects.all())
    assert len(photos) == GALLERY_SIZE
    assert all(default_storage.exists(photo.image.name) for photo in photos)  # the originals
    assert renditions_on_disk() == []  # nothing resized in the request
    queued = DBTaskResult.objects.filter(status="READY", task_path="imaging.jobs.make_renditions")
    assert queued.count() == GALLERY_SIZE

    article = Article.objects.get()
    page = approver.get(article.get_absolute_url() + "?xem-truoc=1").content.decode()
    for photo in photos:  # meanwhile the page shows each original, sized, never a broken image
        assert f'src="{photo.image.url}" width="1800" height="1200"' in page

    run_worker()
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()
    # Three widths (480, 960, 1600) in WebP and JPEG for each photo.
    assert len(renditions_on_disk()) == GALLERY_SIZE * 6
    page = approver.get(article.get_absolute_url() + "?xem-truoc=1").content.decode()
    assert page.count('<source type="image/webp"') >= GALLERY_SIZE


def test_an_upload_whose_rendition_job_fails_still_shows_the_original(approver, category, monkeypatch):
    def storage_down(*args, **kwargs):
        raise OSError("kho lưu trữ không trả lời")

    assert post_gallery(approver, category, count=1).status_code == 302
    monkeypatch.setattr("imaging.pipeline.make_renditions", storage_down)
    run_worker()
    assert [r.status for r in DBTaskResult.objects.all()] == ["FAILED"] * settings.JOBS_MAX_ATTEMPTS
    photo = GalleryPhoto.objects.get()
    page = approver.get(Article.objects.get().get_absolute_url() + "?xem-truoc=1").content.decode()
    assert f'src="{photo.image.url}"' in page and "/renditions/" not in page


def test_a_rendition_job_refuses_a_file_of_another_site(other_site):
    photo = ContentFile(make_jpeg((900, 600)))
    name = default_storage.save(f"sites/{other_site.pk}/news/gallery/x.jpg", photo)
    make_renditions.enqueue(1, name)  # a job for site 1 naming site 2's photo
    run_worker()
    (result,) = DBTaskResult.objects.all()  # refused once, not retried
    assert result.status == "FAILED" and result.exception_class_path == "jobs.api.JobRefused"
    assert renditions_on_disk() == []
    with working_on(other_site):  # the same job for its own site does it
        make_renditions.enqueue(other_site.pk, name)
    run_worker()
    assert [p.name for p in renditions_on_disk()] == ["x-480.jpg", "x-480.webp", "x-900.jpg", "x-900.webp"]
    own_folder = Path(settings.MEDIA_ROOT) / f"sites/{other_site.pk}"
    assert all(p.is_relative_to(own_folder) for p in renditions_on_disk())


def test_a_rotated_camera_photo_is_shown_upright_and_sized_before_the_worker_and_finished_by_it(
    approver, category, settings
):
    from PIL import Image

    from tests.imaging.conftest import gps_exif

    settings.IMAGE_MAX_EDGE = 1000
    url = reverse("admin:news_article_add")
    fields = {"title": "Ảnh chụp dọc", "category": category.pk, "summary": "Tóm tắt", "status": "draft"}
    data = admin_form_data(approver, url, body="<p>Nội dung</p>", **fields)
    data["gallery-TOTAL_FORMS"] = "1"
    # A phone's portrait photo: landscape pixels, turned by the orientation tag; GPS in its EXIF.
    jpeg = make_jpeg((1500, 1000), exif=gps_exif(orientation=6))
    data["gallery-0-image"] = SimpleUploadedFile("IMG_0001.jpg", jpeg, content_type="image/jpeg")
    data["gallery-0-alt"] = "Ảnh chụp dọc tại hội nghị"
    data["gallery-0-order"] = "0"
    assert approver.post(url, data).status_code == 302

    photo = GalleryPhoto.objects.get()
    # Upright and within the edge from the save on, before the worker has touched the file.
    assert (photo.image_width, photo.image_height) == (667, 1000)
    stored = default_storage.open(photo.image.name).read()
    assert b"PhoneMaker" not in stored and b"\x88\x25" not in stored  # no camera, no GPS pointer
    page = approver.get(Article.objects.get().get_absolute_url() + "?xem-truoc=1").content.decode()
    assert f'src="{photo.image.url}" width="667" height="1000"' in page
    assert stored_dimensions(photo.image.name) == (1500, 1000)  # the file as uploaded, remembered

    run_worker()
    assert stored_dimensions(photo.image.name) == (667, 1000)  # the job had it read again
    with default_storage.open(photo.image.name) as fh:
        finished = Image.open(fh)
        assert finished.size == (667, 1000) and not finished.getexif()
    page = approver.get(Article.objects.get().get_absolute_url() + "?xem-truoc=1").content.decode()
    assert 'width="667" height="1000"' in page and "renditions/" in page
