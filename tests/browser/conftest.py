"""Real-browser fixtures: Debian's Chromium driven by Playwright against a live server.

Skips with a reason where Chromium is absent; CI installs it and must not skip.

The demo content takes tens of seconds to load, so the whole package shares ONE load and ONE
live server (`demo_site`, package-scoped underneath). That rules out pytest-django's `db` /
`transactional_db` (they roll back or flush per test), so instead:
- before loading, the database (groups and permissions made by the data migrations, content
  types…) is serialized; after the package's last test it is flushed and restored from that
  snapshot — what `TransactionTestCase.serialized_rollback` does — so the tests that run after
  these in the same process see exactly the freshly migrated database;
- tests reach the ORM through `demo_site` (which unblocks database access for their duration);
  users and content they create live until the package's teardown, so they use unique names.
"""

import itertools
import os
import shutil
import sys
import tempfile
import threading
from dataclasses import dataclass
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
# The visit counter ignores "HeadlessChrome" (a bot signature): browse as ordinary Chrome.
PHONE_UA = (
    "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)
DESKTOP_UA = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
PASSWORD = "Mat-khau-trinh-duyet-2026!"
_usernames = itertools.count(1)


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
    """A fresh browser context (no storage, no cookies) per call; failures leave a screenshot."""
    contexts = []

    def _make(viewport=DESKTOP, **kwargs):
        kwargs.setdefault("user_agent", PHONE_UA if viewport["width"] < 600 else DESKTOP_UA)
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


def pytest_collection_modifyitems(config, items):
    """A django_db mark on the tests that use the demo, so that pytest-django creates the test
    database even when no other test of the session asks for one (it would otherwise leave the
    real database in place). _django_db_marker below keeps the mark from wrapping each test in
    a transaction: the live server must see what the test commits, on PostgreSQL too."""
    for item in items:
        if "demo_site" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.django_db)


@pytest.fixture(autouse=True)
def _django_db_marker():
    """Overrides pytest-django's: in this package database access comes from `demo_site`."""


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(autouse=True)
def _media_root():
    """Overrides tests/conftest.py's per-test media folder: the demo's photos, loaded once for
    the package, live in the package's own folder (see _demo_server)."""
    yield


@dataclass
class DemoSite:
    url: str
    media_root: Path

    def staff(self, group: str, first_name: str = "", last_name: str = "", site_id: int = 1, *more_groups):
        """A new staff user with the role `group` (and `more_groups`) on one site, the demo
        committee's by default (the groups and their rights come from the data migrations)."""
        from django.contrib.auth.models import Group, User

        from network.models import SiteRole

        username = f"{group.split()[0].lower()}-trinh-duyet-{next(_usernames)}"
        user = User.objects.create_user(
            username=username, password=PASSWORD, is_staff=True, first_name=first_name, last_name=last_name
        )
        for name in (group, *more_groups):
            SiteRole.objects.create(user=user, site_id=site_id, group=Group.objects.get(name=name))
        return user

    def site_url(self, host: str) -> str:
        """The live server at another site's host name (*.localhost resolves to this machine)."""
        port = self.url.rsplit(":", 1)[1]
        return f"http://{host}:{port}"


def _refuse_a_real_database() -> None:
    """This package flushes the database at the end: make sure it is a test database."""
    from django.db import connections

    for connection in connections.all():
        name = str(connection.settings_dict["NAME"])
        is_test = (
            connection.is_in_memory_db() if connection.vendor == "sqlite" else name.startswith("test_")
        ) or name == connection.settings_dict.get("TEST", {}).get("NAME")
        if not is_test:
            raise RuntimeError(f"refusing to load the demo into {name!r}: not a test database")


def _wait_for_requests_in_flight(timeout: float = 5.0) -> None:
    """Let the live server finish what a closed browser still asked for (a lazy image…): a
    request thread that outlives the server would find its database connection gone."""
    for thread in threading.enumerate():
        if thread is not threading.current_thread() and "process_request_thread" in thread.name:
            thread.join(timeout)


def _close_other_sessions() -> None:
    """PostgreSQL: end the connections that request threads still hold (a browser keep-alive
    connection outlives its last request), or the test database could not be dropped."""
    from django.db import connections

    for connection in connections.all():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )


@pytest.fixture(scope="package")
def _demo_server(request, django_db_setup, django_db_blocker):
    """Load the full demo once, serve it, and put the database back as it was afterwards."""
    from django.core.management import call_command
    from django.db import connections
    from django.test.utils import override_settings
    from pytest_django.live_server_helper import LiveServer

    _require_chromium()  # no point loading 40 s of demo for tests that will skip
    media_root = Path(tempfile.mkdtemp(prefix="bcd35-browser-media-"))
    overrides = override_settings(
        MEDIA_ROOT=str(media_root / "media"),
        DOCUMENT_FILES_ROOT=str(media_root / "documents"),
        SERVE_MEDIA=True,
        PAGE_CACHE_SECONDS=0,
    )
    overrides.enable()
    server = None
    with django_db_blocker.unblock():
        _refuse_a_real_database()
        snapshots = {alias: connections[alias].creation.serialize_db_to_string() for alias in connections}
        try:
            with open(os.devnull, "w") as devnull:
                call_command("load_demo", stdout=devnull)
            server = LiveServer("localhost")
            server._live_server_modified_settings.enable()
            yield DemoSite(url=server.url, media_root=media_root)
        finally:
            if server is not None:
                _wait_for_requests_in_flight()
                server._live_server_modified_settings.disable()
                server.stop()
                _close_other_sessions()
            for alias, data in snapshots.items():
                call_command(
                    "flush", database=alias, interactive=False, verbosity=0, inhibit_post_migrate=True
                )
                connections[alias].creation.deserialize_db_from_string(data)
            overrides.disable()
            shutil.rmtree(media_root, ignore_errors=True)


@pytest.fixture
def demo_site(_demo_server, django_db_blocker, settings) -> DemoSite:
    """The full demo content, as `make run` shows it, on a live server (`demo_site.url`).

    Database access is open for the test (for the live server and the test's own checks).
    """
    from django.core.cache import cache

    settings.PAGE_CACHE_SECONDS = 0
    cache.clear()
    with django_db_blocker.unblock():
        yield _demo_server


def screenshot(page, name: str) -> Path:
    """Write docs/screenshots/<name>.png (viewport only, shown in the README)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


def wait_for_proof_of_work(page, seconds: float = 30) -> None:
    """The ALTCHA widget has solved its proof of work (civic-pow.js starts it once our worker
    is set) and filled its hidden field."""
    solved = "() => { const i = document.querySelector('input[name=altcha]'); return !!(i && i.value); }"
    page.wait_for_function(solved, timeout=seconds * 1000)
