from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "pagecache"
    label = "pagecache"
    verbose_name = "Bộ đệm trang"

    def ready(self) -> None:
        from . import signals

        signals.connect()
