"""The platform in a browser: an editor of one commune publishes; the story appears on that
commune's site and in its province's "Tin từ cơ sở", never on the neighbouring commune's site.

The demo's member sites live at *.localhost names, which Chromium resolves to this machine."""

import pytest
from django.contrib.sites.models import Site

from network.api import working_on

from .conftest import DESKTOP, PHONE
from .test_journeys import ADMIN, _login, _logout

pytestmark = pytest.mark.browser

COMMUNE_A = "longhuu.vinhlong.localhost"
COMMUNE_B = "longho.vinhlong.localhost"
PROVINCE = "vinhlong.localhost"


def test_a_commune_editor_publishes_and_only_that_commune_and_its_province_show_it(demo_site, new_page):
    from news.models import Article, Category, Status

    commune_a = Site.objects.get(domain=COMMUNE_A)
    with working_on(commune_a):
        category = Category.objects.get(slug="tin-hoat-dong")
    editor = demo_site.staff("Biên tập viên", "Hồng", "Trần", commune_a.pk, "Duyệt bài")
    title = f"Xã Long Hữu ra quân tuyên truyền bảo vệ nền tảng tư tưởng ({editor.pk})"
    base_a, base_b, province = (demo_site.site_url(h) for h in (COMMUNE_A, COMMUNE_B, PROVINCE))

    page = new_page(DESKTOP)
    _login(page, base_a, editor)
    # The admin of commune A offers commune A's sections, and nothing of the demo committee's.
    page.goto(f"{base_a}{ADMIN}news/article/")
    assert page.locator("#result_list").count() == 0 or "huyện Duyên Hải" not in page.content()
    page.goto(f"{base_a}{ADMIN}news/article/add/")
    editable = page.locator(".ck-editor__editable").first
    editable.wait_for()
    page.fill("#id_title", title)
    options = page.eval_on_selector_all("#id_category option", "os => os.map(o => o.value).filter(Boolean)")
    with working_on(commune_a):
        assert sorted(map(int, options)) == sorted(Category.objects.values_list("pk", flat=True))
    page.select_option("#id_category", str(category.pk))
    page.fill("#id_summary", "Đoàn viên, hội viên xã Long Hữu ra quân tuyên truyền.")
    editable.click()
    page.keyboard.type("Sáng nay, xã Long Hữu tổ chức ra quân tuyên truyền.")
    page.select_option("#id_status", Status.PUBLISHED)
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    with working_on(commune_a):
        article = Article.objects.get(title=title)
        assert article.status == Status.PUBLISHED and article.site_id == commune_a.pk
    _logout(page)

    reader = new_page(PHONE)
    reader.goto(base_a + "/")
    reader.get_by_role("link", name=title).first.click()
    reader.wait_for_selector("h1.article__title")
    assert reader.url.startswith(base_a)

    # The province's home page shows it under "Tin từ cơ sở", linking to the commune's own site.
    reader.goto(province + "/")
    grassroots = reader.locator("section.grassroots")
    link = grassroots.get_by_role("link", name=title)
    assert link.count() == 1
    assert link.get_attribute("href") == base_a + article.get_absolute_url()
    assert "Ban Chỉ đạo 35 xã Long Hữu" in grassroots.inner_text()
    link.click()
    reader.wait_for_selector("h1.article__title")
    assert reader.url == base_a + article.get_absolute_url()

    # The neighbouring commune never shows it, on any page, and its address is not found there.
    for path in ("/", "/tin-tuc/", f"/tim-kiem/?q={editor.pk}"):
        reader.goto(base_b + path)
        assert title not in reader.content(), path
    response = reader.goto(base_b + article.get_absolute_url())
    assert response.status == 404
    # Nor does the demo committee, which is the province's member too.
    reader.goto(demo_site.url + "/tin-tuc/")
    assert title not in reader.content()
