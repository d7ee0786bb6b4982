"""In Chromium: a reader hides the banner and rates an article; the secretary's dashboard moves."""

import re

import pytest
from django.conf import settings

from .conftest import DESKTOP, PHONE
from .test_journeys import _login

pytestmark = pytest.mark.browser

ADMIN = "/" + settings.ADMIN_URL


def _total(page) -> int:
    return int(page.locator('[data-stat="ratings-total"]').inner_text().replace(".", ""))


def test_a_rating_moves_the_dashboard_and_a_hidden_banner_stays_hidden(demo_site, new_page):
    from demo.citizens import BANNER_TEXT
    from demo.news import SEED_SLUG
    from news.models import Article

    base = demo_site.url
    article = Article.objects.get(slug=SEED_SLUG)
    staff = new_page(DESKTOP)
    _login(staff, base, demo_site.staff("Thư ký"))
    staff.goto(f"{base}{ADMIN}ratings/rating/")
    before = _total(staff)

    reader = new_page(PHONE)
    reader.goto(base + article.get_absolute_url())
    banner = reader.locator("[data-notice]", has_text=BANNER_TEXT[:40])
    banner.wait_for()
    hide = banner.get_by_role("button", name=re.compile("^Ẩn thông báo"))
    hide.focus()
    hide.press("Enter")
    banner.wait_for(state="hidden")
    reader.reload()
    reader.locator("[data-rating-form]").wait_for()
    assert reader.locator("[data-notice]", has_text=BANNER_TEXT[:40]).is_hidden()

    reader.locator("input[name=choice][value=useful]").check()
    reader.get_by_label("Góp ý thêm (không bắt buộc)").fill("Bài viết rõ ràng, cảm ơn.")
    reader.get_by_role("button", name="Gửi đánh giá").click()
    reader.get_by_text("Cảm ơn bạn đã đánh giá.").wait_for()

    staff.reload()
    assert _total(staff) == before + 1
    assert staff.get_by_text("Bài viết rõ ràng, cảm ơn.").count() == 1
