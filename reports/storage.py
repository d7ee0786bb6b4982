"""Where report screenshots live: the private "documents" storage, never MEDIA_ROOT.

A screenshot shows what a citizen saw (often with their own account, friends or messages in
it); it is evidence for the site's staff, not public media. It is stored in the same private
storage as document attachments (a private bucket, or a folder nginx does not serve) and only
`reports.admin.ReportAdmin.screenshot_view` hands it out, to that site's staff.
"""

import uuid

from django.utils import timezone

from network.api import site_prefix


def screenshot_upload_to(instance, filename: str) -> str:
    """ "sites/3/bao-tin/2026/12/<32 hex>.png": a generated name, the extension of the clean
    re-encoded image (never the citizen's file name)."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "png"
    return f"{site_prefix(instance.site_id)}bao-tin/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}.{ext}"
