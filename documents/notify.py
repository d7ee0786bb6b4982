"""E-mail to a site's staff when a citizen comments on a draft (lấy ý kiến dự thảo).

Sent after the comment's transaction commits (never for a comment rolled back), to every active
staff member holding, on the comment's site, a role whose group may moderate comments
(``documents.change_consultationcomment``: "Thư ký"). The message names the draft and links
to the comment in the admin; it carries neither the citizen's contact nor the text, so a
forwarded notice leaks nothing. Sent by a background job (`comment_notice` below): a mail
server that fails is retried, then shown as a failed job to platform administrators, never to
the citizen.
"""

import logging

from django.contrib.auth import get_user_model
from django.contrib.sites.models import Site
from django.core.mail import send_mail

from jobs.api import site_job
from network.current import working_on

logger = logging.getLogger(__name__)

PERMISSION = ("documents", "change_consultationcomment")


def moderators(site_id: int) -> list[str]:
    """Addresses of the staff who moderate comments on the site `site_id`."""
    app_label, codename = PERMISSION
    users = (
        get_user_model()
        .objects.filter(
            is_active=True,
            is_staff=True,
            site_roles__site_id=site_id,
            site_roles__group__permissions__content_type__app_label=app_label,
            site_roles__group__permissions__codename=codename,
        )
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    return sorted(set(users))


def notify_staff_of_comment(comment_pk: int, site_id: int, admin_url: str = "") -> int:
    from .models import ConsultationComment

    site = Site.objects.get(pk=site_id)
    with working_on(site):
        comment = ConsultationComment.objects.select_related("consultation").filter(pk=comment_pk).first()
        if comment is None:
            return 0
        recipients = moderators(site_id)
        if not recipients:
            logger.info(
                "consultation comment %s: no moderator with an e-mail on site %s", comment_pk, site_id
            )
            return 0
        consultation = comment.consultation
        received = consultation.comments.count()
    lines = [
        f"Dự thảo “{consultation.title}” vừa nhận một ý kiến góp ý mới (tổng cộng {received} ý kiến).",
        f"Hạn góp ý: {consultation.deadline_text}.",
        "",
        "Ý kiến chưa hiện trên trang cho tới khi được duyệt và công bố.",
    ]
    if admin_url:
        lines += ["", f"Xem và xử lý: {admin_url}"]
    # A mail server's error is raised: the job (`comment_notice`) is retried, then shown failed.
    return send_mail(
        subject=f"[{site.name}] Ý kiến góp ý mới: {consultation.title}"[:200],
        message="\n".join(lines),
        from_email=None,
        recipient_list=recipients,
    )


@site_job("Gửi thư báo ý kiến góp ý dự thảo")
def comment_notice(site_id: int, comment_id: int, admin_url: str = "") -> int:
    """The notice as a background job, queued once the comment is committed (documents.views)."""
    return notify_staff_of_comment(comment_id, site_id, admin_url)
