from django.apps import AppConfig


class LifecycleConfig(AppConfig):
    """Creating, merging and archiving committee sites: the platform administrator's work."""

    name = "lifecycle"
    verbose_name = "Tạo, hợp nhất và lưu trữ cổng"
