"""A published answer carries "Thông tin này có hữu ích không?" like articles and documents; a
question not published cannot be rated."""

from django.test import Client
from django.urls import reverse

from ratings.models import Rating

from .conftest import make_question, published


def _rate(client: Client, question, choice="useful"):
    token = client.get(reverse("ratings:token")).json()["token"]
    action = reverse("ratings:rate", args=["questions.question", question.pk])
    return client.post(action, {"choice": choice, "comment": "", "csrfmiddlewaretoken": token})


def test_a_published_answer_can_be_rated_and_a_pending_question_cannot(site_identity, topic):
    (answer,) = published(topic)
    pending, _code = make_question(topic)
    reader = Client(
        enforce_csrf_checks=True, REMOTE_ADDR="203.0.113.9", headers={"user-agent": "Mozilla/5.0"}
    )

    page = reader.get(answer.get_absolute_url()).content.decode()
    assert "Thông tin này có hữu ích không?" in page

    assert _rate(reader, answer).status_code in (302, 303)
    assert _rate(reader, pending).status_code == 404
    assert list(Rating.objects.values_list("object_id", flat=True)) == [answer.pk]
