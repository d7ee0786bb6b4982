"""Báo tin xấu độc, tin giả: what a citizen sees when reporting, and what a flood or a bot gets."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from civic import forms as civic_forms
from civic.testing import passing_protections
from reports.forms import NOTHING_TO_REPORT, ReportForm
from reports.models import Report, Status

URL = "/bao-tin-xau-doc/"
SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture(autouse=True)
def _quick(settings, site_identity):
    settings.CIVIC_POW_MAX_NUMBER = 50
    settings.CIVIC_MIN_FILL_SECONDS = 3
    settings.RATELIMIT_REPORTS = "100/m"


def png(size=(320, 200), exif=None) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (20, 90, 160)).save(buf, "PNG")
    return buf.getvalue()


def jpeg_with_gps() -> bytes:
    from tests.news.conftest import gps_exif

    buf = io.BytesIO()
    Image.new("RGB", (400, 300), (150, 60, 40)).save(buf, "JPEG", exif=gps_exif())
    return buf.getvalue()


def report_data(**extra) -> dict:
    return {
        "url": "https://www.facebook.com/trang-mao-danh/posts/123",
        "note": "Bài đăng bịa đặt về việc thu hồi đất ở xã Long Hữu.",
        "name": "",
        "contact": "",
        **passing_protections(ReportForm),
        **extra,
    }


def test_the_page_is_linked_from_every_page_and_says_how_to_reach_the_national_centre(citizen):
    home = citizen.get("/").content.decode()
    assert f'href="{URL}"' in home
    page = citizen.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Báo tin xấu độc, tin giả" in html
    assert 'href="https://tingia.gov.vn/"' in html
    assert 'href="tel:18008108"' in html
    assert "Thông báo về dữ liệu cá nhân" in html
    assert "no-store" in page["Cache-Control"]


def test_an_anonymous_report_is_saved_and_the_citizen_gets_a_reference_only(citizen):
    response = citizen.post(URL, report_data())
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.status == Status.NEW and report.name == "" and report.contact == ""
    assert re.fullmatch(r"TG-[2-9A-Z]{4}-[2-9A-Z]{4}", report.reference)
    page = citizen.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert report.reference in html
    # The confirmation shows nothing of what was sent: not the link, not the note.
    assert "trang-mao-danh" not in html and "thu hồi đất" not in html
    assert "no-store" in page["Cache-Control"]
    # Anyone else opening the address learns the reference, nothing more.
    other = Client().get(response["Location"])
    assert other.status_code == 200 and "trang-mao-danh" not in other.content.decode()


def test_a_made_up_confirmation_address_is_not_found(citizen):
    assert citizen.get(reverse("reports:sent", args=["TG-AAAA-BBBB:forged:sig"])).status_code == 404


def test_an_empty_report_is_refused_with_a_vietnamese_message(citizen):
    response = citizen.post(URL, report_data(url="", note="Chỉ có ghi chú"))
    assert response.status_code == 200
    html = response.content.decode()
    assert NOTHING_TO_REPORT in html
    assert "Chỉ có ghi chú" in html
    assert not Report.objects.exists()


def test_a_script_link_is_refused_and_the_text_kept(citizen):
    response = citizen.post(URL, report_data(url="javascript:alert(1)", note="Ghi chú của tôi"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đường dẫn không hợp lệ" in html
    assert "Ghi chú của tôi" in html
    assert not Report.objects.exists()


def test_oversized_text_is_refused_with_the_limit_and_kept(citizen, settings):
    settings.CIVIC_TEXT_MAX_CHARS = 100
    response = citizen.post(URL, report_data(note="a" * 101))
    assert response.status_code == 200
    assert "100" in response.content.decode()
    assert "a" * 101 in response.content.decode()
    assert not Report.objects.exists()
    too_long_url = "https://example.com/" + "b" * 2000
    response = citizen.post(URL, report_data(url=too_long_url))
    assert response.status_code == 200 and not Report.objects.exists()


def test_script_laden_text_is_stored_as_typed_and_shown_escaped_to_staff(citizen, secretary):
    citizen.post(URL, report_data(note=SCRIPT, name=SCRIPT, url="https://ví-dụ.vn/?q=<b>"))
    report = Report.objects.get()
    assert report.note == SCRIPT and report.name == SCRIPT
    page = secretary.get(reverse("admin:reports_report_change", args=[report.pk])).content.decode()
    assert "<script>alert" not in page and "onerror=alert" not in page.replace("onerror=alert(1)&gt;", "")
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    listing = secretary.get(reverse("admin:reports_report_changelist")).content.decode()
    assert "<script>alert" not in listing


def test_honeypot_and_too_fast_are_refused_with_the_text_kept(citizen):
    data = report_data(note="Nội dung người báo đã gõ")
    data[civic_forms.HONEYPOT_FIELD] = "http://spam.example"
    response = citizen.post(URL, data)
    html = response.content.decode()
    assert response.status_code == 200 and civic_forms.HONEYPOT_FILLED in html
    assert "Nội dung người báo đã gõ" in html
    fast = {**report_data(note="Gõ rất nhanh"), **passing_protections(ReportForm, age=1)}
    html = citizen.post(URL, fast).content.decode()
    assert civic_forms.TOO_FAST in html and "Gõ rất nhanh" in html
    assert not Report.objects.exists()


def test_a_flood_from_one_address_gets_429_and_others_still_report(settings, stopped_clock):
    settings.RATELIMIT_REPORTS = "3/m"
    flood = Client(REMOTE_ADDR="203.0.113.7")
    codes = [flood.post(URL, report_data(note=f"Tin số {i}")).status_code for i in range(5)]
    assert codes == [302, 302, 302, 429, 429]
    assert Report.objects.count() == 3
    neighbour = Client(REMOTE_ADDR="198.51.100.20")
    assert neighbour.post(URL, report_data(note="Người khác")).status_code == 302
    assert Report.objects.filter(note="Người khác").exists()
    # Reading the form is never counted.
    assert flood.get(URL).status_code == 200


def test_a_screenshot_is_stored_privately_re_encoded_without_metadata(citizen, settings):
    from documents.storage import files_root

    upload = SimpleUploadedFile("IMG_2024 ảnh.jpg", jpeg_with_gps(), content_type="image/jpeg")
    response = citizen.post(URL, report_data(url="", screenshot=upload))
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.screenshot.name.startswith(f"sites/{report.site_id}/bao-tin/")
    assert "IMG" not in report.screenshot.name
    path = files_root() / report.screenshot.name
    assert path.is_file()
    assert not (files_root().resolve().is_relative_to(settings.MEDIA_ROOT))
    with Image.open(path) as im:
        assert not im.getexif()


def test_a_hostile_screenshot_is_refused_the_text_kept_and_the_citizen_told_to_choose_again(citizen):
    upload = SimpleUploadedFile(
        "anh.png", b"<html><script>alert(1)</script></html>", content_type="image/png"
    )
    response = citizen.post(URL, report_data(note="Ghi chú giữ lại", screenshot=upload))
    assert response.status_code == 200
    html = response.content.decode()
    assert "không phải là ảnh" in html
    assert "Ghi chú giữ lại" in html
    assert "hãy chọn lại ảnh" in html
    assert not Report.objects.exists()


def test_the_form_is_accessible(citizen):
    html = citizen.get(URL).content.decode()
    for name in ("url", "screenshot", "note", "name", "contact"):
        assert f'<label for="id_{name}">' in html
    assert html.count("<fieldset>") == 2 and html.count("<legend>") == 2
    assert 'aria-describedby="id_url_helptext"' in html


def test_a_report_sent_on_another_committees_host_belongs_to_that_site(other_site):
    from network.current import working_on

    response = Client().post(URL, report_data(note="Tin ở xã Long Hữu"), HTTP_HOST="longhuu.test")
    assert response.status_code == 302
    assert not Report.objects.exists()  # not in site 1's queue
    with working_on(other_site):
        assert Report.objects.get().note == "Tin ở xã Long Hữu"
