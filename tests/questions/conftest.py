"""Fixtures for Hỏi đáp: topics, questions in each state, and a citizen posting the form."""

import pytest
from django.urls import reverse

from civic.testing import passing_protections
from questions import codes
from questions.forms import AskForm
from questions.models import Question, Topic


@pytest.fixture(autouse=True)
def _question_settings(settings, tmp_path):
    settings.CIVIC_POW_MAX_NUMBER = 50  # the proof of work solves instantly in tests
    settings.DOCUMENT_FILES_ROOT = str(tmp_path / "documents")


@pytest.fixture
def topic(db):
    return Topic.objects.create(name="Phòng, chống tham nhũng", order=1)


def make_question(topic, *, code: str | None = None, **fields) -> tuple[Question, str]:
    code = code or codes.new_code()
    values = {"asker_name": "Trần Thị Bình", "email": "binh@example.vn", "text": "Xin hỏi thủ tục tố giác?"}
    values.update(fields)
    question = Question.objects.create(topic=topic, code_digest=codes.digest(code), **values)
    return question, code


def published(topic, n: int = 1, **fields) -> list[Question]:
    from django.utils import timezone

    now = timezone.now()
    made = []
    for i in range(n):
        values = {
            "status": Question.Status.ANSWERED,
            "answer": f"Trả lời số {i}.",
            "answered_at": now,
            "is_published": True,
            "published_at": now,
            "public_title": f"Câu hỏi công khai số {i}",
            **fields,
        }
        made.append(make_question(topic, **values)[0])
    return made


def ask(client, chosen_topic, address: str = "203.0.113.10", protections: dict | None = None, **fields):
    """Post the ask form as a person would (protections passed unless given); `fields` override."""
    data = {
        "asker_name": "Lê Văn Hỏi",
        "email": "",
        "phone": "",
        "topic": str(chosen_topic.pk),
        "text": "Câu hỏi?",
    }
    data.update(fields)
    data.update(passing_protections(AskForm) if protections is None else protections)
    return client.post(reverse("questions:ask"), data, REMOTE_ADDR=address)
