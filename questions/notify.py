"""E-mail notices (Django's e-mail backend: console in `make run`, SMTP with EMAIL_URL).

Sent after the transaction commits (callers use `transaction.on_commit`), so a rolled-back
save sends nothing; a mail server that fails is logged, never shown to the citizen.

- `new_question`: to the site's staff who triage (Thư ký) or answer (Duyệt bài) questions.
- `answered`, `refused`: to the asker, when they left an e-mail address.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from network.api import site_entry

logger = logging.getLogger(__name__)

STAFF_GROUPS = ("Thư ký", "Duyệt bài")


def _site_name(site_id: int) -> str:
    entry = site_entry(site_id)
    return entry.name if entry else ""


def staff_emails(site_id: int) -> list[str]:
    User = get_user_model()
    users = User.objects.filter(
        is_active=True, is_staff=True, site_roles__site_id=site_id, site_roles__group__name__in=STAFF_GROUPS
    ).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def _send(subject: str, template: str, context: dict, recipients: list[str]) -> None:
    if not recipients:
        return
    body = render_to_string(template, context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except Exception:
        logger.exception("questions: notice %s not sent", template)


def new_question(question, request) -> None:
    admin_url = request.build_absolute_uri(reverse("admin:questions_question_change", args=[question.pk]))
    context = {"question": question, "site_name": _site_name(question.site_id), "admin_url": admin_url}
    _send(
        f"[Hỏi đáp] Câu hỏi mới: {question.topic.name}",
        "questions/email/new_question.txt",
        context,
        staff_emails(question.site_id),
    )


def answered(question, request) -> None:
    _to_asker(question, request, "Câu hỏi của bạn đã được trả lời", "questions/email/answered.txt")


def refused(question, request) -> None:
    _to_asker(question, request, "Câu hỏi của bạn không được tiếp nhận", "questions/email/refused.txt")


def _to_asker(question, request, subject: str, template: str) -> None:
    if not question.email:
        return
    context = {
        "question": question,
        "site_name": _site_name(question.site_id),
        "status_url": request.build_absolute_uri(reverse("questions:status")),
        "public_url": request.build_absolute_uri(question.get_absolute_url())
        if question.is_published
        else "",
    }
    _send(f"[{context['site_name']}] {subject}", template, context, [question.email])
