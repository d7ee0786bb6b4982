"""An ImageField that sends every new upload through the photo pipeline."""

import contextlib
import posixpath
import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.files import ImageFieldFile

from ops import security_log
from ops.uploads import record_written, removed_if_partial

from . import pipeline

_MIME = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


class PipelineFormImageField(forms.ImageField):
    """Form side: refuses bad uploads with a Vietnamese message before anything is stored."""

    def __init__(self, *args, log_label: str = "image", **kwargs):
        self.log_label = log_label  # "news.Article.photo": which field refused, in the security log
        super().__init__(*args, **kwargs)

    def to_python(self, data):
        if data in self.empty_values:
            return None
        try:
            fmt, width, height = pipeline.inspect(data)
            image = pipeline.check_pixels(data)  # catches truncated files now, not at save time
        except ValidationError as exc:
            security_log.upload_refused(
                None,
                field=self.log_label,
                code=exc.error_list[0].code,
                size=getattr(data, "size", None),
                name=getattr(data, "name", None),
            )
            raise
        data.image = image
        data.pipeline_checked = True
        if image.size == (width, height):  # decoded whole: process_upload reuses it
            data.pipeline_pixels = image
        data.content_type = _MIME.get(fmt)
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
        # The row is saved only once the original is stored; if its write fails (disk full),
        # what was written is removed and nothing is saved. The renditions are a background
        # job (imaging.jobs): until they exist, pages show the original (templatetags.imaging).
        with removed_if_partial(self.storage, self.field.generate_filename(self.instance, content.name)):
            super().save(content.name, content, save=False)
        try:
            self._set_dimensions(*content.image_size)
            from .jobs import enqueue_renditions

            enqueue_renditions(self.name, getattr(self.instance, "site_id", None))
        except BaseException:
            with contextlib.suppress(OSError):  # the disk may still be failing; the error says why
                self.storage.delete(self.name)
            raise
        record_written(self.storage, self.name)
        if save:
            self.instance.save()

    def _set_dimensions(self, width: int, height: int) -> None:
        """The width and height columns get the finished original's size (the pipeline's
        `image_size`), not the stored file's: a JPEG is kept as uploaded until its renditions
        job turns it upright and scales it down (imaging.pipeline)."""
        self._dimensions_cache = (width, height)
        if self.field.width_field:
            setattr(self.instance, self.field.width_field, width)
        if self.field.height_field:
            setattr(self.instance, self.field.height_field, height)


class PipelineImageField(models.ImageField):
    """Validated, metadata-free, downscaled originals; their renditions are made once, by a
    background job enqueued at upload.

    Give width_field and height_field: templates read the stored size from them, so a page
    view never opens the image file.
    """

    attr_class = PipelineFieldFile

    def formfield(self, **kwargs):
        label = f"{self.model._meta.label}.{self.name}"
        return super().formfield(**{"form_class": PipelineFormImageField, "log_label": label, **kwargs})

    def derived_names(self, name: str) -> list[str]:
        """Every rendition stored for the original `name`, found by listing their folder (the
        configured widths may have changed since it was made); ops.uploads deletes them with it."""
        folder = posixpath.dirname(pipeline.rendition_name(name, 1, "jpg"))
        stem = posixpath.splitext(posixpath.basename(name))[0]
        own = re.compile(rf"{re.escape(stem)}-\d+\.(?:{'|'.join(pipeline.RENDITION_FORMATS)})")
        try:
            _folders, files = self.storage.listdir(folder)
        except FileNotFoundError:
            return []
        return [posixpath.join(folder, f) for f in files if own.fullmatch(f)]

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            file.save(file.name, file.file, save=False)  # PipelineFieldFile.save cleans it
        return super().pre_save(model_instance, add)
