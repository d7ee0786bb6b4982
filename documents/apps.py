from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = "Văn bản"

    def ready(self):
        from . import jobs, privacy  # noqa: F401  (the text extraction's trigger; the purger of commenters' contacts)
