"""Hỏi đáp as a citizen sees it: asking, the tracking code, the private status page, the
published questions, and every refusal with the text kept."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from civic import forms as civic_forms
from civic.testing import passing_protections
from questions import codes
from questions.forms import AskForm
from questions.models import Question
from tests.conftest import give_role

from .conftest import ask, make_question, published

pytestmark = pytest.mark.django_db


def _code_shown(client) -> str:
    page = client.get(reverse("questions:asked"))
    assert page.status_code == 200
    match = re.search(r"HD(?:-[0-9A-Z]{4}){5}", page.content.decode())
    assert match, "the confirmation page shows no tracking code"
    return match.group(0)


def test_a_citizen_asks_gets_a_code_and_follows_the_status(
    citizen, topic, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(citizen, topic, text="Tôi muốn hỏi về quy trình tiếp công dân.")
    assert response.status_code == 302 and response["Location"] == reverse("questions:asked")
    code = _code_shown(citizen)
    assert code not in response["Location"]
    question = Question.objects.get()
    assert question.status == Question.Status.RECEIVED and not question.is_published
    assert code.replace("-", "") not in question.code_digest  # only a digest is stored

    status = citizen.post(reverse("questions:status"), {"code": code.lower().replace("-", " ")})
    body = status.content.decode()
    assert "Đã tiếp nhận" in body and "quy trình tiếp công dân" in body
    assert "no-store" in status["Cache-Control"]
    # Nothing shows publicly before staff publish it.
    assert "quy trình tiếp công dân" not in citizen.get(reverse("questions:list")).content.decode()


def test_staff_of_the_site_get_a_notice_of_a_new_question(
    citizen, topic, secretary_user, django_capture_on_commit_callbacks
):
    secretary_user.email = "thuky@example.vn"
    secretary_user.save()
    with django_capture_on_commit_callbacks(execute=True):
        ask(citizen, topic, text="Nội dung riêng tư của người hỏi")
    assert [m.to for m in mail.outbox] == [["thuky@example.vn"]]
    assert "Câu hỏi mới" in mail.outbox[0].subject
    assert "Nội dung riêng tư" not in mail.outbox[0].body  # read it in the admin, not in mail


def test_staff_of_another_site_get_no_notice(
    citizen, topic, other_site, django_user_model, django_capture_on_commit_callbacks
):
    from tests.conftest import SECRETARY_GROUP

    elsewhere = django_user_model.objects.create_user("thuky2", "thuky2@example.vn", "x", is_staff=True)
    give_role(elsewhere, SECRETARY_GROUP, site_id=other_site.pk)
    with django_capture_on_commit_callbacks(execute=True):
        ask(citizen, topic)
    assert mail.outbox == []


def test_a_wrong_or_guessed_code_reveals_nothing(citizen, topic):
    make_question(topic, text="Bí mật của người hỏi")
    for guess in ["", "HD-0000-0000-0000-0000-0000", codes.new_code(), "' OR 1=1 --", "x" * 40]:
        page = citizen.post(reverse("questions:status"), {"code": guess})
        body = page.content.decode()
        assert page.status_code == 200
        assert "Bí mật của người hỏi" not in body and "Tình trạng:" not in body
        assert "no-store" in page["Cache-Control"]


def test_a_code_of_another_site_finds_nothing_here(citizen, topic, other_site):
    from network.current import working_on
    from questions.models import Topic

    with working_on(other_site):
        elsewhere = Topic.objects.create(name="Khác")
        _, code = make_question(elsewhere, text="Câu hỏi ở cổng khác")
    page = citizen.post(reverse("questions:status"), {"code": code})
    assert "Câu hỏi ở cổng khác" not in page.content.decode()


def test_guessing_codes_in_a_loop_gets_429(citizen, topic, settings, stopped_clock):
    settings.RATELIMIT_QUESTION_LOOKUP = "5/h"
    codes_tried = [
        citizen.post(
            reverse("questions:status"), {"code": codes.new_code()}, REMOTE_ADDR="192.0.2.50"
        ).status_code
        for _ in range(6)
    ]
    assert codes_tried == [200] * 5 + [429]


def test_codes_are_long_random_and_read_forgivingly():
    many = {codes.new_code() for _ in range(2000)}
    assert len(many) == 2000
    code = next(iter(many))
    assert len(codes.normalise(code)) == 20  # 100 bits
    typed = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert codes.digest(typed) == codes.digest(code)


def test_an_empty_submission_is_refused_in_vietnamese(citizen, topic):
    page = ask(citizen, topic, asker_name="  ", text="   ", topic="")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Hãy nhập họ và tên của bạn." in body
    assert "Hãy nhập nội dung câu hỏi." in body
    assert "Hãy chọn lĩnh vực của câu hỏi." in body
    # Each refused field points a screen reader at its message.
    assert 'aria-describedby="id_text_errors' in body and 'id="id_text_errors"' in body
    assert Question.objects.count() == 0


def test_an_oversized_text_is_refused_and_kept(citizen, topic):
    long_text = "Nội dung dài. " * 400  # 5.600 characters
    page = ask(citizen, topic, text=long_text)
    body = page.content.decode()
    assert "tối đa 5000" in body.lower() or "5000 ký tự" in body or "5.000" in body
    assert "Nội dung dài. Nội dung dài." in body
    assert Question.objects.count() == 0


def test_script_laden_text_is_stored_as_typed_and_shown_escaped(
    citizen, topic, django_capture_on_commit_callbacks
):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    ask(citizen, topic, text=hostile, asker_name='<b onmouseover="x">Tên</b>')
    question = Question.objects.get()
    assert question.text == hostile
    code = _code_shown(citizen)
    body = citizen.post(reverse("questions:status"), {"code": code}).content.decode()
    assert "<script>alert" not in body and "<img src=x" not in body
    assert "&lt;script&gt;" in body


def test_a_filled_honeypot_is_refused_with_a_message_and_the_text_kept(citizen, topic):
    protections = passing_protections(AskForm)
    protections[civic_forms.HONEYPOT_FIELD] = "http://spam.example/"
    page = ask(citizen, topic, protections=protections, text="Câu hỏi tôi đã gõ rất lâu")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Để trống ô này" in body and "đã có nội dung" in body
    assert "Câu hỏi tôi đã gõ rất lâu" in body
    assert Question.objects.count() == 0


def test_a_too_fast_submission_is_refused_with_a_message_and_the_text_kept(citizen, topic):
    page = ask(citizen, topic, protections=passing_protections(AskForm, age=0.5), text="Gõ nhanh quá")
    body = page.content.decode()
    assert "gửi quá nhanh" in body and "Gõ nhanh quá" in body
    assert Question.objects.count() == 0


def test_without_javascript_the_form_says_why_and_keeps_the_text(citizen, topic):
    page = citizen.get(reverse("questions:ask"))
    assert "<noscript>" in page.content.decode()
    protections = passing_protections(AskForm)
    del protections[civic_forms.POW_FIELD]
    body = ask(citizen, topic, protections=protections, text="Không có JavaScript").content.decode()
    assert "bật JavaScript" in body and "Không có JavaScript" in body


def test_a_flood_from_one_address_gets_429_and_others_are_unaffected(citizen, topic, settings, stopped_clock):
    settings.RATELIMIT_QUESTIONS = "3/h"
    flood = [ask(citizen, topic, address="203.0.113.99", text=f"Thư rác {i}").status_code for i in range(5)]
    assert flood == [302, 302, 302, 429, 429]
    assert ask(citizen, topic, address="198.51.100.7", text="Câu hỏi thật").status_code == 302
    assert Question.objects.filter(text="Câu hỏi thật").exists()
    assert Question.objects.count() == 4
    # Reading the form is never refused by the submission budget.
    assert citizen.get(reverse("questions:ask"), REMOTE_ADDR="203.0.113.99").status_code == 200


def test_the_form_page_is_never_stored_by_the_page_cache(citizen, topic, settings):
    settings.PAGE_CACHE_SECONDS = 15
    first = citizen.get(reverse("questions:ask"))
    second = citizen.get(reverse("questions:ask"))
    assert "no-store" in first["Cache-Control"]
    assert "X-Page-Cache" not in second  # rendered afresh, never served from the cache
    token = re.compile(r'name="civic_issued" value="([^"]+)"')
    assert token.search(first.content.decode()).group(1) != token.search(second.content.decode()).group(1)


def test_the_form_shows_the_personal_data_notice_and_only_active_topics(citizen, topic):
    from questions.models import Topic

    Topic.objects.create(name="Lĩnh vực đã đóng", is_active=False)
    body = citizen.get(reverse("questions:ask")).content.decode()
    assert "Thông báo về dữ liệu cá nhân" in body and "90 ngày" in body
    assert "Phòng, chống tham nhũng" in body and "Lĩnh vực đã đóng" not in body


def test_published_questions_are_listed_without_the_askers_details(citizen, topic):
    published(topic, 2, asker_name="Người Hỏi Bí Danh", email="an@example.vn", phone="0912345678")
    make_question(topic, text="Câu hỏi chưa trả lời")
    body = citizen.get(reverse("questions:list")).content.decode()
    assert "Câu hỏi công khai số 0" in body and "Câu hỏi công khai số 1" in body
    assert "Câu hỏi chưa trả lời" not in body
    for private in ("Người Hỏi Bí Danh", "an@example.vn", "0912345678"):
        assert private not in body
    detail = citizen.get(Question.objects.published().first().get_absolute_url()).content.decode()
    assert "Trả lời số" in detail
    for private in ("Người Hỏi Bí Danh", "an@example.vn", "0912345678"):
        assert private not in detail


def test_an_unpublished_question_has_no_public_page(citizen, topic):
    question, _ = make_question(topic, status=Question.Status.ANSWERED, answer="Đã trả lời riêng.")
    assert citizen.get(reverse("questions:detail", args=[question.pk])).status_code == 404


def test_the_list_pages_and_costs_no_query_per_row(citizen, topic, settings, django_assert_max_num_queries):
    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.QUESTIONS_PER_PAGE = 5
    published(topic, 12)
    with CaptureQueriesContext(connection) as full_page:
        first = citizen.get(reverse("questions:list"))
    assert 'rel="next"' in first.content.decode()
    caches["default"].clear()  # the same cold caches for the last page
    with CaptureQueriesContext(connection) as short_page:
        last = citizen.get(reverse("questions:list") + "?trang=3")
    assert last.content.decode().count('class="qa-list__item"') == 2
    row_queries = [q["sql"] for q in full_page.captured_queries if "questions_question" in q["sql"]]
    assert len(row_queries) == 2, row_queries  # the count and the page, joined with the topic
    short_rows = [q["sql"] for q in short_page.captured_queries if "questions_question" in q["sql"]]
    assert len(short_rows) <= 2
    caches["default"].clear()
    with django_assert_max_num_queries(20):
        citizen.get(reverse("questions:list"))


def test_published_questions_are_found_by_the_search(citizen, topic):
    (shown,) = published(topic, 1, answer="Trả lời về kê khai tài sản thu nhập.")
    hidden, _ = make_question(topic, text="kê khai tài sản riêng tư chưa công khai")
    body = citizen.get(reverse("search:results"), {"q": "kê khai tài sản"}).content.decode()
    assert f'href="{shown.get_absolute_url()}"' in body and "Hỏi đáp" in body
    assert "riêng tư" not in body and f'href="{hidden.get_absolute_url()}"' not in body
    # Unpublishing takes it out of the results.
    shown.is_published = False
    shown.save()
    body = citizen.get(reverse("search:results"), {"q": "kê khai tài sản"}).content.decode()
    assert f'href="{shown.get_absolute_url()}"' not in body


def test_a_disguised_attachment_is_refused_with_the_text_kept(citizen, topic):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("don.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")
    page = ask(citizen, topic, text="Câu hỏi kèm tệp", attachment=fake)
    body = page.content.decode()
    assert page.status_code == 200
    assert "Tệp chưa được lưu" in body and "Câu hỏi kèm tệp" in body
    assert Question.objects.count() == 0


def test_a_real_pdf_is_kept_privately_with_the_question(citizen, topic, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.documents.conftest import pdf_bytes

    pdf = SimpleUploadedFile("Đơn kiến nghị.pdf", pdf_bytes(1), content_type="application/pdf")
    assert ask(citizen, topic, attachment=pdf).status_code == 302
    question = Question.objects.get()
    assert question.attachment_kind == "pdf" and question.attachment_name == "Đơn kiến nghị.pdf"
    assert question.attachment.name.startswith("sites/1/hoi-dap/") and "kien" not in question.attachment.name
    assert not question.attachment.name.startswith(settings.MEDIA_ROOT)
