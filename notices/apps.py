from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "notices"
    label = "notices"
    verbose_name = "Thông báo trên cổng"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from pagecache.api import add_page_key_part

        from .active import page_key_part

        add_page_key_part(page_key_part)
