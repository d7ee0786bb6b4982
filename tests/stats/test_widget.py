"""The widget on every page and the "Về số liệu thống kê" page.

A page is counted after it is rendered, so its widget shows the counts from before its own
view (docs/visit-counter.md, "The four numbers").
"""

import datetime
import re

import pytest
import time_machine
from django.core.management import call_command

from stats.models import DailyVisits

from .helpers import at, browser

pytestmark = pytest.mark.django_db

ABOUT = "/thong-ke/ve-so-lieu/"


def stat(html: str, name: str) -> tuple[str, str]:
    """(data-value, displayed text) of one number of the widget."""
    match = re.search(rf'data-stat="{name}" data-value="([^"]*)">([^<]*)<', html)
    assert match, f"no data-stat={name} in the widget"
    return match.group(1), match.group(2)


def test_widget_markup_has_the_four_numbers_for_people_and_machines(site_identity):
    call_command("set_visit_baseline", "3782582", "--as-of", "2024-06-30", stdout=open("/dev/null", "w"))
    html = browser().get(ABOUT).content.decode()
    widget = html[html.index('id="visit-stats"') :]
    widget = widget[: widget.index("</section>")]
    assert 'class="widget__title">Thống kê truy cập</h2>' in widget
    assert '<ul class="visit-stats">' in widget
    for label in ("Đang truy cập", "Hôm nay", "Trong tuần", "Tất cả"):
        assert label in widget
    assert stat(widget, "total") == ("3782582", "3.782.582")
    assert stat(widget, "today") == ("0", "0")
    assert 'href="/thong-ke/ve-so-lieu/"' in widget
    assert "lượt truy cập" in widget.lower()


def test_first_ever_view_shows_zero_and_the_next_view_shows_one(site_identity):
    t = at(2025, 3, 12, 3, 0, 0)
    with time_machine.travel(t, tick=False):
        first = browser().get(ABOUT).content.decode()
    with time_machine.travel(t + datetime.timedelta(seconds=16), tick=False):  # past the 15 s cache
        second = browser().get(ABOUT).content.decode()
    assert stat(first, "today")[0] == "0" and stat(first, "online")[0] == "0"
    assert stat(second, "today")[0] == "1" and stat(second, "online")[0] == "1"
    assert stat(second, "week")[0] == "1" and stat(second, "total")[0] == "1"


def test_widget_numbers_are_cached_for_at_most_15_seconds(site_identity, settings):
    # The whole 15 s the displayed numbers may lag (PAGE_CACHE_SECONDS is 0 in tests).
    settings.VISIT_WIDGET_CACHE_SECONDS = 15
    t = at(2025, 3, 12, 3, 0, 0)
    with time_machine.travel(t, tick=False):
        browser(ip="203.0.113.1").get(ABOUT)
        browser(ip="203.0.113.2").get(ABOUT)
    with time_machine.travel(t + datetime.timedelta(seconds=14), tick=False):
        cached = browser(ip="203.0.113.3").get(ABOUT).content.decode()
    with time_machine.travel(t + datetime.timedelta(seconds=30), tick=False):
        fresh = browser(ip="203.0.113.3").get(ABOUT).content.decode()
    assert stat(cached, "today")[0] == "0"  # still the numbers cached by the first render
    assert stat(fresh, "today")[0] == "3"


def test_large_numbers_use_dots_as_thousand_separators(site_identity):
    DailyVisits.objects.create(day=datetime.date(2025, 3, 12), visits=1234567)
    with time_machine.travel(at(2025, 3, 12, 3, 0, 0), tick=False):
        html = browser().get(ABOUT).content.decode()
    assert stat(html, "today") == ("1234567", "1.234.567")
    assert stat(html, "total") == ("1234567", "1.234.567")


def test_about_page_explains_the_numbers_with_one_h1(site_identity):
    call_command("set_visit_baseline", "3782582", "--as-of", "2024-06-30", stdout=open("/dev/null", "w"))
    response = browser().get(ABOUT)
    assert response.status_code == 200
    html = response.content.decode()
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert "<h1>Về số liệu thống kê</h1>" in html
    for text in ("lượt truy cập", "30 phút", "5 phút", "cookie", "3.782.582", "30/06/2024"):
        assert text in html


@pytest.mark.parametrize("days", [5, 200])
def test_about_page_query_count_does_not_grow_with_history(site_identity, days, django_assert_num_queries):
    start = datetime.date(2024, 1, 1)
    DailyVisits.objects.bulk_create(
        [DailyVisits(day=start + datetime.timedelta(days=i), visits=i) for i in range(days)]
    )
    client = browser()
    client.get(ABOUT)  # warms the per-request caches (site identity, salt, numbers)
    # Later views: the page's baseline row, then the visit's presence upsert in a savepoint.
    with django_assert_num_queries(4):
        client.get(ABOUT)


def test_a_worker_reads_the_widget_numbers_from_the_shared_cache_once(site_identity, settings, monkeypatch):
    # Every uncached page shows the widget: within the numbers' 15 s, a worker keeps its copy.
    from django.core.cache import caches

    settings.VISIT_WIDGET_CACHE_SECONDS = 15
    shared = caches["default"]
    real_get = shared.get
    reads = []

    def get(key, *args, **kwargs):
        if "stats:widget" in key:
            reads.append(key)
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(shared, "get", get)
    t = at(2025, 3, 12, 3, 0, 0)
    with time_machine.travel(t, tick=False):
        for ip in ("203.0.113.1", "203.0.113.2", "203.0.113.3"):
            html = browser(ip=ip).get(ABOUT).content.decode()
    assert stat(html, "today")[0] == "0"
    assert sorted(reads) == ["stats:widget-network:1:2025-03-12", "stats:widget:1:2025-03-12"]  # once each
