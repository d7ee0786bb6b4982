"""Reads from the replica, writes to the primary, through PgBouncer: drills on real clusters.

A session builds a primary (initdb), migrates it, copies it into a streaming replica
(pg_basebackup -R), puts PgBouncer (transaction pooling) in front of the primary and starts one
app host (gunicorn) reading DATABASE_URL through PgBouncer and DATABASE_REPLICA_URL. The replica's
replay is paused to make it lag: what a page shows then says which database served it.
"""

import os
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from ops.dbrouting import PrimaryReplicaRouter
from tests import pgcluster
from tests.portal.test_settings import _run

ROOT = Path(__file__).resolve().parents[2]
MAX_LAG = 8
READ_YOUR_WRITES = 4
ADMIN_URL = "quan-tri/"

CREATE_ARTICLE = """
import datetime, sys
from django.utils import timezone
from network.current import working_on
from django.contrib.sites.models import Site
from news.models import Article, Category, Status
with working_on(Site.objects.get(pk=1)):
    category, _ = Category.objects.get_or_create(
        slug="tin-hoat-dong", defaults={"name": "Tin hoạt động", "order": 1})
    Article.objects.update_or_create(slug=sys.argv[-2], defaults=dict(
        title=sys.argv[-1], summary="Tóm tắt.", body="<p>Nội dung.</p>", category=category,
        status=Status.PUBLISHED, publish_at=timezone.now() - datetime.timedelta(minutes=5)))
"""

STAFF_SESSION = """
from importlib import import_module
from django.conf import settings
from django.contrib.auth import get_user_model
user, _ = get_user_model().objects.get_or_create(
    username="bientap", defaults={"is_staff": True, "is_superuser": True})
store = import_module(settings.SESSION_ENGINE).SessionStore()
store["_auth_user_id"] = str(user.pk)
store["_auth_user_backend"] = [b for b in settings.AUTHENTICATION_BACKENDS if "axes" not in b][0]
store["_auth_user_hash"] = user.get_session_auth_hash()
store.create()
print(store.session_key)
"""


