"""Hỏi đáp in Chromium: a citizen asks on a phone (the ALTCHA widget really solves its proof of
work in the browser), keeps the code, an approver answers and publishes in the admin, and the
citizen reads the answer with the code and on the public list."""

import re

import pytest

from .conftest import DESKTOP, PHONE, wait_for_proof_of_work
from .test_journeys import ADMIN, _login, _logout

pytestmark = pytest.mark.browser


def test_citizen_asks_gets_a_code_the_approver_answers_and_publishes(demo_site, new_page, settings):
    from questions.models import Question

    settings.CIVIC_MIN_FILL_SECONDS = 1
    base = demo_site.url
    page = new_page(PHONE)
    page.goto(base + "/")
    page.locator(".site-footer").get_by_role("link", name="Hỏi đáp").click()
    page.wait_for_selector("h1:text('Hỏi đáp')")
    page.get_by_role("link", name="Đặt câu hỏi").first.click()
    page.wait_for_selector("form.qa-form")

    # Hidden from people and from the accessibility tree: the honeypot.
    trap = page.locator(".civic-trap input")
    assert trap.bounding_box()["x"] + trap.bounding_box()["width"] <= 0  # off-screen
    assert page.locator(".civic-trap").get_attribute("aria-hidden") == "true"
    page.get_by_label("Họ và tên").fill("Phạm Thị Hỏi")
    page.get_by_label("Thư điện tử (không bắt buộc)").fill("hoi@example.vn")
    page.get_by_label("Lĩnh vực").select_option(label="Tiếp công dân, phản ánh, kiến nghị")
    page.get_by_label("Nội dung câu hỏi").fill("Xin hỏi thủ tục gửi đơn kiến nghị qua bưu điện?")
    # The proof of work runs on load; the widget says when it is done.
    wait_for_proof_of_work(page)
    page.wait_for_timeout(1200)  # past CIVIC_MIN_FILL_SECONDS: a person takes longer than a script
    assert page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.get_by_role("button", name="Gửi câu hỏi").click()
    page.wait_for_selector(".qa-code__value")
    code = page.locator(".qa-code__value").inner_text().strip()
    assert re.fullmatch(r"HD(-[0-9A-Z]{4}){5}", code), code
    assert code not in page.url

    question = Question.objects.get(text__startswith="Xin hỏi thủ tục gửi đơn")
    assert question.status == Question.Status.RECEIVED and not question.is_published

    # The approver answers and publishes in the admin.
    approver = demo_site.staff("Duyệt bài")
    admin = new_page(DESKTOP)
    _login(admin, base, approver)
    admin.goto(f"{base}{ADMIN}questions/question/{question.pk}/change/")
    admin.fill("#id_answer", "Bạn gửi đơn theo địa chỉ trụ sở cơ quan ghi ở cuối trang.")
    admin.fill("#id_public_title", "Gửi đơn kiến nghị qua bưu điện")
    admin.select_option("#id_status", "answered")
    admin.check("#id_is_published")
    admin.click("input[name=_save]")
    admin.wait_for_selector(".messagelist .success")
    question.refresh_from_db()
    assert question.status == Question.Status.ANSWERED and question.is_published
    _logout(admin)

    # The citizen reads the answer with the code, typed in lower case without dashes.
    page.goto(base + "/hoi-dap/tra-cuu/")
    page.get_by_label("Mã tra cứu").fill(code.lower().replace("-", " "))
    page.get_by_role("button", name="Tra cứu").click()
    page.wait_for_selector(".qa-status")
    assert "Đã trả lời" in page.locator(".qa-status h2").inner_text()
    assert "trụ sở cơ quan" in page.locator(".qa-status").inner_text()

    # And on the public list, without their name.
    page.goto(base + "/hoi-dap/")
    page.get_by_role("link", name="Gửi đơn kiến nghị qua bưu điện").click()
    page.wait_for_selector("article.qa-detail")
    assert "Phạm Thị Hỏi" not in page.content()
