"""Personas and shared fixtures.

Groups (and their permissions) are created by the apps' data migrations; the persona
fixtures only put a staff user in the right group, so tests see exactly what production has.
"""

import datetime
import importlib
import os
import shutil

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.test import Client

# PORTAL_TEST_CLOCK=evening (`make test-evening`) runs the whole session at 20:30 UTC today, when
# Vietnam (UTC+7) is already on the next day: a test or a page that takes the UTC date for the
# local one then fails on every run, not only after 17:00 UTC. The clock keeps ticking; a test's
# own time_machine.travel nests inside and returns here. Started in pytest_configure (each xdist
# worker runs it too) so that module-level reads of the clock at collection are moved as well.
# Only Python's clock moves: the database server, Redis and child processes started afresh
# (not forked) keep the real time. PORTAL_TEST_CLOCK=late runs it at 16:30 UTC, 23:30 in
# Vietnam: the last half hour of a local day, when "now plus a little" is already tomorrow.
TEST_CLOCKS = {
    "evening": datetime.time(20, 30, tzinfo=datetime.UTC),
    "late": datetime.time(16, 30, tzinfo=datetime.UTC),
}
_clock_traveller = None


def _test_clock() -> datetime.datetime | None:
    name = os.environ.get("PORTAL_TEST_CLOCK", "")
    if not name:
        return None
    if name not in TEST_CLOCKS:
        raise pytest.UsageError(f"PORTAL_TEST_CLOCK={name!r}: expected one of {', '.join(TEST_CLOCKS)}")
    return datetime.datetime.combine(datetime.datetime.now(datetime.UTC).date(), TEST_CLOCKS[name])


def pytest_configure(config):
    global _clock_traveller
    start = _test_clock()
    if start is not None:
        _clock_traveller = time_machine.travel(start, tick=True)
        _clock_traveller.start()


def pytest_unconfigure(config):
    global _clock_traveller
    if _clock_traveller is not None:
        _clock_traveller.stop()
        _clock_traveller = None


def pytest_report_header(config):
    start = _test_clock()
    if start is not None:
        return f"test clock: {os.environ['PORTAL_TEST_CLOCK']}, from {start:%Y-%m-%d %H:%M} UTC"
    return None


EDITOR_GROUP = "Biên tập viên"
APPROVER_GROUP = "Duyệt bài"
SECRETARY_GROUP = "Thư ký"


GROUP_MIGRATIONS = [
    "news.migrations.0002_editorial_groups",
    "committee.migrations.0003_secretary_group",
    "documents.migrations.0003_secretary_permissions",
    "notices.migrations.0002_staff_groups",
    "ratings.migrations.0002_reader_groups",
    "documents.migrations.0007_consultation_permissions",
]


def _ensure_groups() -> None:
    """Re-run the groups' data migrations if a transactional (live-server) test in this worker
    flushed the database: personas must have exactly the rights production gives them."""
    intact = (
        Group.objects.filter(
            name__in=[EDITOR_GROUP, APPROVER_GROUP, SECRETARY_GROUP], permissions__isnull=False
        )
        .values("name")
        .distinct()
        .count()
    )
    if intact == 3:
        return
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    historical = MigrationExecutor(connection).loader.project_state().apps
    for name in GROUP_MIGRATIONS:
        importlib.import_module(name).grant(historical, None)


def _ensure_first_site() -> None:
    """Site 1 (the install's own committee) exists, also after a transactional test's flush."""
    from network.first_site import ensure_first_site

    ensure_first_site()


def give_role(user, group: str, site_id: int = 1) -> None:
    """Make `user` a `group` (Biên tập viên, Duyệt bài, Thư ký) on one site."""
    from network.models import SiteRole

    _ensure_groups()
    _ensure_first_site()
    SiteRole.objects.get_or_create(user=user, site_id=site_id, group=Group.objects.get(name=group))


def _staff(django_user_model, username: str, group: str | None = None, **extra):
    user = django_user_model.objects.create_user(
        username=username, password="Mat-khau-rat-dai-2026!", is_staff=True, **extra
    )
    if group:
        give_role(user, group)
    return user


@pytest.fixture(scope="session", autouse=True)
def _site_hosts(django_test_environment):
    """Django's test set-up freezes ALLOWED_HOSTS into a plain list; the platform's hosts come
    from the site records, so the suite gets its live list back."""
    from django.conf import settings

    from network.allowed import SiteHosts

    settings.ALLOWED_HOSTS = SiteHosts(list(settings.ALLOWED_HOSTS))


@pytest.fixture(autouse=True)
def _first_site_scope():
    """A test works for site 1, the single committee of an install, as a request to
    http://testserver/ does: its queries see site 1's rows and its new rows belong to it.
    Tests of other sites enter `network.current.working_on(other)` themselves."""
    from django.contrib.sites.models import Site

    from network.current import working_on

    with working_on(Site(id=1, domain="testserver", name="Ban Chỉ đạo 35")):
        yield