class Portal:
    def __init__(self, primary, replica, env, url):
        self.primary, self.replica, self.env, self.url = primary, replica, env, url

    def manage(self, code: str, *args: str) -> str:
        """Python run by manage.py against the primary, as an editor's save would be."""
        done = subprocess.run(
            [sys.executable, "-c", f"import django; django.setup()\n{code}", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    def publish(self, slug: str, title: str) -> None:
        self.manage(CREATE_ARTICLE, slug, title)

    def pause_replay(self) -> None:
        # A fresh replayed transaction first: the lag is measured from the last one replayed.
        self.primary.sql(
            "CREATE TABLE IF NOT EXISTS drill_tick (at timestamptz); INSERT INTO drill_tick VALUES (now())",
            "portal",
        )
        pgcluster.wait_for_replay(self.primary, self.replica)
        self.replica.sql("SELECT pg_wal_replay_pause()")

    def resume_replay(self) -> None:
        self.replica.sql("SELECT pg_wal_replay_resume()")
        pgcluster.wait_for_replay(self.primary, self.replica)

    def article(self, slug: str, session: requests.Session | None = None) -> requests.Response:
        return (session or requests).get(f"{self.url}/tin-tuc/bai/{slug}/", timeout=30)


SHOW_DATABASES = (
    "from django.conf import settings as s; d = s.DATABASES; "
    "print(d['default'].get('DISABLE_SERVER_SIDE_CURSORS'), "
    "d['default']['OPTIONS'].get('prepare_threshold', 'on'), "
    "sorted(d), s.DATABASE_ROUTERS)"
)


def test_without_a_replica_everything_reads_and_writes_one_database_as_before():
    shown = _run(
        {"DATABASE_URL": "postgres://u@127.0.0.1:5432/bcd35"}, "shell", "-v", "0", "-c", SHOW_DATABASES
    )
    assert shown.stdout.split() == ["None", "on", "['default']", "[]"], shown.stderr


class _Replica:
    closed = False

    def close(self):
        self.closed = True


@pytest.mark.parametrize("method, answered_again", [("get", True), ("head", True), ("post", False)])
def test_a_replica_failing_midway_through_a_reading_request_is_answered_from_the_primary(
    rf, monkeypatch, method, answered_again
):
    """The replica stops while a page is being read from it: the reader gets the page from the
    primary, not an error; a request that may write is never run twice."""
    from django.db import OperationalError
    from django.http import HttpResponse
    from django.urls import ResolverMatch

    from ops import dbrouting

    replica = _Replica()
    monkeypatch.setattr(dbrouting, "connections", {dbrouting.REPLICA: replica})
    monkeypatch.setattr(dbrouting, "_health", (0.0, True))
    reads = []

    def view(request):
        reads.append("replica" if dbrouting._route.get().replica else "primary")
        if dbrouting._route.get().replica:
            raise OperationalError("server closed the connection unexpectedly")
        return HttpResponse("Kế hoạch số 5")

    request = getattr(rf, method)("/van-ban/")
    request.resolver_match = ResolverMatch(view, (), {})
    middleware = object.__new__(dbrouting.ReplicaReadsMiddleware)  # installed only with a replica
    token = dbrouting._route.set(dbrouting._Route(True))
    try:
        with pytest.raises(OperationalError) as failure:
            view(request)
        answer = middleware.process_exception(request, failure.value)
    finally:
        dbrouting._route.reset(token)
    if answered_again:
        assert answer.status_code == 200 and answer.content.decode() == "Kế hoạch số 5"
        assert reads == ["replica", "primary"] and replica.closed
        assert dbrouting._health[1] is False  # the next requests read from the primary too
    else:
        assert answer is None and reads == ["replica"]  # Django's error page, as before


def test_pooled_and_replicated_settings():
    shown = _run(
        {
            "DATABASE_URL": "postgres://u@127.0.0.1:6432/bcd35",
            "DATABASE_POOLER": "pgbouncer",
            "DATABASE_REPLICA_URL": "postgres://u@10.0.0.12:5432/bcd35",
        },
        "shell",
        "-v",
        "0",
        "-c",
        SHOW_DATABASES,
    )
    assert shown.stdout.split() == [
        "True",
        "None",
        "['default',",
        "'replica']",
        "['ops.dbrouting.PrimaryReplicaRouter']",
    ], shown.stderr


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DATABASE_POOLER": "pgpool"}, "DATABASE_POOLER='pgpool'"),
        ({"DATABASE_POOLER": "pgbouncer"}, "DATABASE_POOLER=pgbouncer needs a postgres:// DATABASE_URL"),
        (
            {"DATABASE_REPLICA_URL": "postgres://u@h/db"},
            "DATABASE_REPLICA_URL needs a postgres:// DATABASE_URL",
        ),
    ],
)
def test_a_pooler_or_replica_that_cannot_work_stops_startup_naming_the_variable(env, message):
    result = _run({"DATABASE_URL": "sqlite:////tmp/bcd35-routing-check.sqlite3", **env}, "check")
    assert result.returncode != 0
    assert message in result.stderr


def test_migrations_run_on_the_primary_only():
    router = PrimaryReplicaRouter()
    assert router.allow_migrate("default", "news") is True
    assert router.allow_migrate("replica", "news") is False


@pytest.fixture(scope="session")
def portal(tmp_path_factory):
    if not pgcluster.pg_bin("initdb"):
        pgcluster.missing(
            "needs PostgreSQL's server tools (initdb, pg_basebackup): apt-get install -y postgresql"
        )
    root = pgcluster._private_dir("bcd35-replica-")
    primary = replica = None
    app = None
    try:
        primary = pgcluster.start_primary(root)
        primary.sql("CREATE DATABASE portal")
        with pgcluster.pgbouncer("127.0.0.1", primary.port) as bouncer_port:
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "portal.settings",
                "DJANGO_ENV_FILE": "none",
                "DJANGO_DEBUG": "true",  # static files without collectstatic
                "DJANGO_HTTPS": "false",
                "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
                "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
                "DJANGO_ADMIN_URL": ADMIN_URL,
                "DATABASE_URL": f"postgres://postgres@127.0.0.1:{bouncer_port}/portal",
                "DATABASE_POOLER": "pgbouncer",
                "REDIS_URL": "",
                "PAGE_CACHE_SECONDS": "0",
                "DATABASE_REPLICA_MAX_LAG_SECONDS": str(MAX_LAG),
                "DATABASE_REPLICA_CHECK_SECONDS": "1",
                "DATABASE_READ_YOUR_WRITES_SECONDS": str(READ_YOUR_WRITES),
            }
            subprocess.run(
                [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
                cwd=ROOT,
                env=env,
                check=True,
                timeout=300,
            )
            replica = pgcluster.start_replica(primary, root)
            env["DATABASE_REPLICA_URL"] = replica.url("portal")
            port = pgcluster.free_port()
            app = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "portal.wsgi:application",
                    "-b",
                    f"127.0.0.1:{port}",
                    "-w",
                    "1",
                    "--threads",
                    "4",
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=open(root / "app.log", "w"),
            )
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while True:
                try:
                    if requests.get(f"{url}/healthz", timeout=5).status_code == 200:
                        break
                except requests.ConnectionError:
                    pass
                if app.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("the app host did not start:\n" + (root / "app.log").read_text()[-3000:])
                time.sleep(0.3)
            yield Portal(primary, replica, env, url)
    finally:
        if app is not None:
            app.terminate()
            app.wait(timeout=20)
        for cluster in (replica, primary):
            if cluster is not None:
                cluster.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def replay_paused(portal):
    portal.pause_replay()
    yield
    portal.resume_replay()
    time.sleep(1.2)  # the app host's next replica check sees it caught up


