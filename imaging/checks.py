"""System check: every image a project model stores goes through the photo pipeline.

MEDIA_ROOT is served as-is by nginx, so a file field writing there without the pipeline would
publish whatever a client sent, under the client's name: HTML/PNG polyglots, GPS metadata,
pixel floods. A plain `ImageField`, or any file field on the public media storage, is an error;
file fields on a storage of their own (document attachments, served by a checking view) are not
images and are left to that storage's owner.
"""

import sys
from collections.abc import Iterable
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.core.files.storage import default_storage
from django.db import models

from .fields import PipelineImageField


def _is_project_app(app_config) -> bool:
    path = Path(app_config.path).resolve()
    return path.is_relative_to(Path(settings.BASE_DIR).resolve()) and not path.is_relative_to(
        Path(sys.prefix).resolve()  # the virtualenv may live inside the project folder
    )


def project_models(app_configs=None) -> list[type[models.Model]]:
    """The models of the apps in this repository (not Django's, not third-party packages')."""
    configs = app_configs if app_configs is not None else apps.get_app_configs()
    return [model for config in configs if _is_project_app(config) for model in config.get_models()]


def bypassing_fields(model_list: Iterable[type[models.Model]]) -> list[checks.CheckMessage]:
    errors = []
    for model in model_list:
        for field in model._meta.get_fields():
            if not isinstance(field, models.FileField) or isinstance(field, PipelineImageField):
                continue
            label = f"{model._meta.label}.{field.name}"
            if isinstance(field, models.ImageField):
                errors.append(
                    checks.Error(
                        f"{label} is a plain ImageField: uploads would be stored as sent.",
                        hint="Use imaging.fields.PipelineImageField.",
                        obj=field,
                        id="imaging.E001",
                    )
                )
            elif field.storage is default_storage:
                errors.append(
                    checks.Error(
                        f"{label} stores files in the public media folder without the photo pipeline.",
                        hint="Use imaging.fields.PipelineImageField for images; other files need a "
                        "storage outside MEDIA_ROOT served by a view that checks them.",
                        obj=field,
                        id="imaging.E002",
                    )
                )
    return errors


def check_image_fields(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    return bypassing_fields(project_models(app_configs))
