"""`manage.py check` fails when a model would store images without the photo pipeline."""

from django.core.files.storage import FileSystemStorage
from django.db import models
from django.test.utils import isolate_apps

from imaging.checks import bypassing_fields, check_image_fields
from imaging.fields import PipelineImageField


def test_every_image_field_of_the_portal_goes_through_the_pipeline():
    assert check_image_fields() == []


@isolate_apps("imaging")
def test_a_plain_image_field_is_reported_with_the_field_to_use():
    class Banner(models.Model):
        picture = models.ImageField(upload_to="banners/")

        class Meta:
            app_label = "imaging"

        def __str__(self) -> str:
            return str(self.pk)

    errors = bypassing_fields([Banner])
    assert [e.id for e in errors] == ["imaging.E001"]
    assert "imaging.Banner.picture" in errors[0].msg and "PipelineImageField" in errors[0].hint


@isolate_apps("imaging")
def test_a_file_field_in_the_public_media_folder_is_reported():
    class Poster(models.Model):
        file = models.FileField(upload_to="posters/")

        class Meta:
            app_label = "imaging"

        def __str__(self) -> str:
            return str(self.pk)

    assert [e.id for e in bypassing_fields([Poster])] == ["imaging.E002"]


@isolate_apps("imaging")
def test_pipeline_images_and_privately_stored_files_pass():
    class Album(models.Model):
        cover = PipelineImageField(upload_to="albums/")
        scan = models.FileField(storage=FileSystemStorage(location="/tmp/rieng"), upload_to="scans/")

        class Meta:
            app_label = "imaging"

        def __str__(self) -> str:
            return str(self.pk)

    assert bypassing_fields([Album]) == []