def staff_browser(portal) -> requests.Session:
    browser = requests.Session()
    browser.cookies.set("sessionid", portal.manage(STAFF_SESSION), domain="127.0.0.1", path="/")
    return browser


@pytest.mark.postgres
def test_anonymous_pages_are_read_from_the_replica_and_staff_from_the_primary(portal, replay_paused):
    portal.publish("tin-moi-tren-may-chinh", "Tin mới trên máy chính")

    # The replica has not replayed the article yet: a visitor's page comes from the replica.
    assert portal.article("tin-moi-tren-may-chinh").status_code == 404
    # The editor who just published it reads the primary and sees it.
    seen = portal.article("tin-moi-tren-may-chinh", staff_browser(portal))
    assert seen.status_code == 200 and "Tin mới trên máy chính" in seen.text


@pytest.mark.postgres
def test_an_editor_never_sees_their_edit_disappear_while_the_replica_lags(portal):
    portal.publish("hoi-nghi-so-ket", "Hội nghị sơ kết")
    portal.resume_replay()
    editor = staff_browser(portal)
    portal.pause_replay()
    portal.publish("hoi-nghi-so-ket", "Hội nghị sơ kết quý I (đã sửa)")
    try:
        assert "đã sửa" in portal.article("hoi-nghi-so-ket", editor).text
        # The editor signs out (a POST): the browser keeps reading the primary for a while.
        token = secrets.token_hex(16)
        editor.cookies.set("csrftoken", token, domain="127.0.0.1", path="/")
        out = editor.post(
            f"{portal.url}/{ADMIN_URL}logout/", headers={"X-CSRFToken": token}, allow_redirects=False
        )
        assert out.status_code in (200, 302)
        assert not editor.cookies.get("sessionid")  # signed out
        assert "đã sửa" in portal.article("hoi-nghi-so-ket", editor).text
        # Another visitor reads the replica, which lags: the old title, not an error.
        assert "đã sửa" not in portal.article("hoi-nghi-so-ket").text
        assert "Hội nghị sơ kết" in portal.article("hoi-nghi-so-ket").text
        # DATABASE_READ_YOUR_WRITES_SECONDS later the browser reads the replica again.
        time.sleep(READ_YOUR_WRITES + 0.5)
        assert "đã sửa" not in portal.article("hoi-nghi-so-ket", editor).text
    finally:
        portal.resume_replay()


@pytest.mark.postgres
def test_a_replica_lagging_beyond_the_limit_is_left_aside(portal, replay_paused):
    portal.publish("tin-sau-khi-tre", "Tin sau khi bản sao bị trễ")
    assert portal.article("tin-sau-khi-tre").status_code == 404  # within the limit: the replica
    time.sleep(MAX_LAG + 1.5)  # beyond it, and past the next check
    page = portal.article("tin-sau-khi-tre")
    assert page.status_code == 200 and "Tin sau khi bản sao bị trễ" in page.text


@pytest.mark.postgres
def test_a_stopped_replica_leaves_pages_served_from_the_primary(portal):
    portal.publish("tin-khi-ban-sao-dung", "Tin khi bản sao dừng")
    portal.resume_replay()
    assert portal.article("tin-khi-ban-sao-dung").status_code == 200
    portal.replica.stop()
    try:
        pages = [portal.article("tin-khi-ban-sao-dung") for _ in range(5)]
        assert [page.status_code for page in pages] == [200] * 5
        assert requests.get(f"{portal.url}/", timeout=30).status_code == 200
    finally:
        portal.replica.start()
        pgcluster.wait_for_replay(portal.primary, portal.replica)
