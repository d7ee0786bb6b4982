from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Trang và cấu hình"

    def ready(self):
        from .pagecache import CONTENT_APPS, bump_content_version

        def _on_content_write(sender, **kwargs):
            if sender._meta.app_label in CONTENT_APPS:
                bump_content_version()

        def _on_m2m(sender, **kwargs):
            instance = kwargs.get("instance")
            if instance is not None and instance._meta.app_label in CONTENT_APPS:
                bump_content_version()

        post_save.connect(_on_content_write, weak=False, dispatch_uid="pagecache-save")
        post_delete.connect(_on_content_write, weak=False, dispatch_uid="pagecache-delete")
        m2m_changed.connect(_on_m2m, weak=False, dispatch_uid="pagecache-m2m")
