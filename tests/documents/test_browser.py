"""In a real Chromium: a document's PDF opens in the built-in viewer, inside the page's preview
frame and on its own, despite the restrictive headers; "Tải về" saves it under its Vietnamese name.

Skips with a reason where Chromium is absent; CI installs it (CHROMIUM_PATH, default /usr/bin/chromium).
"""

import os
import shutil
from pathlib import Path

import pytest

from .conftest import attach, pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Playwright's sync API runs an event loop in this thread; the ORM is used between browser calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PDF_VIEWER = "chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/"


@pytest.fixture
def page():
    if not (shutil.which(CHROMIUM) or Path(CHROMIUM).exists()):
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser tests: Chromium not found at {CHROMIUM}")
        pytest.skip(f"needs Chromium at {CHROMIUM} (apt-get install chromium; .ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(accept_downloads=True, locale="vi-VN")
        context.set_default_timeout(15_000)
        yield context.new_page()
        browser.close()


def _viewer_opened(page) -> bool:
    page.wait_for_timeout(1500)
    urls = [frame.url for frame in page.frames]
    return any(url.startswith(PDF_VIEWER) for url in urls) and not any("chrome-error" in url for url in urls)


def test_pdf_opens_in_the_browser_viewer_and_downloads_with_its_vietnamese_name(
    live_server, site_identity, make_document, page
):
    document = make_document(number=5, title="Kế hoạch của Ban Chỉ đạo năm 2021")
    name = "Kế hoạch 05-KH-BCĐ năm 2021.pdf"
    attachment = attach(
        document, pdf_bytes(text="Bảo vệ nền tảng tư tưởng của Đảng."), name, title="Toàn văn"
    )

    page.goto(live_server.url + document.get_absolute_url())
    frame = page.locator("iframe.doc-preview__frame")
    assert frame.get_attribute("title").startswith("Xem trước tệp PDF Toàn văn")
    frame.scroll_into_view_if_needed()  # the frame is lazy-loaded
    assert _viewer_opened(page), [f.url for f in page.frames]

    with page.expect_download() as download:
        page.get_by_role("link", name="Tải về Toàn văn").click()
    assert download.value.suggested_filename == name

    page.goto(live_server.url + attachment.get_absolute_url())
    assert _viewer_opened(page), [f.url for f in page.frames]
