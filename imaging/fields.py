"""An ImageField that sends every new upload through the photo pipeline."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

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


class PipelineImageField(models.ImageField):
    """Validated, metadata-free, downscaled originals with renditions made once at upload.

    Give width_field and height_field: templates read the stored size from them, so a page
    view never opens the image file.
    """

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PipelineFormImageField, **kwargs})

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            try:
                clean = pipeline.process_upload(file.file)
            except ValidationError as exc:
                raise ValidationError({self.name: exc.messages}) from None
            file.save(clean.name, clean, save=False)
            self.update_dimension_fields(model_instance, force=True)
            pipeline.make_renditions(file.name, storage=file.storage)
        return super().pre_save(model_instance, add)
