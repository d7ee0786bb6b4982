"""Hỏi đáp's background job: the e-mail notices (questions.notify)."""

from jobs.api import site_job

from . import notify


@site_job("Gửi thư báo Hỏi đáp")
def question_notice(site_id: int, kind: str, question_id: int, urls: dict) -> int:
    """Send the notice `kind` about a question of `site_id` (none if it is gone or elsewhere)."""
    from .models import Question

    question = Question.objects.select_related("topic").filter(pk=question_id).first()
    if question is None:
        return 0
    return notify.send_notice(kind, question, urls)
