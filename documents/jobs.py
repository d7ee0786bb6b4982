"""Documents' background job: the searchable text of an uploaded attachment.

Text extraction reads a whole PDF (up to DOCUMENT_TEXT_MAX_PAGES pages) or word-processing
file: seconds for a long plan, so it runs after the upload, not in it. Until it has run the
document is found by its number, title and summary, not yet by its files' words.

Queued by `queue_extraction` on the attachment's post_save (connected in DocumentsConfig.ready),
inside the saving transaction: a rolled-back save queues nothing.
"""

from django.db.models.signals import post_save

from jobs.api import site_job

from .extract import extract_text
from .models import Attachment


@site_job("Trích nội dung tệp văn bản để tìm kiếm")
def extract_attachment_text(site_id: int, attachment_id: int, name: str) -> int:
    """Store the text of the attachment's file `name`, read through its storage; nothing when
    the attachment is gone, holds another file since, or is not on `site_id` (out of scope)."""
    attachment = Attachment.objects.select_related("document").filter(pk=attachment_id, file=name).first()
    if attachment is None:
        return 0
    with attachment.file.open("rb") as fh:
        text = extract_text(fh, attachment.kind)
    attachment.text = text
    # A save, so the document's search text, its index entry and the page cache follow.
    attachment.save(update_fields=["text"])
    return len(text)


def queue_extraction(sender, instance, raw=False, **kwargs):
    """An attachment saved with a new file (Attachment.save marks it) gets its text read."""
    if raw or not getattr(instance, "text_pending", False):
        return
    instance.text_pending = False
    extract_attachment_text.enqueue(instance.site_id, instance.pk, instance.file.name)


post_save.connect(queue_extraction, sender=Attachment, dispatch_uid="documents.queue_extraction")
