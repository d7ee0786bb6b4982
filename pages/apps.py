from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Trang và cấu hình"

    def ready(self):
        from . import signals

        signals.connect()
