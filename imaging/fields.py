"""An ImageField that sends every new upload through the photo pipeline."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.files import ImageFieldFile

from . import pipeline

_MIME = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


class PipelineFormImageField(forms.ImageField):
    """Form side: refuses bad uploads with a Vietnamese message before anything is stored."""

    def to_python(self, data):
        if data in self.empty_values:
            return None
        pipeline.inspect(data)
        image = pipeline._load(data)  # catches truncated files now, not at save time
        data.image = image
        data.content_type = _MIME.get(image.format)
        data.seek(0)
        return data


class PipelineFieldFile(ImageFieldFile):
    """`instance.photo.save(name, content)` takes the same road as a form upload."""

    def save(self, name, content, save=True):
        if not getattr(content, "_pipeline_clean", False):
            try:
                content = pipeline.process_upload(content)
            except ValidationError as exc:
                raise ValidationError({self.field.name: exc.messages}) from None
            content._pipeline_clean = True
        super().save(content.name, content, save=save)
        self.field.update_dimension_fields(self.instance, force=True)
        pipeline.make_renditions(self.name, storage=self.storage)


class PipelineImageField(models.ImageField):
    """Validated, metadata-free, downscaled originals with renditions made once at upload.

    Give width_field and height_field: templates read the stored size from them, so a page
    view never opens the image file.
    """

    attr_class = PipelineFieldFile

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PipelineFormImageField, **kwargs})

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            file.save(file.name, file.file, save=False)  # PipelineFieldFile.save cleans it
        return super().pre_save(model_instance, add)
