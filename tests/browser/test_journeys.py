"""Three journeys, of a citizen, an editor and a secretary, each as a person makes it in
Chromium, on the demo site.

Citizen on a phone; editor and approver in the admin's CKEditor 5; secretary with documents and
a kiện toàn. Screenshots for the README are taken on the way (docs/screenshots/).
"""

import io
import random
import re

import pytest
from django.conf import settings

from .conftest import DESKTOP, DESKTOP_UA, PASSWORD, PHONE, screenshot

pytestmark = pytest.mark.browser

ADMIN = "/" + settings.ADMIN_URL
UNSAFE = re.compile(r"<script|\son\w+\s*=|javascript:|style\s*=", re.IGNORECASE)


def _login(page, base_url: str, user) -> None:
    """Password, then the second step as the user's phone would answer it: a first login sets up
    the authenticator app (QR page → code → recovery codes), later ones just enter the code."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.conftest import current_code

    page.goto(f"{base_url}{ADMIN}login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#id_otp_token")
    setting_up = "/cai-dat/" in page.url
    device = TOTPDevice.objects.filter(user=user, confirmed=not setting_up).latest("pk")
    page.fill("#id_otp_token", current_code(device))
    page.click("input[type=submit]")
    if setting_up:
        assert page.locator("#recovery-codes li").count() == 10
        page.click("text=Tôi đã lưu các mã, tiếp tục")
    page.wait_for_selector("#logout-form")


def _logout(page) -> None:
    page.click("#logout-form button")
    page.wait_for_url("**/logout/")


def _visit_numbers(page) -> dict[str, int]:
    return {
        el.get_attribute("data-stat"): int(el.get_attribute("data-value"))
        for el in page.locator("#visit-stats [data-stat]").all()
    }


def _another_visitor_ua() -> str:
    """A different ordinary browser (the counter tells visitors apart by address and browser)."""
    return DESKTOP_UA.replace("131.0.0.0", f"131.0.{random.randint(1000, 9999)}.0")


# --- citizen ----------------------------------------------------------------------------------
def test_citizen_reads_the_seed_article_its_document_and_finds_things_on_a_phone(
    demo_site, new_page, settings
):
    from demo.news import SEED_CREDIT, SEED_TITLE

    settings.VISIT_WIDGET_CACHE_SECONDS = 0  # the widget shows the stored counts at once
    base = demo_site.url
    page = new_page(PHONE)
    page.goto(base + "/")
    screenshot(page, "home-phone")

    # Home → the seed article: its photo, caption and credit line are visible.
    page.get_by_role("link", name=SEED_TITLE).first.click()
    page.wait_for_selector("h1.article__title")
    assert page.locator("h1").inner_text() == SEED_TITLE
    photo = page.locator(".article__figure img")
    assert photo.is_visible() and photo.evaluate("img => img.complete && img.naturalWidth > 0")
    assert page.locator(".article__figure figcaption").is_visible()
    assert page.locator(".credit").inner_text() == SEED_CREDIT
    assert page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")

    # → share: the device's share sheet only where the browser has one; "Sao chép liên kết" by
    # keyboard copies the address and says so; without the Clipboard API the address is selected.
    share_sheet = page.evaluate("() => typeof navigator.share === 'function'")
    assert page.locator("[data-share]").is_visible() == share_sheet
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    copy = page.get_by_role("button", name="Sao chép liên kết")
    address = copy.get_attribute("data-copy-link")
    copy.focus()
    page.keyboard.press("Enter")
    status = page.locator("[data-share-status]")
    page.wait_for_function("() => document.querySelector('[data-share-status]').textContent !== ''")
    assert status.inner_text() == "Đã sao chép liên kết"
    assert page.evaluate("() => navigator.clipboard.readText()") == address
    page.evaluate("() => Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    page.evaluate("() => { document.querySelector('[data-share-status]').textContent = ''; }")
    copy.click()
    box = page.locator("#lien-ket-bai-viet")
    assert box.is_visible() and box.evaluate("i => document.activeElement === i")
    assert box.evaluate("i => i.value.slice(i.selectionStart, i.selectionEnd)") == address
    page.wait_for_function("() => document.querySelector('[data-share-status]').textContent !== ''")
    assert status.inner_text() in (
        "Đã sao chép liên kết",
        "Liên kết đã được chọn: nhấn Ctrl+C, hoặc chạm giữ rồi chọn Sao chép",
    )
    assert page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")

    # → a related document → its PDF opens inline, in the browser.
    related = page.locator(".article-documents a")
    assert related.count() >= 1, "the article page lists no related document (“Văn bản liên quan”)"
    related.first.scroll_into_view_if_needed()
    related.first.click()
    page.wait_for_selector(".doc-file__name")
    document_url = page.url
    pdf_link = page.locator("a.doc-file__name").first
    pdf_url = base + pdf_link.get_attribute("href")
    assert pdf_link.get_attribute("download") is None  # a PDF is offered to view, not only to save
    head = page.request.get(pdf_url)
    assert head.headers["content-type"] == "application/pdf"
    assert head.headers["content-disposition"].startswith("inline")
    response = page.goto(pdf_url)  # a download would make goto fail ("Download is starting")
    assert response.status == 200

    # → back to "Văn bản", filtered by "Quy chế".
    page.goto(document_url)
    page.locator(".breadcrumbs").get_by_role("link", name="Văn bản").click()
    page.wait_for_url("**/van-ban/")
    # On a phone the filters are folded behind their button.
    page.get_by_text("Tìm, lọc văn bản").click()
    page.select_option("#id_loai", label="Quy chế")
    page.get_by_role("button", name="Tìm văn bản").click()
    page.wait_for_url(re.compile(r"/van-ban/\?.*loai=quy-che"))
    rows = page.locator(".doc-table tbody tr")
    assert rows.count() >= 1
    for meta in rows.locator(".meta").all_inner_texts():
        assert meta.startswith("Quy chế"), meta

    # → search "hoi nghi" (no diacritics) finds the seed article.
    page.fill("#o-tim-kiem", "hoi nghi")
    page.press("#o-tim-kiem", "Enter")
    page.wait_for_url("**/tim-kiem/?q=hoi+nghi")
    assert page.locator("main").get_by_role("link", name=SEED_TITLE).count() >= 1

    # → text size A+ and the contrast toggle work, and are remembered on the next page.
    base_size = page.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)")
    page.get_by_role("button", name="Tăng cỡ chữ").click()
    contrast = page.locator("[data-contrast]")
    contrast.click()
    assert contrast.get_attribute("aria-pressed") == "true"
    bigger = page.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert bigger > base_size
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    page.goto(base + "/ban-chi-dao/")
    assert "contrast" in page.evaluate("() => [...document.documentElement.classList]")
    assert page.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)") == bigger
    assert page.evaluate("() => getComputedStyle(document.body).backgroundColor") == background
    assert page.locator("[data-contrast]").get_attribute("aria-pressed") == "true"

    # → the visit counter's numbers rise after a new visit (another person, a fresh browser).
    page.goto(base + "/")
    before = _visit_numbers(page)
    other = new_page(DESKTOP, user_agent=_another_visitor_ua())
    other.goto(base + "/tin-tuc/")
    page.reload()
    after = _visit_numbers(page)
    for stat in ("online", "today", "week", "total"):
        assert after[stat] > before[stat], (stat, before, after)


# --- editor and approver ----------------------------------------------------------------------
def _jpeg(size=(1400, 900)) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, (40, 90, 150))
    ImageDraw.Draw(image).rectangle([(200, 200), (1000, 700)], fill=(220, 180, 40))
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=85)
    return buf.getvalue()


def _toolbar(page, tooltip_start: str):
    return page.locator(f".ck-editor__top [data-cke-tooltip-text^='{tooltip_start}']").first


def test_editor_writes_in_ckeditor_and_submits_then_the_approver_publishes(demo_site, new_page):
    from news.models import Article, Category, Status

    base = demo_site.url
    editor = demo_site.staff("Biên tập viên", "Minh", "Đông")
    approver = demo_site.staff("Duyệt bài")
    category = Category.objects.get(slug="tin-hoat-dong")
    title = f"Tập huấn tuyên truyền viên cơ sở năm 2026 ({editor.pk})"

    page = new_page(DESKTOP)
    _login(page, base, editor)
    page.goto(f"{base}{ADMIN}news/article/add/")
    editable = page.locator(".ck-editor__editable").first
    editable.wait_for()
    page.fill("#id_title", title)
    page.select_option("#id_category", str(category.pk))
    page.fill("#id_summary", "Ban Chỉ đạo 35 huyện tập huấn cho tuyên truyền viên cơ sở.")

    # The toolbar: a heading, a bold phrase, a bulleted list, a link.
    editable.click()
    page.locator(".ck-heading-dropdown > button").click()
    page.locator(".ck-heading-dropdown .ck-list__item button", has_text="Tiêu đề 2").click()
    page.keyboard.type("Nội dung tập huấn")
    page.keyboard.press("Enter")
    page.keyboard.type("Lớp học do ")
    _toolbar(page, "Đậm").click()
    page.keyboard.type("Ban Chỉ đạo 35 huyện")
    _toolbar(page, "Đậm").click()
    page.keyboard.type(" tổ chức.")
    page.keyboard.press("Enter")
    _toolbar(page, "Danh sách đánh ký hiệu").click()
    page.keyboard.type("Nhận diện thông tin xấu độc")
    page.keyboard.press("Enter")
    page.keyboard.type("Kỹ năng phản bác trên mạng xã hội")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # leaves the list
    page.keyboard.type("Tài liệu tại cổng thông tin")
    page.keyboard.down("Shift")
    for _ in range(len("cổng thông tin")):
        page.keyboard.press("ArrowLeft")
    page.keyboard.up("Shift")
    _toolbar(page, "Chèn liên kết").click()
    address = page.locator(".ck-link-form input[inputmode=url]")
    address.fill("https://bcd35.example.gov.vn/van-ban/")
    address.press("Enter")
    page.locator(".ck-editor__editable a", has_text="cổng thông tin").wait_for()
    # Back to the end of the text. Arrow keys race the link balloon's focus hand-back on a busy
    # machine (the link text was once replaced), so put the caret there through CKEditor's model.
    page.keyboard.press("Escape")
    page.evaluate(
        """() => {
            const editor = Object.values(window.editors)[0];
            const root = editor.model.document.getRoot();
            editor.model.change((w) => {
                w.setSelection(w.createPositionAt(root, "end"));
                w.removeSelectionAttribute("linkHref");  // step out of the link, as → would
            });
            editor.editing.view.focus();
        }"""
    )
    page.keyboard.press("Enter")
    page.keyboard.type("Hình ảnh lớp học:")
    page.keyboard.press("Enter")

    # An image through the editor's own upload button, then its caption.
    page.locator(".ck-editor__top input[type=file]").set_input_files(
        files=[{"name": "lop-tap-huan.jpg", "mimeType": "image/jpeg", "buffer": _jpeg()}]
    )
    image = page.locator(".ck-editor__editable figure.image img")
    image.wait_for()
    page.wait_for_function(  # uploaded: the server's address, no progress bar left
        "() => { const i = document.querySelector('.ck-editor__editable figure.image img');"
        " return i && i.getAttribute('src').startsWith('/media/')"
        " && !document.querySelector('.ck-image-upload-progress'); }"
    )
    image.click()
    page.locator(".ck-balloon-panel_visible [data-cke-tooltip-text='Hiện chú thích']").click()
    page.locator(".ck-editor__editable figure.image figcaption").click()
    page.keyboard.type("Học viên thực hành tại lớp tập huấn")
    screenshot(page, "admin-editor")

    data = page.evaluate("() => Object.values(window.editors)[0].getData()")
    assert "<h2>Nội dung tập huấn</h2>" in data
    assert "<strong>Ban Chỉ đạo 35 huyện</strong>" in data
    assert re.search(r"<ul><li[^>]*>Nhận diện thông tin xấu độc</li>", data), data
    assert '<a href="https://bcd35.example.gov.vn/van-ban/">cổng thông tin</a>' in data, data
    assert "<figcaption>Học viên thực hành tại lớp tập huấn</figcaption>" in data, data
    assert "<p>Hình ảnh lớp học:</p>" in data, data

    # Submit for review; the publish control is not offered to an editor.
    statuses = page.eval_on_selector_all("#id_status option", "os => os.map(o => o.value)")
    assert Status.PUBLISHED not in statuses and Status.REVIEW in statuses, statuses
    page.select_option("#id_status", Status.REVIEW)
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    article = Article.objects.get(title=title)
    assert article.status == Status.REVIEW
    change_url = page.url
    assert page.locator("#id_status option[value=published]").count() == 0
    page.goto(f"{base}{ADMIN}news/article/")
    assert page.locator("select[name=action] option[value=publish_selected]").count() == 0

    # A forged publish: the change form posted with status=published (plus unsafe markup) fails.
    page.goto(change_url)
    page.locator(".ck-editor__editable").first.wait_for()
    forged = page.evaluate(
        """async () => {
            const form = document.querySelector('#article_form');
            const data = new FormData(form);
            data.set('status', 'published');
            data.set('_continue', '1');
            const response = await fetch(location.href, {method: 'POST', body: data});
            return {status: response.status, redirected: response.redirected, text: await response.text()};
        }"""
    )
    assert not forged["redirected"] and "errornote" in forged["text"], forged["status"]
    article.refresh_from_db()
    assert article.status == Status.REVIEW
    # …and through the list's bulk action.
    page.goto(f"{base}{ADMIN}news/article/")
    forged_action = page.evaluate(
        """async pk => {
            const data = new FormData();
            data.set('csrfmiddlewaretoken', document.querySelector('[name=csrfmiddlewaretoken]').value);
            data.set('action', 'publish_selected');
            data.append('_selected_action', String(pk));
            const response = await fetch(location.href, {method: 'POST', body: data});
            return response.status;
        }""",
        article.pk,
    )
    assert forged_action in (200, 302, 403)
    article.refresh_from_db()
    assert article.status == Status.REVIEW
    # Unsafe markup slipped past the editor into the form is stored clean.
    page.goto(change_url)
    page.locator(".ck-editor__editable").first.wait_for()
    saved = page.evaluate(
        """async () => {
            const data = new FormData(document.querySelector('#article_form'));
            data.set('body', data.get('body') + '<p onclick="alert(1)" style="color:red">Đoạn thêm</p>'
                     + '<script>alert(2)</script><img src="x" onerror="alert(3)">'
                     + '<a href="javascript:alert(4)">liên kết xấu</a>');
            data.set('_continue', '1');
            const response = await fetch(location.href, {method: 'POST', body: data});
            return response.redirected;
        }"""
    )
    assert saved
    article.refresh_from_db()
    assert article.status == Status.REVIEW and "Đoạn thêm" in article.body
    assert not UNSAFE.search(article.body), article.body
    _logout(page)

    # The approver publishes it.
    page = new_page(DESKTOP)
    _login(page, base, approver)
    page.goto(change_url)
    page.locator(".ck-editor__editable").first.wait_for()
    page.select_option("#id_status", Status.PUBLISHED)
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED and article.is_live
    _logout(page)

    # A reader finds it on the home page, with the image in its renditions and no unsafe markup.
    reader = new_page(DESKTOP)
    reader.goto(base + "/")
    screenshot(reader, "home-desktop")
    reader.get_by_role("link", name=title).first.click()
    reader.wait_for_selector("h1.article__title")
    body = reader.locator(".article__body")
    html = body.inner_html()
    assert not UNSAFE.search(html), html
    assert reader.locator(".article__body strong", has_text="Ban Chỉ đạo 35 huyện").count() == 1
    assert reader.locator(".article__body h2", has_text="Nội dung tập huấn").count() == 1
    figure = reader.locator(".article__body figure.image")
    assert figure.locator("figcaption").inner_text() == "Học viên thực hành tại lớp tập huấn"
    img = figure.locator("img")
    srcset = img.get_attribute("srcset") or ""
    renditions = re.findall(r"(/media/\S+-(\d+)\.jpg) (\d+)w", srcset)
    assert len(renditions) >= 2 and all(w == width for _, w, width in renditions), srcset
    for url, _, _ in renditions:
        assert reader.request.get(base + url).status == 200, url
    img.scroll_into_view_if_needed()
    assert img.evaluate("img => img.complete && img.naturalWidth > 0")
    screenshot(reader, "article")


# --- secretary --------------------------------------------------------------------------------
def _pdf(title: str) -> bytes:
    from demo.documents import make_pdf

    return make_pdf(
        parent="Huyện ủy Duyên Hải",
        body_name="Ban Chỉ đạo 35",
        code="12-KH/BCĐ",
        place_date="Duyên Hải, ngày 05 tháng 01 năm 2026",
        type_name="Kế hoạch",
        title=title,
        paragraphs=["Bảo vệ nền tảng tư tưởng của Đảng trên địa bàn huyện."],
        signer=("Phan Văn Nhặn", "Trưởng ban"),
    )


def _fill_document(page, *, number: int, title: str) -> None:
    page.select_option("#id_doc_type", label="Kế hoạch")
    page.select_option("#id_issuing_body", index=1)
    page.fill("#id_number", str(number))
    page.fill("#id_title", title)
    page.fill("#id_summary", "Kế hoạch tuyên truyền, bảo vệ nền tảng tư tưởng của Đảng năm 2026.")
    page.fill("#id_signer_name", "Phan Văn Nhặn")
    page.fill("#id_signer_position", "Trưởng Ban Chỉ đạo")
    page.fill("#id_issue_date", "05/01/2026")
    page.check("#id_is_published")


def test_secretary_uploads_a_plan_and_records_a_reorganisation(demo_site, new_page):
    from committee.models import Appointment, Person
    from documents.models import Document

    base = demo_site.url
    secretary = demo_site.staff("Thư ký")
    page = new_page(DESKTOP)
    _login(page, base, secretary)

    # A plan with its metadata and a PDF.
    title = f"Kế hoạch tuyên truyền bảo vệ nền tảng tư tưởng năm 2026 ({secretary.pk})"
    page.goto(f"{base}{ADMIN}documents/document/add/")
    _fill_document(page, number=112, title=title)
    page.set_input_files(
        "#id_attachments-0-file",
        files=[{"name": "Kế hoạch 112.pdf", "mimeType": "application/pdf", "buffer": _pdf(title)}],
    )
    page.fill("#id_attachments-0-title", "Toàn văn")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    document = Document.objects.get(title=title)
    assert document.attachments.get().is_pdf

    # It appears in the public list with the right status.
    reader = new_page(PHONE)
    reader.goto(base + "/van-ban/")
    row = reader.locator(".doc-table tbody tr", has_text=title)
    assert row.count() == 1
    assert row.locator(".doc-status").inner_text() == document.status.label
    assert document.status.label in ("Còn hiệu lực", "Chưa hiệu lực")
    screenshot(reader, "documents")

    # An .exe renamed .pdf is refused in Vietnamese, and the form keeps what was typed.
    refused_title = f"Kế hoạch có tệp giả mạo ({secretary.pk})"
    page.goto(f"{base}{ADMIN}documents/document/add/")
    _fill_document(page, number=113, title=refused_title)
    exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" * 64
    page.set_input_files(
        "#id_attachments-0-file",
        files=[{"name": "ke-hoach.pdf", "mimeType": "application/pdf", "buffer": exe}],
    )
    page.click("input[name=_save]")
    page.wait_for_selector(".errornote")
    errors = " ".join(page.locator(".errorlist").all_inner_texts())
    assert re.search(r"[ạảãáàâấầẩẫậăắằẳẵặđẹẻẽéèêếềểễệịỉĩíìọỏõóòôốồổỗộơớờởỡợụủũúùưứừửữựỵỷỹýỳ]", errors), errors
    assert "PDF" in errors or "định dạng" in errors or "tệp" in errors, errors
    assert page.input_value("#id_title") == refused_title
    assert page.input_value("#id_number") == "113"
    assert page.input_value("#id_signer_name") == "Phan Văn Nhặn"
    assert not Document.objects.filter(title=refused_title).exists()

    # A kiện toàn: one member leaves a unit, another takes the role, by one decision.
    ending = (
        Appointment.objects.current()
        .filter(unit__parent__isnull=False)
        .select_related("person", "unit", "role")
        .order_by("unit__order", "role__rank", "pk")
        .first()
    )
    in_unit = Appointment.objects.current().filter(unit=ending.unit).values_list("person_id", flat=True)
    newcomer = Person.objects.published().exclude(pk__in=list(in_unit)).order_by("full_name").first()
    page.goto(f"{base}{ADMIN}committee/appointment/kien-toan/")
    page.fill("#id_decision_text", f"Quyết định số 99-QĐ/HU ({secretary.pk}) về kiện toàn Ban Chỉ đạo")
    page.check(f"input[name=end_appointments][value='{ending.pk}']")
    page.select_option("#id_moi-0-person", str(newcomer.pk))
    page.select_option("#id_moi-0-unit", str(ending.unit_id))
    page.select_option("#id_moi-0-role", str(ending.role_id))
    page.click("input[type=submit][value='Kiện toàn']")
    page.wait_for_selector(".messagelist .success")
    assert "Đã kiện toàn" in page.locator(".messagelist").inner_text()
    _logout(page)

    # The organisation page shows it: the newcomer in the unit, the leaver in the history.
    reader.goto(base + "/ban-chi-dao/")
    unit = reader.locator(f"#don-vi-{ending.unit.slug}")
    assert unit.get_by_text(newcomer.full_name).count() >= 1
    if not Appointment.objects.current().filter(unit=ending.unit, person=ending.person).exists():
        assert unit.get_by_text(ending.person.full_name).count() == 0
    reader.goto(base + "/ban-chi-dao/qua-cac-thoi-ky/")
    period = reader.locator("section.period", has_text=f"99-QĐ/HU ({secretary.pk})")
    assert period.get_by_text(ending.person.full_name).count() >= 1
