"""CKEditor 5 in a real browser: a Vietnamese toolbar, and a Word paste stored clean.

The browser's requests are answered by Django's test client in the test's own thread, connection
and transaction (Playwright request routing): no live server and no transactional flush, so
nothing is committed and the data migrations' groups stay in place for the tests that follow.
(Playwright does not hand file bodies of multipart requests to a route handler, so the image
upload is tested against the view itself in test_editor_upload.py.)
Skips with a reason where Chromium or Playwright is absent; CI has both.
"""

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connections
from django.test import Client

from news.models import Article
from tests.conftest import login_staff

from .conftest import FIXTURES

pytestmark = pytest.mark.browser
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ORIGIN = "http://testserver"
_SKIP_HEADERS = {"host", "cookie", "content-type", "content-length"}


@pytest.fixture
def browser_context(db):
    if not (shutil.which(CHROMIUM) or Path(CHROMIUM).exists()):
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser tests: Chromium not found at {CHROMIUM}")
        pytest.skip(f"needs Chromium at {CHROMIUM}")
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; the ORM work stays in this thread.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    # Django keeps connections per context; Playwright's greenlets may run code in a fresh one,
    # where a new connection would work outside the test's transaction (and commit for good).
    # Everything below uses the test's own connections, inside its transaction.
    test_connections = {alias: connections[alias] for alias in connections}
    with sync_api.sync_playwright() as pw:
        _use(test_connections)
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
        context.set_default_timeout(20_000)
        context.test_connections = test_connections
        yield context
        browser.close()
    _use(test_connections)


def _use(test_connections) -> None:
    for alias, connection in test_connections.items():
        connections[alias] = connection


def _page_served_by(context, client: Client):
    """A page whose requests to ORIGIN are answered by `client` (static files from the finders)."""

    def handle(route, request):
        _use(context.test_connections)  # a route handler runs in a greenlet of its own
        url = urlsplit(request.url)
        if url.path.startswith(settings.STATIC_URL):
            found = finders.find(url.path.removeprefix(settings.STATIC_URL))
            return route.fulfill(path=found) if found else route.fulfill(status=404)
        meta = {
            "HTTP_" + name.upper().replace("-", "_"): value
            for name, value in request.headers.items()
            if name.lower() not in _SKIP_HEADERS
        }
        path = url.path + (f"?{url.query}" if url.query else "")
        response = client.generic(
            request.method,
            path,
            data=request.post_data_buffer or b"",
            content_type=request.headers.get("content-type", "application/octet-stream"),
            **meta,
        )
        headers = dict(response.items())
        return route.fulfill(status=response.status_code, headers=headers, body=response.content)

    page = context.new_page()
    page.route(f"{ORIGIN}/**", handle)
    return page


def _editor_page(browser_context, user):
    client = Client()
    login_staff(client, user)
    page = _page_served_by(browser_context, client)
    page.goto(f"{ORIGIN}/quan-tri/news/article/add/")
    page.wait_for_selector(".ck-editor__editable")
    return page


def _editor_data(page) -> str:
    return page.evaluate("() => Object.values(window.editors)[0].getData()")


def test_editor_toolbar_speaks_vietnamese(browser_context, editor_user):
    page = _editor_page(browser_context, editor_user)
    tooltips = page.eval_on_selector_all(
        ".ck-toolbar [data-cke-tooltip-text]", "els => els.map(e => e.getAttribute('data-cke-tooltip-text'))"
    )
    for label in (
        "Đậm (Ctrl+B)",
        "Nghiêng (Ctrl+I)",
        "Chèn liên kết (Ctrl+K)",
        "Tải hình ảnh lên từ máy tính",
    ):
        assert label in tooltips, tooltips


def test_editor_pastes_word_and_the_article_is_stored_clean(browser_context, editor_user, category):
    page = _editor_page(browser_context, editor_user)
    word = (FIXTURES / "word-clipboard.html").read_text(encoding="utf-8")
    page.evaluate(
        """html => {
            const data = new DataTransfer();
            data.setData('text/html', html);
            data.setData('text/plain', 'Kế hoạch');
            const editable = document.querySelector('.ck-editor__editable');
            editable.focus();
            const options = {clipboardData: data, bubbles: true, cancelable: true};
            editable.dispatchEvent(new ClipboardEvent('paste', options));
        }""",
        word,
    )
    page.wait_for_function("() => Object.values(window.editors)[0].getData().includes('Long Thành')")
    assert "mso-" not in _editor_data(page)  # the editor's own paste filter ran
    page.fill("#id_title", "Dán từ Word")
    page.select_option("#id_category", str(category.pk))
    page.click("input[name=_save]")
    page.wait_for_url("**/news/article/")
    body = Article.objects.get(title="Dán từ Word").body
    assert body.startswith("<h2>Kế hoạch tuyên truyền năm 2021</h2>")
    assert "<strong>Ban Chỉ đạo 35 huyện</strong>" in body and "<ul><li>" in body and "<table>" in body
    for junk in ("mso-", "style=", 'class="Mso', "<img", "file:", "data-list-item-id"):
        assert junk not in body, junk


def test_browser_tests_commit_nothing(browser_context, editor_user):
    """What a browser test writes stays inside its transaction (a leak broke later tests once)."""
    from django.db import connection

    _editor_page(browser_context, editor_user)
    assert connection.in_atomic_block
