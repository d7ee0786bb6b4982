from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Báo tin xấu độc, tin giả"

    def ready(self):
        from . import privacy  # noqa: F401 — registers the contact purger
