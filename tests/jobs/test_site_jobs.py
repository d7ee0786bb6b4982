"""Text extraction and e-mail notices as jobs through the database backend: off the request,
retried when the mail server fails, and always inside the site they were queued for."""

import smtplib

import pytest
from django.core import mail
from django.test import RequestFactory
from django_tasks_db.models import DBTaskResult

from documents.jobs import extract_attachment_text
from documents.models import Attachment, Document
from network.api import working_on
from questions import notify
from tests.documents.conftest import attach, pdf_bytes
from tests.jobs.conftest import run_worker
from tests.questions.conftest import make_question

pytestmark = pytest.mark.usefixtures("database_jobs")


def test_an_attachment_is_stored_at_once_and_searchable_once_the_worker_has_read_it(make_document):
    document = make_document(title="Kế hoạch tuyên truyền")
    attachment = attach(document, pdf_bytes(text="Đấu tranh phản bác quan điểm sai trái"), "kh.pdf")
    attachment.refresh_from_db()
    assert attachment.text == ""  # not read in the upload
    assert list(Document.objects.matching("phan bac quan diem sai trai")) == []
    run_worker()
    attachment.refresh_from_db()
    assert "phản bác quan điểm sai trái" in attachment.text
    assert list(Document.objects.matching("phan bac quan diem sai trai")) == [document]


def test_an_extraction_job_for_one_site_cannot_touch_another_sites_attachment(make_document, other_site):
    attachment = attach(make_document(), pdf_bytes(text="Nội dung của cổng một"), "a.pdf")
    run_worker()
    before = Attachment.objects.get(pk=attachment.pk).text
    Attachment.objects.filter(pk=attachment.pk).update(text="")  # as if not read yet
    with working_on(other_site):  # a job queued by, and for, site B naming site A's row
        extract_attachment_text.enqueue(other_site.pk, attachment.pk, attachment.file.name)
    run_worker()
    last = DBTaskResult.objects.order_by("-enqueued_at").first()
    assert last.status == "SUCCESSFUL" and last.return_value == 0  # found nothing on its site
    assert Attachment.objects.get(pk=attachment.pk).text == ""  # site A's row untouched
    assert before  # while the job for its own site did read it


def test_a_notice_is_sent_by_the_worker_and_retried_when_the_mail_server_fails(topic, monkeypatch):
    question, _code = make_question(topic)
    request = RequestFactory().get("/", HTTP_HOST="testserver")
    notify.answered(question, request)
    assert mail.outbox == []  # queued, not sent in the request

    real_send = mail.get_connection().__class__.send_messages
    failures = {"left": 1}

    def flaky_send(self, messages):
        if failures["left"]:
            failures["left"] -= 1
            raise smtplib.SMTPServerDisconnected("máy chủ thư ngắt kết nối")
        return real_send(self, messages)

    monkeypatch.setattr(mail.get_connection().__class__, "send_messages", flaky_send)
    run_worker()
    assert [r.status for r in DBTaskResult.objects.order_by("enqueued_at")] == ["FAILED", "SUCCESSFUL"]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["binh@example.vn"]
    assert "đã được trả lời" in mail.outbox[0].subject


def test_a_bulk_change_is_indexed_by_the_background_reindex():
    from django.core.management import call_command

    from news.models import Article
    from search.engine import Filters, Search
    from search.query import parse_query
    from tests.search.conftest import Factory, at

    def found(text):
        return [hit.obj for hit in Search(parse_query(text), Filters())[0:50]]

    category = Factory().category()
    # An import: rows created in bulk send no signal, so the index does not hear of them.
    Article.objects.bulk_create(
        [
            Article(
                title="Tập huấn chuyển đổi số",
                slug="tap-huan",
                category=category,
                status="published",
                publish_at=at(2021),
            )
        ]
    )
    article = Article.objects.get()
    assert found("chuyen doi so") == []
    call_command("reindex_search", "--nen", "--cong", "1", stdout=open("/dev/null", "w"))
    assert found("chuyen doi so") == []  # queued, not done in the command
    run_worker()
    assert found("chuyen doi so") == [article]
    (result,) = DBTaskResult.objects.all()
    assert result.args_kwargs["args"] == [1, None] and result.return_value["article"] == 1


def test_the_daily_prune_queued_by_its_timer_runs_in_the_worker_across_every_site(other_site):
    import datetime

    from django.core.management import call_command

    from stats.models import ObjectDailyCount

    old = datetime.date.today() - datetime.timedelta(days=3 * 365)
    ObjectDailyCount.objects.create(day=old, kind="view", model="news.article", object_id=1)
    with working_on(other_site):
        ObjectDailyCount.objects.create(day=old, kind="view", model="news.article", object_id=2)
    call_command("prune_visits", "--nen", stdout=open("/dev/null", "w"))  # what the timer runs
    assert ObjectDailyCount.every_site.count() == 2  # only queued
    run_worker()
    assert ObjectDailyCount.every_site.count() == 0
    (result,) = DBTaskResult.objects.all()
    assert result.status == "SUCCESSFUL" and result.return_value["objects"] == 2
