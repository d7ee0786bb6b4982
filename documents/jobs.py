"""Documents' background jobs: the searchable text of an uploaded attachment, and the e-mail
to a site's moderators when a citizen comments on a draft.

Text extraction reads a whole PDF (up to DOCUMENT_TEXT_MAX_PAGES pages) or word-processing
file: seconds for a long plan, so it runs after the upload, not in it. Until it has run the
document is found by its number, title and summary, not yet by its files' words.
"""

from jobs.api import site_job

from .extract import extract_text
from .notify import notify_staff_of_comment


@site_job("Trích nội dung tệp văn bản để tìm kiếm")
def extract_attachment_text(site_id: int, attachment_id: int, name: str) -> int:
    """Store the text of the attachment's file `name`, read through its storage; nothing when
    the attachment is gone, holds another file since, or is not on `site_id` (out of scope)."""
    from .models import Attachment

    attachment = Attachment.objects.select_related("document").filter(pk=attachment_id, file=name).first()
    if attachment is None:
        return 0
    with attachment.file.open("rb") as fh:
        text = extract_text(fh, attachment.kind)
    attachment.text = text
    # A save, so the document's search text, its index entry and the page cache follow.
    attachment.save(update_fields=["text"])
    return len(text)


@site_job("Gửi thư báo ý kiến góp ý dự thảo")
def comment_notice(site_id: int, comment_id: int, admin_url: str = "") -> int:
    return notify_staff_of_comment(comment_id, site_id, admin_url)
