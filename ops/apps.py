from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "ops"
    verbose_name = "Vận hành"

    def ready(self) -> None:
        from . import objectstore, security_log, uploads  # noqa: F401 (objectstore: its bucket check)

        # Failed logins and lockouts in the security log (reliability).
        security_log.connect_signals()
        # Stored files leave with their records (every model's file fields).
        uploads.connect_file_cleanup()
