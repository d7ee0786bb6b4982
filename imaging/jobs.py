"""The renditions of an uploaded photo, made by a background job (2–3 s for a 12-megapixel
photo: a gallery of a dozen would otherwise hold the upload request for half a minute).

The job reads the original and writes the renditions through the storage (an object store in
production): never a local path. It works for the site whose folder (sites/<id>/) holds the
original, and refuses a name in another site's folder.
"""

from django.core.files.storage import default_storage

from jobs.api import JobRefused, site_job
from network.api import current_site_id, site_prefix

from . import pipeline, stored


def enqueue_renditions(name: str, site_id: int | None = None) -> None:
    """Have the renditions of the stored original `name` made in the background."""
    site_id = site_id or current_site_id() or _site_of(name)
    make_renditions.enqueue(site_id, name)


def _site_of(name: str) -> int:
    parts = name.split("/")
    return int(parts[1]) if len(parts) > 2 and parts[0] == "sites" and parts[1].isdigit() else 1


@site_job("Tạo các cỡ ảnh (WebP, JPEG)")
def make_renditions(site_id: int, name: str) -> list[str]:
    """Write the missing renditions of `name` (a no-op when they all exist: a retried or
    repeated job redoes nothing), then let pages offer them at once."""
    if name.startswith("sites/") and not name.startswith(site_prefix(site_id)):
        raise JobRefused(f"{name} is not in the folder of site {site_id}")
    if not default_storage.exists(name):  # the photo was replaced or removed since
        return []
    written = pipeline.make_renditions(name, storage=default_storage)
    # "Not there yet", remembered by a page shown meanwhile, is over; and the original's size
    # and dimensions are read again, as it may have been finished (written again) first.
    for target in [name, *written]:
        stored.forget(target, default_storage)
    return written
