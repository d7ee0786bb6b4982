"""Both roads into a PipelineImageField clean the photo: assignment + save, and field.save()."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from committee.models import Person
from imaging.pipeline import rendition_name

from .conftest import gps_exif, make_jpeg

pytestmark = pytest.mark.django_db


def _assert_clean(person):
    person.refresh_from_db()
    assert person.photo.name.startswith("committee/") or "/" in person.photo.name
    with default_storage.open(person.photo.name) as fh:
        im = Image.open(io.BytesIO(fh.read()))
    assert not im.getexif()
    assert (person.photo_width, person.photo_height) == im.size == (600, 800)
    assert default_storage.exists(rendition_name(person.photo.name, 480, "webp"))


def test_field_save_runs_the_pipeline():
    person = Person.objects.create(full_name="Nguyễn Văn Ảnh")
    person.photo.save("chan-dung.jpg", ContentFile(make_jpeg((600, 800), exif=gps_exif())))
    _assert_clean(person)


def test_assignment_then_model_save_runs_the_pipeline():
    person = Person(full_name="Trần Thị Ảnh")
    person.photo = ContentFile(make_jpeg((600, 800), exif=gps_exif()), name="chan-dung.jpg")
    person.save()
    _assert_clean(person)


def test_model_save_with_a_non_image_raises_a_vietnamese_error():
    person = Person(full_name="Lê Văn Lỗi")
    person.photo = ContentFile(b"%PDF-1.4 not a photo", name="chan-dung.jpg")
    with pytest.raises(ValidationError) as exc:
        person.save()
    assert "không phải là ảnh" in str(exc.value)
