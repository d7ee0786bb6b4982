"""The visit counter per site: each committee's portal counts its own visits and shows its own
numbers; a portal above others also shows the network's ("toàn mạng lưới")."""

import datetime
import re

import pytest
import time_machine
from django.core.management import call_command

from network.api import all_sites, working_on
from stats.counter import compute_network_numbers, compute_numbers, count_hit
from stats.models import DailyVisits, VisitorPresence
from tests.conftest import make_site

from .helpers import CHROME, SAFARI_IOS, at, browser

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.stats.urls")]

T = at(2025, 3, 12, 3, 0, 0)  # Wed 10:00 in Vietnam
TODAY = datetime.date(2025, 3, 12)


def visit(host: str, ip: str = "203.0.113.10", ua: str = CHROME, path: str = "/_t/page/") -> None:
    with time_machine.travel(T, tick=False):
        assert browser(ua=ua, ip=ip, HTTP_HOST=host).get(path).status_code == 200


def today(site_id: int) -> int:
    return compute_numbers(T, site_id).today


def test_visits_to_the_other_site_count_there_and_not_on_site_1(store, other_site):
    for i in range(3):
        visit("longhuu.test", ip=f"203.0.113.{i}")
    visit("testserver", ip="198.51.100.1")
    assert today(other_site.pk) == 3
    assert today(1) == 1
    with working_on(other_site):  # the site being worked on is the default
        assert compute_numbers(T).today == 3
    assert compute_numbers(T).today == 1  # the tests work for site 1


def test_the_same_visitor_on_two_sites_counts_once_on_each(store, other_site):
    for _ in range(2):
        visit("testserver")
        visit("longhuu.test")
    assert today(1) == 1 and today(other_site.pk) == 1
    assert compute_numbers(T, other_site.pk).online == 1


def test_each_sites_presence_rows_are_its_own(other_site):
    count_hit("203.0.113.1", CHROME, "testserver", now=T)
    count_hit("203.0.113.1", CHROME, "longhuu.test", now=T, site_id=other_site.pk)
    with all_sites():
        rows = sorted(VisitorPresence.objects.values_list("site_id", flat=True))
        keys = set(VisitorPresence.objects.values_list("visitor_key", flat=True))
    assert rows == [1, other_site.pk] and len(keys) == 2  # keyed per site: not linkable across them


def test_the_widget_shows_the_current_sites_numbers(other_site, site_identity):
    for i in range(4):
        visit("longhuu.test", ip=f"203.0.113.{i}")
    with time_machine.travel(T + datetime.timedelta(seconds=1), tick=False):
        there = browser(HTTP_HOST="longhuu.test").get("/thong-ke/ve-so-lieu/").content.decode()
        here = browser().get("/thong-ke/ve-so-lieu/").content.decode()
    assert 'data-stat="today" data-value="4"' in there
    assert 'data-stat="today" data-value="0"' in here
    assert "network-today" not in here and "network-today" not in there  # no sites below either


def test_a_parents_network_total_adds_its_childs(store, site_identity):
    child = make_site("xa.test", "Ban Chỉ đạo 35 xã Hòa Minh", parent_id=1)
    grandchild = make_site("ap.test", "Ban Chỉ đạo ấp Hòa Minh", parent_id=child.pk)
    call_command("set_visit_baseline", "1000", "--as-of", "2024-06-30", stdout=open("/dev/null", "w"))
    call_command(
        "set_visit_baseline",
        "50",
        "--as-of",
        "2024-06-30",
        "--cong",
        str(child.pk),
        stdout=open("/dev/null", "w"),
    )
    with all_sites():
        DailyVisits.objects.create(site_id=child.pk, day=datetime.date(2024, 12, 1), visits=7)
    visit("testserver", ip="198.51.100.1")
    visit("testserver", ip="198.51.100.2")
    for i in range(3):
        visit("xa.test", ip=f"203.0.113.{i}")
    visit("ap.test", ip="203.0.113.9", ua=SAFARI_IOS)

    network = compute_network_numbers(T, 1)
    assert (network.sites, network.today, network.total) == (3, 2 + 3 + 1, 1000 + 2 + 50 + 7 + 3 + 1)
    below = compute_network_numbers(T, child.pk)
    assert (below.sites, below.today, below.total) == (2, 3 + 1, 50 + 7 + 3 + 1)
    assert compute_network_numbers(T, grandchild.pk) is None  # nothing below it
    assert compute_numbers(T, 1).total == 1002  # its own "Tất cả" stays its own

    with time_machine.travel(T + datetime.timedelta(seconds=20), tick=False):
        html = browser(ua=SAFARI_IOS, ip="192.0.2.1").get("/thong-ke/ve-so-lieu/").content.decode()
        child_page = browser(ua=SAFARI_IOS, ip="192.0.2.1", HTTP_HOST="xa.test").get("/thong-ke/ve-so-lieu/")
    assert "Toàn mạng lưới" in html
    assert re.search(r'data-stat="network-today" data-value="6"', html)
    assert re.search(r'data-stat="network-total" data-value="1063"', html)
    assert re.search(r'data-stat="network-total" data-value="61"', child_page.content.decode())


def test_flush_persists_every_sites_counts_on_its_own_rows(redis_store, other_site):
    for i in range(2):
        visit("testserver", ip=f"198.51.100.{i}")
    for i in range(5):
        visit("longhuu.test", ip=f"203.0.113.{i}")
    assert not DailyVisits.objects.exists()  # Redis mode: no database write per view
    with time_machine.travel(T, tick=False):
        call_command("flush_visit_counts", stdout=open("/dev/null", "w"))
        call_command("flush_visit_counts", stdout=open("/dev/null", "w"))
    with all_sites():
        rows = sorted(DailyVisits.objects.values_list("site_id", "day", "visits"))
    assert rows == [(1, TODAY, 2), (other_site.pk, TODAY, 5)]


def test_every_redis_key_is_under_its_sites_hash_tag(redis_store, other_site, monkeypatch):
    calls = []
    script = redis_store._record
    monkeypatch.setattr(redis_store, "_record", lambda **kw: calls.append(kw["keys"]) or script(**kw))
    visit("testserver", ip="198.51.100.1")
    visit("longhuu.test", ip="203.0.113.1")
    assert len(calls) == 2
    for keys, site_id in zip(calls, (1, other_site.pk), strict=True):
        tag = f"{{site:{site_id}}}"
        assert all(tag in key for key in keys)
        assert any(":v:" in key for key in keys)  # the visitor key is passed, not built in Lua
    tags = {re.search(r"\{site:\d+\}", key).group(0) for key in redis_store.keys()}
    assert tags == {"{site:1}", f"{{site:{other_site.pk}}}"}


def test_a_request_served_for_no_site_is_not_counted(store, other_site):
    """/healthz answers on any host (request.site is None): such a request is never counted."""
    from django.contrib.sites.models import Site
    from django.http import HttpResponse
    from django.test import RequestFactory

    from stats.counter import count_request, start_request

    page = HttpResponse("<h1>Trang</h1>", content_type="text/html; charset=utf-8")
    for site in (None, Site(id=other_site.pk, domain="longhuu.test", name="x")):
        request = RequestFactory(headers={"user-agent": CHROME}, REMOTE_ADDR="203.0.113.5").get("/_t/page/")
        request.site = site
        start_request(request)
        with time_machine.travel(T, tick=False):
            count_request(request, page)
    assert today(1) == 0 and today(other_site.pk) == 1
