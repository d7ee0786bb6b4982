"""Hỏi đáp in the admin: each role does its part, nothing more, and only on its own site."""

import datetime

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from network.current import working_on
from questions.models import Question, Topic
from tests.conftest import SECRETARY_GROUP, give_role, login_staff
from tests.security.admin_forms import form_values

from .conftest import make_question

pytestmark = pytest.mark.django_db


def change_url(question) -> str:
    return reverse("admin:questions_question_change", args=[question.pk])


def post_change(client, question, **changes):
    """Open the question in the admin and save it with `changes`, as a person would."""
    page = client.get(change_url(question))
    assert page.status_code == 200
    data = form_values(page.content.decode(), "question_form")
    data.update({k: ("on" if v is True else v) for k, v in changes.items() if v is not False})
    for k, v in changes.items():
        if v is False:
            data.pop(k, None)
    return client.post(change_url(question), data)


def test_the_secretary_refuses_with_a_reason_and_the_asker_is_told(
    secretary, topic, citizen, django_capture_on_commit_callbacks
):
    question, code = make_question(topic, email="hoi@example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        response = post_change(
            secretary, question, status="refused", refusal_reason="Không thuộc thẩm quyền."
        )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == Question.Status.REFUSED and question.closed_at is not None
    assert [m.to for m in mail.outbox] == [["hoi@example.vn"]]
    assert "Không thuộc thẩm quyền." in mail.outbox[0].body
    status = citizen.post(reverse("questions:status"), {"code": code}).content.decode()
    assert "Không tiếp nhận" in status and "Không thuộc thẩm quyền." in status


def test_refusing_without_a_reason_is_refused_in_vietnamese(secretary, topic):
    question, _ = make_question(topic)
    response = post_change(secretary, question, status="refused", refusal_reason="")
    assert response.status_code == 200
    assert "Hãy ghi lý do không tiếp nhận" in response.content.decode()
    question.refresh_from_db()
    assert question.status == Question.Status.RECEIVED


