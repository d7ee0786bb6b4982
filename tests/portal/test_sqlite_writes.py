"""The embedded default (SQLite in a file) takes parallel admin saves without "database is locked".

Staff of one committee save at the same moment; on SQLite a transaction that first reads and
then writes can fail at once with "database is locked" when another writer got there first,
whatever the busy timeout. Write transactions that take the lock up front (BEGIN IMMEDIATE)
wait their turn instead. The saves run in a child process against a real file database, so
the settings under test are exactly those `make run` uses.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

CHILD = r"""
import json, os, threading
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.test import Client
from django.contrib.auth import get_user_model
from django.contrib.sites.models import Site
from network.api import working_on
from pages.models import MenuItem
from tests.conftest import login_staff

call_command("migrate", verbosity=0)
user = get_user_model().objects.create_superuser("quantri", "qt@example.vn", "Mat-khau-rat-dai-2026!")
with working_on(Site.objects.get(pk=1)):
    items = [MenuItem.objects.create(title=f"Mục {i}", url=f"/muc-{i}/", order=i) for i in range(10)]
connections.close_all()

barrier = threading.Barrier(10)
statuses = {}

def save(item):
    client = login_staff(Client(), user)
    barrier.wait()
    try:
        response = client.post(
            f"/{settings.ADMIN_URL}pages/menuitem/{item.pk}/change/",
            {"title": f"{item.title} (đã sửa)", "url": item.url, "order": item.order, "is_visible": "on"},
        )
        statuses[item.pk] = response.status_code
    except Exception as exc:
        statuses[item.pk] = f"{type(exc).__name__}: {exc}"
    connections.close_all()

threads = [threading.Thread(target=save, args=(item,)) for item in items]
for t in threads:
    t.start()
for t in threads:
    t.join()
saved = MenuItem.objects.all_sites().filter(title__endswith="(đã sửa)").count()
print(json.dumps({"statuses": sorted(map(str, statuses.values())), "saved": saved}))
"""


def test_ten_parallel_admin_saves_on_a_sqlite_file_all_succeed(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the embedded SQLite default is what this test is about")
    root = Path(__file__).resolve().parents[2]
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "portal.test_settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_ENV_FILE": "none",
    }
    done = subprocess.run(
        [sys.executable, "-c", CHILD], cwd=root, env=env, capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["statuses"] == ["302"] * 10, result
    assert result["saved"] == 10
