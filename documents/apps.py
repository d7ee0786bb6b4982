from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = "Văn bản"

    def ready(self):
        from . import privacy  # noqa: F401  (registers the purger of commenters' contacts)
