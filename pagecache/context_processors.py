from django.conf import settings

from .fragments import DAY_FRAGMENT_SECONDS, shell_key


def fragments(request) -> dict:
    """`shell_key` and `shell_seconds` for the `{% cache %}` tags around the shared parts of
    every public page, and `day_seconds` for fragments also keyed on the day (pagecache.fragments).
    Nothing is cached when the versions cannot be read."""
    key = shell_key(request)
    return {
        "shell_key": key,
        "shell_seconds": settings.FRAGMENT_CACHE_SECONDS if key else 0,
        "day_seconds": DAY_FRAGMENT_SECONDS if key else 0,
    }
