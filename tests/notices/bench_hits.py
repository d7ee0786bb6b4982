import datetime
import time

import pytest
from django.test import Client

from notices.models import Notice
from pages.models import Page
from pagecache import cache as pc

pytestmark = pytest.mark.django_db


def _hits(client, n=2000):
    client.get("/gioi-thieu/")
    client.get("/gioi-thieu/")
    start = time.perf_counter()
    for _ in range(n):
        r = client.get("/gioi-thieu/")
    assert r["X-Page-Cache"] == "hit"
    return (time.perf_counter() - start) / n * 1e6


def test_bench(site_identity, settings, capsys):
    settings.PAGE_CACHE_SECONDS = 600
    Page.objects.create(slug="gioi-thieu", title="Giới thiệu", body="<p>x</p>")
    now = datetime.datetime.now(datetime.UTC)
    Notice.objects.create(text="Bảo trì", starts_at=now - datetime.timedelta(hours=1), ends_at=now + datetime.timedelta(hours=1))
    c = Client()
    saved = list(pc._KEY_PARTS)
    with_part = min(_hits(c) for _ in range(3))
    pc._KEY_PARTS.clear()
    without = min(_hits(c) for _ in range(3))
    pc._KEY_PARTS.extend(saved)
    with capsys.disabled():
        print(f"\nhit with banner key part: {with_part:.1f} µs; without: {without:.1f} µs")
