"""E-mail notices (Django's e-mail backend: console in `make run`, SMTP with EMAIL_URL).

Queued after the transaction commits (callers use `transaction.on_commit`), so a rolled-back
save sends nothing, and sent by a background job (`question_notice` below): a mail server that fails
is retried, and at last shown as a failed job to platform administrators, never to the citizen.

- `new_question`: to the site's staff who triage (Thư ký) or answer (Duyệt bài) questions.
- `answered`, `refused`: to the asker, when they left an e-mail address.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from jobs.api import site_job
from network.api import site_entry

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


NOTICES = {
    "new_question": ("questions/email/new_question.txt", None),
    "answered": ("questions/email/answered.txt", "Câu hỏi của bạn đã được trả lời"),
    "refused": ("questions/email/refused.txt", "Câu hỏi của bạn không được tiếp nhận"),
}


def _enqueue(kind: str, question, urls: dict) -> None:
    """Queue the notice: it is written and sent by a background job (`question_notice` below), retried
    while the mail server fails, never in the citizen's or the staff member's request."""
    question_notice.enqueue(question.site_id, kind, question.pk, urls)


def new_question(question, request) -> None:
    admin_url = request.build_absolute_uri(reverse("admin:questions_question_change", args=[question.pk]))
    _enqueue("new_question", question, {"admin_url": admin_url})


def answered(question, request) -> None:
    _to_asker(question, request, "answered")


def refused(question, request) -> None:
    _to_asker(question, request, "refused")


def _to_asker(question, request, kind: str) -> None:
    if not question.email:
        return
    urls = {
        "status_url": request.build_absolute_uri(reverse("questions:status")),
        "public_url": request.build_absolute_uri(question.get_absolute_url())
        if question.is_published
        else "",
    }
    _enqueue(kind, question, urls)


def send_notice(kind: str, question, urls: dict) -> int:
    """Write and send one notice (the job's work); a mail server's error is raised, so the job
    is retried and, in the end, shown as failed in the admin."""
    template, subject = NOTICES[kind]
    site_name = _site_name(question.site_id)
    context = {"question": question, "site_name": site_name, **urls}
    if kind == "new_question":
        recipients = staff_emails(question.site_id)
        subject = f"[Hỏi đáp] Câu hỏi mới: {question.topic.name}"
    else:
        recipients = [question.email] if question.email else []
        subject = f"[{site_name}] {subject}"
    if not recipients:
        return 0
    return send_mail(subject, render_to_string(template, context), settings.DEFAULT_FROM_EMAIL, recipients)


@site_job("Gửi thư báo Hỏi đáp")
def question_notice(site_id: int, kind: str, question_id: int, urls: dict) -> int:
    """Send the notice `kind` about a question of `site_id` (none if it is gone or elsewhere)."""
    from .models import Question

    question = Question.objects.select_related("topic").filter(pk=question_id).first()
    if question is None:
        return 0
    return send_notice(kind, question, urls)
