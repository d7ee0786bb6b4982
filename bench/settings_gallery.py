"""Settings for bench/gallery.py: production settings, but static files named without the
manifest a `collectstatic` run would write (the admin pages name them)."""

from portal.settings import *  # noqa: F403

STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
