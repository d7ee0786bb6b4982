"""Uploaded files live under a per-site prefix: sites/<site id>/<folder>/<name>.

One bucket or media folder serves the whole platform; the prefix keeps each committee's files
apart (a site's files can be listed, copied, backed up or removed as a whole)."""

from django.utils import timezone
from django.utils.deconstruct import deconstructible

from .current import current_site_id


def site_prefix(site_id: int | None = None) -> str:
    site_id = site_id if site_id is not None else current_site_id()
    return f"sites/{site_id or 0}/"


@deconstructible
class SiteUploadTo:
    """`upload_to` for a per-site model: the row's site, then `folder` (strftime codes allowed)."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        site_id = getattr(instance, "site_id", None)
        return site_prefix(site_id) + timezone.localtime().strftime(self.folder) + filename

    def __eq__(self, other):
        return isinstance(other, SiteUploadTo) and other.folder == self.folder
