from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "ops"
    verbose_name = "Vận hành"

    def ready(self) -> None:
        from . import security_log

        # Failed logins and lockouts in the security log (reliability).
        security_log.connect_signals()