def test_the_editor_drafts_but_cannot_answer_or_publish(editor, topic, django_capture_on_commit_callbacks):
    question, _ = make_question(topic, email="hoi@example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        post_change(editor, question, answer="Bản nháp trả lời.", status="in_progress")
    question.refresh_from_db()
    assert question.answer == "Bản nháp trả lời." and question.status == Question.Status.IN_PROGRESS
    # A forged POST that answers and publishes changes nothing of the kind.
    with django_capture_on_commit_callbacks(execute=True):
        response = post_change(editor, question, status="answered", is_published=True)
    question.refresh_from_db()
    assert question.status == Question.Status.IN_PROGRESS and not question.is_published
    assert response.status_code in (200, 302)  # the fields are read-only for them: ignored
    assert mail.outbox == []
    # The status list offers them nothing beyond "Đang xử lý".
    page = editor.get(change_url(question)).content.decode()
    assert 'name="status"' not in page and 'name="is_published"' not in page


def test_the_approver_answers_and_publishes_and_the_citizen_sees_it(
    approver, topic, citizen, django_capture_on_commit_callbacks
):
    question, code = make_question(
        topic, email="hoi@example.vn", asker_name="Tên Người Hỏi", text="Hỏi về tiếp dân?"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = post_change(
            approver,
            question,
            answer="Trả lời chính thức.",
            status="answered",
            is_published=True,
            public_title="Thủ tục tiếp công dân",
        )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.answered_at and question.published_at and question.closed_at
    assert [m.to for m in mail.outbox] == [["hoi@example.vn"]]
    assert "Trả lời chính thức." in mail.outbox[0].body
    public = citizen.get(reverse("questions:list")).content.decode()
    assert "Thủ tục tiếp công dân" in public and "Tên Người Hỏi" not in public
    status = citizen.post(reverse("questions:status"), {"code": code}).content.decode()
    assert "Đã trả lời" in status and "Trả lời chính thức." in status


def test_publishing_an_unanswered_question_is_refused(approver, topic):
    question, _ = make_question(topic)
    response = post_change(approver, question, is_published=True)
    assert "Chỉ công khai được câu hỏi đã trả lời." in response.content.decode()
    question.refresh_from_db()
    assert not question.is_published


def test_what_the_citizen_sent_cannot_be_changed_in_the_admin(approver, topic):
    question, _ = make_question(topic, text="Nguyên văn.", email="a@example.vn")
    post_change(approver, question, text="Sửa lén.", email="b@example.vn", status="in_progress")
    question.refresh_from_db()
    assert question.text == "Nguyên văn." and question.email == "a@example.vn"


def test_nobody_adds_questions_in_the_admin_and_only_the_platform_admin_deletes(approver, secretary, topic):
    question, _ = make_question(topic)
    assert approver.get(reverse("admin:questions_question_add")).status_code == 403
    assert (
        secretary.post(
            reverse("admin:questions_question_delete", args=[question.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert Question.objects.filter(pk=question.pk).exists()


def test_staff_of_another_site_are_refused(topic, other_site, django_user_model):
    question, _ = make_question(topic, text="Câu hỏi của cổng 1")
    outsider = django_user_model.objects.create_user("thuky-xa", "x@example.vn", "x", is_staff=True)
    give_role(outsider, SECRETARY_GROUP, site_id=other_site.pk)
    client = login_staff(Client(raise_request_exception=False), outsider)
    # On their own site's host, by the question's admin address.
    response = client.get(change_url(question), HTTP_HOST=other_site.domain)
    assert response.status_code == 403
    response = client.post(
        change_url(question), {"status": "refused", "refusal_reason": "x"}, HTTP_HOST=other_site.domain
    )
    assert response.status_code == 403
    # On the question's site's host, where they hold no role.
    assert client.get(change_url(question)).status_code in (302, 403)
    attachment = reverse("admin:questions_question_attachment", args=[question.pk])
    assert client.get(attachment, HTTP_HOST=other_site.domain).status_code == 403
    question.refresh_from_db()
    assert question.status == Question.Status.RECEIVED
    with working_on(other_site):
        assert (
            "Câu hỏi của cổng 1"
            not in client.get(
                reverse("admin:questions_question_changelist"), HTTP_HOST=other_site.domain
            ).content.decode()
        )


def test_staff_download_the_attachment_never_the_public(secretary, topic, citizen):
    question, _ = make_question(topic, attachment_kind="pdf", attachment_name="don-thu.pdf")
    question.attachment.save("x.pdf", ContentFile(b"%PDF-1.4 noi dung"), save=True)
    url = reverse("admin:questions_question_attachment", args=[question.pk])
    response = secretary.get(url)
    assert response.status_code == 200
    assert (
        "attachment" in response["Content-Disposition"] and "don-thu.pdf" in response["Content-Disposition"]
    )
    assert citizen.get(url).status_code == 302  # to the login page
    assert "sites/1/hoi-dap/" in question.attachment.name and "don-thu" not in question.attachment.name


def test_contacts_are_purged_after_the_retention_period(topic, settings):
    settings.CIVIC_CONTACT_RETENTION_DAYS = 30
    old_closed, _ = make_question(topic, status="answered", answer="Đã trả lời.", phone="0912345678")
    recent, _ = make_question(topic, status="answered", answer="Đã trả lời.")
    still_open, _ = make_question(topic)
    Question.objects.filter(pk=old_closed.pk).update(closed_at=timezone.now() - datetime.timedelta(days=31))
    Question.objects.filter(pk=recent.pk).update(closed_at=timezone.now() - datetime.timedelta(days=5))
    Question.objects.filter(pk=still_open.pk).update(created_at=timezone.now() - datetime.timedelta(days=400))
    call_command("purge_citizen_contacts")
    old_closed.refresh_from_db()
    recent.refresh_from_db()
    still_open.refresh_from_db()
    assert (old_closed.asker_name, old_closed.email, old_closed.phone) == ("", "", "")
    assert old_closed.answer == "Đã trả lời." and old_closed.contact_purged_at
    assert recent.email == "binh@example.vn" and still_open.email == "binh@example.vn"


def test_topics_are_per_site(topic, other_site, citizen):
    with working_on(other_site):
        Topic.objects.create(name="Lĩnh vực của xã khác")
    body = citizen.get(reverse("questions:ask")).content.decode()
    assert "Phòng, chống tham nhũng" in body and "Lĩnh vực của xã khác" not in body


def test_publishing_refreshes_the_cached_public_list(approver, topic, citizen, settings):
    from tests.admin_writes import warm

    settings.PAGE_CACHE_SECONDS = 60
    question, _ = make_question(topic)
    assert "Bưu điện" not in warm(citizen, reverse("questions:list"))
    post_change(
        approver, question, answer="Trả lời.", status="answered", is_published=True, public_title="Bưu điện"
    )
    assert "Bưu điện" in citizen.get(reverse("questions:list")).content.decode()
    # A citizen's new question does not empty the site's cached pages.
    warm(citizen, reverse("questions:list"))
    make_question(topic, text="Câu hỏi mới")
    assert citizen.get(reverse("questions:list"))["X-Page-Cache"] == "hit"
