"""Lấy ý kiến dự thảo in Chromium: a citizen on a phone comments on the demo's open draft before
its deadline (the ALTCHA widget solves its proof of work in the page), then, the deadline moved
into the past in the database, is refused with the text kept and nothing stored."""

import datetime

import pytest
from django.utils import timezone

from .conftest import PHONE, wait_for_proof_of_work

pytestmark = pytest.mark.browser


def test_citizen_comments_before_the_deadline_and_is_refused_after_it(demo_site, new_page, settings):
    from documents.models import Consultation, ConsultationComment

    settings.CIVIC_MIN_FILL_SECONDS = 1
    consultation = Consultation.objects.published().open_at(timezone.now()).order_by("pk").first()
    closes_at = consultation.closes_at
    before = ConsultationComment.objects.filter(consultation=consultation).count()
    page = new_page(PHONE)
    url = demo_site.url + consultation.get_absolute_url()

    page.goto(demo_site.url + "/van-ban/du-thao/")
    page.get_by_role("link", name=consultation.title).click()
    page.wait_for_selector("#gop-y-title")
    assert "Hạn góp ý:" in page.locator(".consult-deadline").inner_text()
    page.get_by_label("Họ và tên").fill("Nguyễn Thị Lan")
    page.get_by_label("Điều, khoản bạn góp ý (không bắt buộc)").fill("Điều 3")
    page.get_by_label("Nội dung góp ý").fill("Đề nghị bổ sung sinh hoạt trực tuyến.")
    wait_for_proof_of_work(page)
    page.wait_for_timeout(1200)
    page.get_by_role("button", name="Gửi góp ý").click()
    page.wait_for_selector(".consult-thanks")
    comment = ConsultationComment.objects.filter(consultation=consultation).latest("pk")
    assert (comment.name, comment.section, comment.is_published) == ("Nguyễn Thị Lan", "Điều 3", False)
    assert "Đề nghị bổ sung sinh hoạt trực tuyến." not in page.content()  # waits for moderation

    try:
        page.goto(url)
        page.get_by_label("Họ và tên").fill("Trần Văn Bình")
        page.get_by_label("Nội dung góp ý").fill("Ý kiến gửi sau hạn.")
        wait_for_proof_of_work(page)
        page.wait_for_timeout(1200)
        # Meanwhile the deadline passes.
        Consultation.objects.filter(pk=consultation.pk).update(
            closes_at=timezone.now() - datetime.timedelta(minutes=1)
        )
        page.get_by_role("button", name="Gửi góp ý").click()
        page.wait_for_selector(".consult-refused")
        assert "đã hết hạn góp ý" in page.locator(".consult-refused").inner_text()
        assert page.locator("#y-kien-da-nhap").input_value() == "Ý kiến gửi sau hạn."
        assert page.locator("form textarea[name=text]").count() == 0
        assert ConsultationComment.objects.filter(consultation=consultation).count() == before + 1
        page.goto(url)
        assert page.get_by_role("button", name="Gửi góp ý").count() == 0
        assert "Đã hết hạn" in page.locator(".consult-deadline").inner_text()
    finally:
        Consultation.objects.filter(pk=consultation.pk).update(closes_at=closes_at)
