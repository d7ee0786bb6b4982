"""Real-browser fixtures: Debian's Chromium driven by Playwright against a live server.

Skips with a reason where Chromium is absent; CI installs it and must not skip.
"""

import os
import shutil
import sys
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the live server's database work
# happens in its own thread, and fixtures here touch the ORM only between browser calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
ARTIFACTS = Path(os.environ.get("BROWSER_ARTIFACTS", "/tmp/bcd35-browser"))
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1366, "height": 900}


def _require_chromium() -> None:
    if not (shutil.which(CHROMIUM) or Path(CHROMIUM).exists()):
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser tests: Chromium not found at {CHROMIUM}")
        pytest.skip(f"needs Chromium at {CHROMIUM} (apt-get install chromium; .ci/run does)")


@pytest.fixture(scope="session")
def chromium():
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(chromium, request):
    """A fresh browser context (no storage) per call; failures leave a screenshot path."""
    contexts = []

    def _make(viewport=DESKTOP, **kwargs):
        context = chromium.new_context(viewport=viewport, locale="vi-VN", **kwargs)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield _make
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    for i, context in enumerate(contexts):
        if failed:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            for j, page in enumerate(context.pages):
                path = ARTIFACTS / f"{request.node.name}-{i}-{j}.png"
                try:
                    page.screenshot(path=str(path), full_page=True)
                    sys.stderr.write(f"\nscreenshot of the failing page: {path} ({page.url})\n")
                except Exception:  # the page may be gone
                    pass
        context.close()


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture
def demo_site(transactional_db, settings):
    """The full demo content, as `make run` shows it."""
    from django.core.management import call_command

    settings.SERVE_MEDIA = True
    with open(os.devnull, "w") as devnull:
        call_command("load_demo", stdout=devnull)


def screenshot(page, name: str) -> Path:
    """Write docs/screenshots/<name>.png (shown in the README)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path