def make_site(domain: str, name: str, parent_id: int | None = None, **identity):
    """Another committee's site, with its identity, as create_committee makes one."""
    from django.contrib.sites.models import Site

    from network.current import working_on
    from network.models import Committee
    from pages.models import SiteSettings

    site = Site.objects.create(domain=domain, name=name)
    Committee.objects.create(site=site, parent_id=parent_id)
    with working_on(site):
        SiteSettings.objects.create(
            site=site, full_name=identity.pop("full_name", name), short_name=name, **identity
        )
    return site


@pytest.fixture
def other_site(db):
    """A second committee on the platform: Ban Chỉ đạo 35 xã Long Hữu, at longhuu.test."""
    return make_site("longhuu.test", "Ban Chỉ đạo 35 xã Long Hữu", locality="Long Hữu")


@pytest.fixture(autouse=True)
def _clean_cache():
    from network import hosts
    from notices.active import forget as forget_banners
    from pagecache.local import copies
    from stats.backends import reset_backends

    for each in caches.all():  # pages, and the state cache's content version and rate limits
        each.clear()
    copies.forget()  # this process's copies of pages and versions, read from the emptied caches
    hosts._memo = None  # the host map of the last test's sites (its rows are rolled back)
    reset_backends()  # the counter's stores hold the day's salt: the test database may not
    forget_banners()  # each process's copy of the banners, read under the emptied versions
    yield
    for each in caches.all():
        each.clear()
    copies.forget()


@pytest.fixture
def stopped_clock():
    """The clock stopped at this moment for the test: django-ratelimit counts in fixed windows,
    and a window ending halfway through a flood test would hand out a fresh budget."""
    from django.utils import timezone

    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Every test writes uploads into its own folder, removed afterwards."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    os.makedirs(settings.MEDIA_ROOT, exist_ok=True)
    yield
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture
def citizen() -> Client:
    """An anonymous visitor with an ordinary phone browser."""
    return Client(
        headers={
            "user-agent": "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 "
            "(KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36"
        }
    )


@pytest.fixture
def editor_user(db, django_user_model):
    return _staff(django_user_model, "bientap", EDITOR_GROUP, first_name="Minh", last_name="Đông")


@pytest.fixture
def approver_user(db, django_user_model):
    return _staff(django_user_model, "duyetbai", APPROVER_GROUP)


@pytest.fixture
def secretary_user(db, django_user_model):
    return _staff(django_user_model, "thuky", SECRETARY_GROUP)


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser(
        username="quantri", password="Mat-khau-rat-dai-2026!", email="qt@example.vn"
    )


def authenticator_app(user):
    """The user's confirmed authenticator app (django-otp TOTP device), made if missing."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Ứng dụng xác thực", confirmed=True)


def current_code(device) -> str:
    """The 6-digit code the user's phone shows now for `device`."""
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def login_staff(client: Client, user) -> Client:
    """force_login plus the second step, as django_otp.login records it: the session is verified
    by a real confirmed authenticator app of the user."""
    from django_otp import DEVICE_ID_SESSION_KEY

    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = authenticator_app(user).persistent_id
    session.save()
    return client


def _client_for(user) -> Client:
    return login_staff(Client(), user)


@pytest.fixture
def editor(editor_user) -> Client:
    return _client_for(editor_user)


@pytest.fixture
def approver(approver_user) -> Client:
    return _client_for(approver_user)


@pytest.fixture
def secretary(secretary_user) -> Client:
    return _client_for(secretary_user)


@pytest.fixture
def admin_client_(superuser) -> Client:
    return _client_for(superuser)


@pytest.fixture
def site_identity(db):
    """The demo identity (Ban Chỉ đạo 35 huyện Duyên Hải) without the rest of the demo."""
    from demo.pages import IDENTITY
    from pages.models import SiteSettings

    site = SiteSettings(site_id=1, **IDENTITY)
    site.save()
    return site


def requires_postgres():
    from django.db import connection

    if connection.vendor != "postgresql":
        # .ci/run runs the whole suite a second time on PostgreSQL, where this test runs.
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://… (.ci/run does)")


def redis_url_or_skip() -> str:
    url = os.environ.get("TEST_REDIS_URL") or os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except Exception as exc:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run this test against Redis at {url}: {exc}")
        pytest.skip(f"needs a Redis server at {url} ({type(exc).__name__}); CI provides one")
    return url


@pytest.fixture(scope="session")
def seaweed(tmp_path_factory):
    """One SeaweedFS S3 server for the session (tests/seaweed.py), stopped at the end."""
    from tests.seaweed import SeaweedServer, weed_or_skip

    server = SeaweedServer(weed_or_skip(), tmp_path_factory.mktemp("seaweedfs")).start()
    yield server
    server.stop()


@pytest.fixture
def object_storage(seaweed, settings):
    """Uploads and document files in SeaweedFS's buckets (emptied before and after), as with
    S3_MEDIA_BUCKET and S3_DOCUMENTS_BUCKET set."""
    buckets, media_url = seaweed.storages()
    seaweed.empty()
    settings.STORAGES = {**settings.STORAGES, **buckets}
    settings.MEDIA_URL = media_url
    yield seaweed
    seaweed.empty()
