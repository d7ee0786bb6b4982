from django.conf import settings

from .fragments import shell_key


def fragments(request) -> dict:
    """`shell_key` and `shell_seconds` for the `{% cache %}` tags around the shared parts of
    every public page (pagecache.fragments)."""
    key = shell_key(request)
    return {"shell_key": key, "shell_seconds": settings.FRAGMENT_CACHE_SECONDS if key else 0}
