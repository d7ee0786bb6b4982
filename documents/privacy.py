"""Commenters' contact details on drafts (lấy ý kiến dự thảo) are kept only for the retention period.

The case of a comment is closed when its consultation's deadline passes; `purge_citizen_contacts`
blanks the contact of every comment on a consultation that closed before `closed_before`. The
comment itself (name, section, text, publication, response) stays: it is part of the public record
of the consultation.
"""

from django.utils import timezone

from civic.privacy import register_purger


@register_purger("consultation-comments")
def purge_consultation_contacts(closed_before) -> int:
    from .models import ConsultationComment

    return (
        ConsultationComment.objects.filter(consultation__closes_at__lt=closed_before)
        .exclude(contact="")
        .update(contact="", contact_purged_at=timezone.now())
    )
