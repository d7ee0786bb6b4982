"""The triage queue: the site's secretaries and approvers work on its reports, nobody else does;
the screenshot is reachable only through the staff view of that site."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from network.current import working_on
from reports.models import Report, Status
from tests.conftest import give_role, login_staff

OTHER_HOST = "longhuu.test"


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (120, 80), (200, 30, 30)).save(buf, "PNG")
    return buf.getvalue()


def make_report(**fields) -> Report:
    report = Report.objects.create(
        url=fields.pop("url", "https://tin-gia.example/bai-viet"),
        note=fields.pop("note", "Tin bịa đặt."),
        **fields,
    )
    report.screenshot.save("anh.png", ContentFile(_png()), save=True)
    return report


@pytest.fixture
def report(db, site_identity):
    return make_report()


def test_secretary_and_approver_triage_editor_does_not(report, secretary, approver, editor):
    url = reverse("admin:reports_report_change", args=[report.pk])
    assert secretary.get(url).status_code == 200
    assert approver.get(reverse("admin:reports_report_changelist")).status_code == 200
    assert editor.get(url).status_code == 403
    assert editor.get(reverse("admin:reports_report_changelist")).status_code == 403


def test_nobody_adds_a_report_by_hand(report, secretary, admin_client_):
    assert secretary.get(reverse("admin:reports_report_add")).status_code == 403
    assert admin_client_.get(reverse("admin:reports_report_add")).status_code == 403


def test_the_reported_address_is_text_never_a_link(report, secretary):
    html = secretary.get(reverse("admin:reports_report_change", args=[report.pk])).content.decode()
    assert "https://tin-gia.example/bai-viet" in html
    assert 'href="https://tin-gia.example' not in html
    listing = secretary.get(reverse("admin:reports_report_changelist")).content.decode()
    assert 'href="https://tin-gia.example' not in listing


def test_status_assignee_notes_and_rebuttal_are_saved_and_closing_is_dated(
    report, secretary, secretary_user, category_and_rebuttal
):
    url = reverse("admin:reports_report_change", args=[report.pk])
    response = secretary.post(
        url,
        {
            "status": Status.REFERRED,
            "assignee": str(secretary_user.pk),
            "internal_notes": "Đã chuyển Công an huyện.",
            "rebuttal": str(category_and_rebuttal.pk),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    report.refresh_from_db()
    assert report.status == Status.REFERRED and report.assignee == secretary_user
    assert report.internal_notes == "Đã chuyển Công an huyện."
    assert report.rebuttal == category_and_rebuttal
    assert report.closed_at is not None
    # What the citizen sent cannot be changed by a posted value.
    assert report.url == "https://tin-gia.example/bai-viet"


def test_only_staff_of_this_site_can_be_assigned(report, secretary, django_user_model, other_site):
    outsider = django_user_model.objects.create_user(
        "ngoai", password="Mat-khau-rat-dai-2026!", is_staff=True
    )
    give_role(outsider, "Thư ký", site_id=other_site.pk)
    response = secretary.post(
        reverse("admin:reports_report_change", args=[report.pk]),
        {"status": "new", "assignee": str(outsider.pk)},
    )
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.assignee is None


@pytest.fixture
def category_and_rebuttal(db):
    from news.models import Article, Category, Kind, Verdict

    category = Category.objects.create(name="Phản bác", slug="chuyen-muc-phan-bac")
    return Article.objects.create(
        title="Sự thật về việc thu hồi đất",
        category=category,
        kind=Kind.REBUTTAL,
        claim="Luận điệu",
        verdict=Verdict.FALSE,
        rebuttal_summary="Sự thật",
    )


def test_the_screenshot_is_streamed_only_to_staff_of_the_site(report, secretary, editor, citizen):
    url = reverse("admin:reports_report_screenshot", args=[report.pk])
    response = secretary.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert editor.get(url).status_code == 403
    anonymous = citizen.get(url)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]


def test_the_screenshot_is_never_public_media(report, citizen, settings):
    from documents.storage import files_root

    settings.SERVE_MEDIA = True
    assert (files_root() / report.screenshot.name).is_file()
    assert citizen.get(settings.MEDIA_URL + report.screenshot.name).status_code == 404
    with pytest.raises(NotImplementedError):
        report.screenshot.url  # noqa: B018 — the private storage has no public address


def test_staff_of_another_site_are_refused_list_change_and_screenshot(
    secretary_user, approver_user, other_site
):
    with working_on(other_site):
        theirs = make_report(note="Tin của xã Long Hữu")
    for user in (secretary_user, approver_user):
        client = login_staff(Client(), user)
        for host in ("testserver", OTHER_HOST):
            change = client.get(reverse("admin:reports_report_change", args=[theirs.pk]), HTTP_HOST=host)
            assert change.status_code in (403, 404), (host, change.status_code)
            shot = client.get(reverse("admin:reports_report_screenshot", args=[theirs.pk]), HTTP_HOST=host)
            assert shot.status_code in (403, 404), (host, shot.status_code)
            post = client.post(
                reverse("admin:reports_report_change", args=[theirs.pk]),
                {"status": "unfounded"},
                HTTP_HOST=host,
            )
            assert post.status_code in (403, 404)
        listing = client.get(reverse("admin:reports_report_changelist")).content.decode()
        assert theirs.reference not in listing
    with working_on(other_site):
        theirs.refresh_from_db()
        assert theirs.status == Status.NEW


def test_the_queue_lists_without_a_query_per_row(secretary, django_assert_max_num_queries, db, site_identity):
    for i in range(3):
        Report.objects.create(url=f"https://tin-gia.example/{i}")
    secretary.get(reverse("admin:reports_report_changelist"))
    with django_assert_max_num_queries(20) as few:
        secretary.get(reverse("admin:reports_report_changelist"))
    for i in range(30):
        Report.objects.create(url=f"https://tin-gia.example/nhieu-{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        secretary.get(reverse("admin:reports_report_changelist"))


def test_contact_details_are_purged_after_the_case_closes(db, site_identity, settings):
    settings.CIVIC_CONTACT_RETENTION_DAYS = 90
    old = Report.objects.create(url="https://a.example/", name="Nguyễn Văn A", contact="0912 345 678")
    old.status = Status.HANDLED
    old.save()
    Report.objects.filter(pk=old.pk).update(closed_at=timezone.now() - datetime.timedelta(days=91))
    recent = Report.objects.create(url="https://b.example/", name="Trần Thị B", contact="b@example.vn")
    recent.status = Status.UNFOUNDED
    recent.save()
    still_open = Report.objects.create(url="https://c.example/", name="Lê C", contact="c@example.vn")
    call_command("purge_citizen_contacts")
    old.refresh_from_db()
    recent.refresh_from_db()
    still_open.refresh_from_db()
    assert (old.name, old.contact) == ("", "") and old.contact_purged_at is not None
    assert old.url == "https://a.example/" and old.status == Status.HANDLED  # the case itself stays
    assert recent.name == "Trần Thị B" and still_open.contact == "c@example.vn"


def test_reopening_a_case_restarts_the_retention_clock(db, site_identity):
    report = Report.objects.create(url="https://a.example/")
    report.status = Status.HANDLED
    report.save()
    assert report.closed_at is not None
    report.status = Status.VERIFYING
    report.save()
    assert report.closed_at is None
