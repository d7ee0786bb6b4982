from django.apps import AppConfig


class NetworkConfig(AppConfig):
    """The platform: every committee of a province as a site of its own, reached by its host name."""

    name = "network"
    verbose_name = "Mạng lưới các Ban Chỉ đạo"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import signals  # noqa: F401  (host-map invalidation)
        from .first_site import ensure_first_site

        post_migrate.connect(ensure_first_site, sender=self)
