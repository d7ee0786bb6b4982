from django.apps import AppConfig
from django.core import checks


class ImagingConfig(AppConfig):
    name = "imaging"
    verbose_name = "Ảnh"

    def ready(self) -> None:
        from .checks import check_image_fields

        checks.register(check_image_fields, checks.Tags.models)
