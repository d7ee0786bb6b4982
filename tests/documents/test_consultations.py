"""Lấy ý kiến dự thảo: a citizen comments on a draft before its deadline, is refused after it,
and sees only what staff chose to publish; staff moderate on their own site only."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from civic import forms as civic_forms
from civic.testing import passing_protections
from documents.forms import ConsultationCommentForm
from documents.models import Consultation, ConsultationComment, Response
from tests.conftest import give_role, login_staff

pytestmark = pytest.mark.django_db

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
OPENS = datetime.datetime(2030, 12, 1, 8, 0, tzinfo=VN)
CLOSES = datetime.datetime(2030, 12, 20, 17, 0, tzinfo=VN)
DURING = datetime.datetime(2030, 12, 7, 10, 0, tzinfo=VN)  # 13 local days before the deadline
AFTER = CLOSES + datetime.timedelta(minutes=1)


@pytest.fixture(autouse=True)
def _quick_pow(settings):
    settings.CIVIC_POW_MAX_NUMBER = 50
    settings.CIVIC_MIN_FILL_SECONDS = 3
    settings.PAGE_CACHE_SECONDS = 10


def make_consultation(**extra) -> Consultation:
    values = {
        "title": "Dự thảo Quy chế phối hợp bảo vệ nền tảng tư tưởng",
        "summary": "Đề nghị góp ý các Điều 3, 5 và 7.",
        "body": "<p>Điều 1. Phạm vi điều chỉnh</p>",
        "opens_at": OPENS,
        "closes_at": CLOSES,
        "is_published": True,
    }
    values.update(extra)
    return Consultation.objects.create(**values)


def comment_data(**extra) -> dict:
    data = {
        "name": "Nguyễn Thị Lan",
        "contact": "lan@example.vn",
        "section": "Điều 5, khoản 2",
        "text": "Đề nghị làm rõ trách nhiệm của tổ giúp việc.",
        **passing_protections(ConsultationCommentForm),
    }
    data.update(extra)
    return data


@pytest.fixture
def consultation():
    return make_consultation()


def test_a_comment_before_the_deadline_is_kept_pending_and_not_public(citizen, consultation):
    with time_machine.travel(DURING, tick=False):
        page = citizen.get(consultation.get_absolute_url())
        html = page.content.decode()
        assert "Hạn góp ý: <strong>17 giờ 00, ngày 20/12/2030</strong> (còn 13 ngày)" in html
        assert "Gửi góp ý" in html
        assert "no-store" in page["Cache-Control"]  # a form page never enters the page cache
        response = citizen.post(consultation.get_absolute_url(), comment_data())
    assert response.status_code == 302
    comment = ConsultationComment.objects.get()
    assert (comment.name, comment.contact, comment.is_published) == (
        "Nguyễn Thị Lan",
        "lan@example.vn",
        False,
    )
    with time_machine.travel(DURING, tick=False):
        thanks = citizen.get(response["Location"]).content.decode()
    assert "Cảm ơn bạn đã góp ý" in thanks
    assert "Đề nghị làm rõ trách nhiệm" not in thanks  # pending: not public
    assert "Đã nhận 1 ý kiến góp ý" in thanks


def test_after_the_deadline_the_form_is_gone_and_a_post_is_refused_with_nothing_stored(citizen, consultation):
    with time_machine.travel(AFTER, tick=False):
        page = citizen.get(consultation.get_absolute_url()).content.decode()
        assert "Đã hết hạn" in page
        assert 'name="text"' not in page and "Gửi góp ý" not in page
        response = citizen.post(consultation.get_absolute_url(), comment_data())
    assert response.status_code == 403
    html = response.content.decode()
    assert "đã hết hạn góp ý lúc 17 giờ 00, ngày 20/12/2030" in html
    assert "Đề nghị làm rõ trách nhiệm của tổ giúp việc." in html  # the typed text is given back
    assert 'name="text"' not in html
    assert not ConsultationComment.objects.exists()


def test_a_form_opened_before_the_deadline_and_sent_after_it_is_refused(citizen, consultation):
    with time_machine.travel(CLOSES - datetime.timedelta(minutes=5), tick=False):
        data = comment_data()
    with time_machine.travel(AFTER, tick=False):
        response = citizen.post(consultation.get_absolute_url(), data)
    assert response.status_code == 403
    assert not ConsultationComment.objects.exists()


def test_a_cached_draft_page_never_shows_the_form_after_the_deadline(citizen, consultation, settings):
    """The page cache keeps anonymous pages PAGE_CACHE_SECONDS (stale twice as long): the open
    page is never stored, and a list of drafts is not stored when a deadline falls in that window."""
    url = consultation.get_absolute_url()
    with time_machine.travel(CLOSES - datetime.timedelta(seconds=5), tick=False):
        before = citizen.get(url)
        assert "Gửi góp ý" in before.content.decode()
        assert before.get("X-Page-Cache") != "miss"
        listing = citizen.get("/van-ban/du-thao/")
        assert "Đang lấy ý kiến" in listing.content.decode()
        assert "no-store" in listing["Cache-Control"]  # the deadline is within the cache window
    with time_machine.travel(CLOSES + datetime.timedelta(seconds=1), tick=False):
        after = citizen.get(url).content.decode()
        assert "Gửi góp ý" not in after and "Đã hết hạn" in after
        listing = citizen.get("/van-ban/du-thao/").content.decode()
        assert "Đã hết hạn góp ý" in listing
        assert "còn 0 ngày" not in listing
    # A closed page is an ordinary page again: cached (for a visitor without the form's CSRF
    # cookie), and it stays right.
    reader = Client()
    with time_machine.travel(AFTER + datetime.timedelta(days=1), tick=False):
        first = reader.get(url)
        second = reader.get(url)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert "Gửi góp ý" not in second.content.decode()


def test_a_list_far_from_any_deadline_is_cached(citizen, consultation):
    with time_machine.travel(DURING, tick=False):
        assert citizen.get("/van-ban/du-thao/")["X-Page-Cache"] == "miss"
        assert citizen.get("/van-ban/du-thao/")["X-Page-Cache"] == "hit"


def test_start_must_come_before_the_deadline():
    consultation = Consultation(
        title="Dự thảo", summary="Tóm tắt", opens_at=CLOSES, closes_at=OPENS, is_published=False
    )
    with pytest.raises(ValidationError) as caught:
        consultation.full_clean()
    assert "Hạn góp ý (8 giờ 00, ngày 1/12/2030) phải sau thời điểm bắt đầu lấy ý kiến" in str(
        caught.value.message_dict["closes_at"]
    )


def test_the_report_is_published_only_after_the_deadline(consultation):
    consultation.report = "<p>Tiếp thu 3 ý kiến.</p>"
    consultation.report_published = True
    with time_machine.travel(DURING, tick=False):
        with pytest.raises(ValidationError) as caught:
            consultation.full_clean()
    assert "report_published" in caught.value.message_dict
    with time_machine.travel(AFTER, tick=False):
        consultation.full_clean()


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("text", "   ", "Hãy nhập nội dung góp ý."),
        ("name", "", "Hãy nhập họ và tên."),
        ("text", "x" * 5001, "5000"),
    ],
)
def test_empty_or_oversized_comments_are_refused_with_the_rest_kept(
    citizen, consultation, field, value, message
):
    with time_machine.travel(DURING, tick=False):
        response = citizen.post(consultation.get_absolute_url(), comment_data(**{field: value}))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Điều 5, khoản 2" in html  # what the citizen typed elsewhere is still there
    assert not ConsultationComment.objects.exists()


def test_a_script_laden_comment_is_stored_as_typed_and_shown_escaped(citizen, consultation):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    with time_machine.travel(DURING, tick=False):
        citizen.post(
            consultation.get_absolute_url(), comment_data(text=hostile, name=hostile, section=hostile)
        )
    comment = ConsultationComment.objects.get()
    assert comment.text == hostile
    comment.is_published = True
    comment.response = Response.EXPLAINED
    comment.response_note = hostile
    comment.save()
    with time_machine.travel(AFTER + datetime.timedelta(days=1), tick=False):
        html = citizen.get(consultation.get_absolute_url()).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_published_comments_never_show_the_contact(citizen, consultation):
    ConsultationComment.objects.create(
        consultation=consultation,
        name="Trần Văn Bình",
        contact="binh@example.vn",
        section="Điều 3",
        text="Nên bổ sung thời hạn phản hồi.",
        is_published=True,
        response=Response.ACCEPTED,
        response_note="Đã bổ sung vào Điều 3.",
    )
    ConsultationComment.objects.create(consultation=consultation, name="Chưa duyệt", text="Ý kiến chờ duyệt.")
    with time_machine.travel(DURING, tick=False):
        html = citizen.get(consultation.get_absolute_url()).content.decode()
    assert (
        "Nên bổ sung thời hạn phản hồi." in html and "Tiếp thu" in html and "Đã bổ sung vào Điều 3." in html
    )
    assert "binh@example.vn" not in html
    assert "Ý kiến chờ duyệt." not in html
    assert "Đã nhận 2 ý kiến góp ý, 1 ý kiến được công bố" in html


def test_a_flood_gets_429_and_nothing_is_lost_for_others(consultation, settings):
    settings.RATELIMIT_CONSULTATION_COMMENTS = "2/m"
    flooder = Client(REMOTE_ADDR="203.0.113.9")
    neighbour = Client(REMOTE_ADDR="198.51.100.7")
    with time_machine.travel(DURING, tick=False):
        codes = [flooder.post(consultation.get_absolute_url(), comment_data()).status_code for _ in range(4)]
        other = neighbour.post(consultation.get_absolute_url(), comment_data(name="Lê Văn Cường"))
    assert codes == [302, 302, 429, 429]
    assert other.status_code == 302
    assert ConsultationComment.objects.count() == 3
    assert ConsultationComment.objects.filter(name="Lê Văn Cường").exists()


@pytest.mark.parametrize("trap", ["honeypot", "too-fast"])
def test_honeypot_and_too_fast_are_refused_with_the_text_kept(citizen, consultation, trap):
    with time_machine.travel(DURING, tick=False):
        if trap == "honeypot":
            data = comment_data(**{civic_forms.HONEYPOT_FIELD: "http://spam.example"})
            expected = civic_forms.HONEYPOT_FILLED
        else:
            data = comment_data(**passing_protections(ConsultationCommentForm, age=1))
            expected = civic_forms.TOO_FAST
        response = citizen.post(consultation.get_absolute_url(), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert expected.split(".")[0] in html
    assert "Đề nghị làm rõ trách nhiệm của tổ giúp việc." in html
    assert not ConsultationComment.objects.exists()


def test_staff_are_emailed_after_a_new_comment(
    citizen, consultation, secretary_user, django_capture_on_commit_callbacks
):
    secretary_user.email = "thuky@example.vn"
    secretary_user.save()
    with time_machine.travel(DURING, tick=False), django_capture_on_commit_callbacks(execute=True):
        citizen.post(consultation.get_absolute_url(), comment_data())
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["thuky@example.vn"]
    assert consultation.title in message.subject
    assert "lan@example.vn" not in message.body  # the contact stays in the admin


def test_unpublished_drafts_are_not_public(citizen):
    draft = make_consultation(is_published=False, title="Dự thảo nội bộ")
    with time_machine.travel(DURING, tick=False):
        assert citizen.get(draft.get_absolute_url()).status_code == 404
        assert "Dự thảo nội bộ" not in citizen.get("/van-ban/du-thao/").content.decode()


def test_the_list_runs_a_fixed_number_of_queries_however_many_drafts(citizen):
    def add(n):
        consultation = make_consultation(
            title=f"Dự thảo số {n}", closes_at=CLOSES + datetime.timedelta(days=n)
        )
        for _ in range(3):
            ConsultationComment.objects.create(
                consultation=consultation, name="A", text="B", is_published=True
            )

    def count() -> int:
        from django.core.cache import caches

        for each in caches.all():
            each.clear()
        with time_machine.travel(DURING, tick=False):
            with CaptureQueriesContext(connection) as queries:
                html = citizen.get("/van-ban/du-thao/").content.decode()
        assert "3 ý kiến đã nhận" in html
        return len([q for q in queries if "documents_consultation" in q["sql"]])

    add(0)
    assert count() == 1  # drafts with their counts of comments received and published
    for n in range(1, 8):
        add(n)
    assert count() == 1


def test_the_report_and_the_links_between_the_draft_and_the_adopted_document(
    citizen, consultation, make_document
):
    document = make_document(title="Quy chế phối hợp bảo vệ nền tảng tư tưởng", is_published=True)
    consultation.report = "<p>Tiếp thu 2 ý kiến.</p><script>alert(1)</script>"
    consultation.report_published = True
    consultation.adopted_document = document
    consultation.save()
    assert "<script>" not in consultation.report  # sanitised like every editor's HTML
    with time_machine.travel(AFTER, tick=False):
        page = citizen.get(consultation.get_absolute_url()).content.decode()
        back = citizen.get(document.get_absolute_url()).content.decode()
    assert "Báo cáo tiếp thu, giải trình ý kiến" in page and "Tiếp thu 2 ý kiến." in page
    assert f'href="{document.get_absolute_url()}"' in page
    assert f'href="{consultation.get_absolute_url()}"' in back


def test_the_report_is_not_shown_before_the_deadline(citizen, consultation):
    Consultation.objects.filter(pk=consultation.pk).update(
        report="<p>Báo cáo sớm.</p>", report_published=True
    )
    with time_machine.travel(DURING, tick=False):
        assert "Báo cáo sớm." not in citizen.get(consultation.get_absolute_url()).content.decode()


def test_staff_of_another_site_are_refused_the_comment(consultation, other_site, django_user_model, settings):
    comment = ConsultationComment.objects.create(
        consultation=consultation, name="Lan", contact="x@y.vn", text="Ý kiến"
    )
    outsider = django_user_model.objects.create_user(
        "thuky-longhuu", password="Mat-khau-rat-dai-2026!", is_staff=True
    )
    give_role(outsider, "Thư ký", other_site.pk)
    client = login_staff(Client(), outsider)
    url = f"/{settings.ADMIN_URL}documents/consultationcomment/{comment.pk}/change/"
    assert client.get(url).status_code in (403, 404)
    assert client.post(url, {"is_published": "on"}).status_code in (403, 404)
    comment.refresh_from_db()
    assert comment.is_published is False


def test_the_secretary_publishes_comments_and_marks_them(secretary, consultation, settings):
    comment = ConsultationComment.objects.create(consultation=consultation, name="Lan", text="Ý kiến")
    changelist = f"/{settings.ADMIN_URL}documents/consultationcomment/"
    for action in ("publish", "mark_accepted"):
        response = secretary.post(changelist, {"action": action, "_selected_action": [comment.pk]})
        assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.is_published and comment.response == Response.ACCEPTED
    assert secretary.get(f"/{settings.ADMIN_URL}documents/consultationcomment/add/").status_code == 403


def test_contacts_are_purged_after_the_consultation_closed(consultation):
    comment = ConsultationComment.objects.create(
        consultation=consultation, name="Lan", contact="x@y.vn", text="Ý kiến"
    )
    with time_machine.travel(CLOSES + datetime.timedelta(days=91), tick=False):
        call_command("purge_citizen_contacts", stdout=open("/dev/null", "w"))
    comment.refresh_from_db()
    assert (comment.contact, comment.name, comment.text) == ("", "Lan", "Ý kiến")
    assert comment.contact_purged_at is not None


def test_staff_preview_an_unpublished_draft_without_a_form(secretary, settings):
    # Open now (no clock moved: a staff session ends after SESSION_ABSOLUTE_SECONDS).
    now = datetime.datetime.now(tz=VN)
    draft = make_consultation(
        is_published=False,
        title="Dự thảo chưa công bố",
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=1),
    )
    page = secretary.get(draft.get_absolute_url())
    refused = secretary.post(draft.get_absolute_url(), comment_data())
    html = page.content.decode()
    assert page.status_code == 200 and "Bản nháp:" in html and "Gửi góp ý" not in html
    assert "no-store" in page["Cache-Control"]
    assert refused.status_code == 404
    assert not ConsultationComment.objects.exists()


def test_the_days_left_count_is_not_cached_across_local_midnight(consultation):
    from documents.models import moments_ahead

    just_before_midnight = datetime.datetime(2030, 12, 7, 23, 59, 55, tzinfo=VN)
    assert moments_ahead([consultation], 20, now=just_before_midnight)
    assert not moments_ahead([consultation], 20, now=DURING)
    with time_machine.travel(datetime.datetime(2030, 12, 8, 0, 0, 1, tzinfo=VN), tick=False):
        assert consultation.remaining_text == "còn 12 ngày"
    with time_machine.travel(datetime.datetime(2030, 12, 20, 16, 0, tzinfo=VN), tick=False):
        assert consultation.remaining_text == "hết hạn trong hôm nay"
