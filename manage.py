#!/usr/bin/env python
import os
import sys

# Commands that answer without the project's settings (Django's own help and version).
WITHOUT_SETTINGS = {"help", "--help", "-h", "version", "--version"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    if len(sys.argv) > 1 and sys.argv[1] not in WITHOUT_SETTINGS:
        # Django keeps a settings error to itself and fails later with "Models aren't loaded
        # yet"; the operator is told what is missing instead (e.g. DJANGO_SECRET_KEY).
        from django.conf import settings

        try:
            settings.INSTALLED_APPS  # noqa: B018
        except ImproperlyConfigured as exc:
            sys.exit(f"Cấu hình chưa đủ: {exc}")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
