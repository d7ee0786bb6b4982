from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "ops"
    verbose_name = "Vận hành"

    def ready(self) -> None:
        from . import security_log, uploads

        # Failed logins and lockouts in the security log (reliability).
        security_log.connect_signals()
        # Stored files leave with their records (every model's file fields).
        uploads.connect_file_cleanup()
