"""Banners: the 7-working-day rule for planned stops, per-site display, the page cache and the
clock, accessibility hooks and the query budget."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network.current import working_on
from notices import workdays
from notices.models import Holiday, Kind, Notice, earliest_stop
from pages.models import Page
from tests.conftest import make_site

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PAGE = "/gioi-thieu/"
# Friday 24/4/2026, 09:00 in Vietnam: the next week holds the day in lieu of Giỗ Tổ Hùng Vương
# (Monday 27/4), 30/4 and 1/5, then a weekend.
FRIDAY = datetime.datetime(2026, 4, 24, 9, 0, tzinfo=VN)


def local(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=VN)


# --- working days ---------------------------------------------------------------------------
def test_working_days_skip_weekends_and_holidays():
    holidays = {datetime.date(2026, 4, 27), datetime.date(2026, 4, 30), datetime.date(2026, 5, 1)}
    published = datetime.date(2026, 4, 24)  # a Friday
    # Working days after it: 28, 29/4; 4, 5, 6, 7, 8/5 (27/4, 30/4, 1/5 holidays; 25-26/4, 2-3/5 weekends).
    assert workdays.nth_working_day_after(published, 7, holidays) == datetime.date(2026, 5, 8)
    assert workdays.earliest_stop_day(published, 7, holidays) == datetime.date(2026, 5, 9)
    assert workdays.working_days_between(published, datetime.date(2026, 5, 9), holidays) == 7
    # Without the holidays the same rule lands a week earlier: they are what moved it.
    assert workdays.earliest_stop_day(published, 7, set()) == datetime.date(2026, 5, 6)


def test_a_weekend_alone_is_skipped():
    monday = datetime.date(2026, 12, 7)
    assert workdays.nth_working_day_after(monday, 5, set()) == datetime.date(2026, 12, 14)
    assert not workdays.is_working_day(datetime.date(2026, 12, 12), set())  # Saturday
    assert not workdays.is_working_day(datetime.date(2026, 12, 13), set())  # Sunday


def test_the_shipped_holidays_count_and_an_added_one_moves_the_earliest_stop():
    assert Holiday.objects.filter(day=datetime.date(2026, 4, 30)).exists()
    assert earliest_stop(FRIDAY) == local(2026, 5, 9, 0, 0)
    Holiday.objects.create(day=datetime.date(2026, 5, 5), name="Ngày nghỉ thêm (thử)")
    assert earliest_stop(FRIDAY) == local(2026, 5, 12, 0, 0)  # 5/5 off, 9-10/5 a weekend


# --- the admin ------------------------------------------------------------------------------
def _form(**overrides) -> dict:
    data = {
        "kind": Kind.PLANNED_STOP,
        "text": "Cổng tạm dừng để nâng cấp máy chủ.",
        "link": "",
        "starts_at_0": "24/04/2026",
        "starts_at_1": "09:00",
        "ends_at_0": "12/05/2026",
        "ends_at_1": "18:00",
        "stop_starts_at_0": "08/05/2026",
        "stop_starts_at_1": "20:00",
        "restore_at_0": "09/05/2026",
        "restore_at_1": "06:00",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_the_admin_refuses_a_planned_stop_announced_too_late_and_names_the_earliest_start(approver):
    url = reverse("admin:notices_notice_add")
    with time_machine.travel(FRIDAY, tick=False):
        response = approver.post(url, _form())
        assert response.status_code == 200
        html = response.content.decode()
        assert "ít nhất 7 ngày làm việc" in html
        assert "sớm nhất là 00:00 ngày 9/5/2026" in html
        assert "đăng ngày 24/4/2026" in html
        assert not Notice.objects.exists()
        # What was typed is still in the form.
        assert "Cổng tạm dừng để nâng cấp máy chủ." in html

        response = approver.post(
            url,
            _form(
                stop_starts_at_0="09/05/2026",
                stop_starts_at_1="00:00",
                restore_at_0="09/05/2026",
                restore_at_1="06:00",
            ),
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        assert Notice.objects.get().stop_starts_at == local(2026, 5, 9, 0, 0)


def test_force_majeure_lifts_the_notice_period_but_not_the_restoration_time(approver):
    url = reverse("admin:notices_notice_add")
    with time_machine.travel(FRIDAY, tick=False):
        response = approver.post(url, _form(force_majeure="on", restore_at_0="", restore_at_1=""))
        assert response.status_code == 200
        assert "phải ghi thời điểm dự kiến hoạt động trở lại" in response.content.decode()
        response = approver.post(url, _form(force_majeure="on"))
        assert response.status_code == 302
        assert Notice.objects.get().force_majeure


def test_staff_of_one_site_cannot_open_another_sites_banner(approver, other_site):
    with working_on(other_site):
        theirs = Notice.objects.create(
            kind=Kind.INFO,
            text="Thông báo của xã",
            starts_at=FRIDAY,
            ends_at=FRIDAY + datetime.timedelta(days=1),
        )
    response = approver.get(reverse("admin:notices_notice_change", args=[theirs.pk]))
    assert response.status_code == 403
    response = approver.post(reverse("admin:notices_notice_delete", args=[theirs.pk]), {"post": "yes"})
    assert response.status_code == 403
    with working_on(other_site):
        assert Notice.objects.filter(pk=theirs.pk).exists()


# --- public pages ---------------------------------------------------------------------------
@pytest.fixture
def public_page(site_identity):
    Page.objects.create(slug="gioi-thieu", title="Giới thiệu", body="<p>Ban Chỉ đạo 35.</p>")
    return PAGE


def _banner(text: str, start: datetime.datetime, end: datetime.datetime, kind=Kind.INFO, **extra) -> Notice:
    return Notice.objects.create(kind=kind, text=text, starts_at=start, ends_at=end, **extra)


def test_banners_appear_when_they_start_and_vanish_when_they_end_even_from_the_page_cache(
    citizen, public_page, settings
):
    # A day-long cache: only the key, never an expiry, can make the banner appear on time.
    settings.PAGE_CACHE_SECONDS = 86400
    t0 = local(2026, 12, 8, 10, 0)
    _banner("Cổng bảo trì tối nay.", t0 + datetime.timedelta(hours=1), t0 + datetime.timedelta(hours=2))
    with time_machine.travel(t0, tick=False) as clock:
        citizen.get(public_page)
        before = citizen.get(public_page)
        assert before["X-Page-Cache"] == "hit"
        assert "Cổng bảo trì tối nay." not in before.content.decode()
        max_age = int(re.search(r"max-age=(\d+)", before["Cache-Control"]).group(1))
        assert max_age <= 3600  # a browser never keeps it past the banner's start

        clock.move_to(t0 + datetime.timedelta(hours=1))
        shown = citizen.get(public_page)
        assert "Cổng bảo trì tối nay." in shown.content.decode()
        again = citizen.get(public_page)
        assert again["X-Page-Cache"] == "hit" and "Cổng bảo trì tối nay." in again.content.decode()

        clock.move_to(t0 + datetime.timedelta(hours=2))
        gone = citizen.get(public_page)
        assert "Cổng bảo trì tối nay." not in gone.content.decode()


def test_an_edited_banner_shows_its_new_text_at_once_and_a_new_dismiss_key(citizen, public_page, settings):
    settings.PAGE_CACHE_SECONDS = 86400
    now = local(2026, 12, 8, 10, 0)
    with time_machine.travel(now, tick=False) as clock:
        notice = _banner("Bản cũ.", now - datetime.timedelta(hours=1), now + datetime.timedelta(days=1))
        first = citizen.get(public_page).content.decode()
        key = re.search(r'data-notice="([^"]+)"', first).group(1)
        clock.shift(datetime.timedelta(seconds=5))
        notice.text = "Bản mới."
        notice.save()
        html = citizen.get(public_page).content.decode()
    assert "Bản mới." in html and "Bản cũ." not in html
    assert re.search(r'data-notice="([^"]+)"', html).group(1) != key


def test_only_the_sites_own_banners_show(citizen, public_page):
    now = datetime.datetime.now(datetime.UTC)
    _banner("Thông báo của huyện.", now - datetime.timedelta(hours=1), now + datetime.timedelta(hours=1))
    other = make_site("longhuu.test", "Ban Chỉ đạo 35 xã Long Hữu")
    with working_on(other):
        _banner("Thông báo của xã.", now - datetime.timedelta(hours=1), now + datetime.timedelta(hours=1))
        Page.objects.create(slug="gioi-thieu", title="Giới thiệu", body="<p>Xã.</p>")
    here = citizen.get(public_page).content.decode()
    there = citizen.get(public_page, HTTP_HOST="longhuu.test").content.decode()
    assert "Thông báo của huyện." in here and "Thông báo của xã." not in here
    assert "Thông báo của xã." in there and "Thông báo của huyện." not in there


def test_banner_markup_is_accessible_and_escaped(citizen, public_page):
    now = datetime.datetime.now(datetime.UTC)
    _banner(
        "<script>alert(1)</script> Mất điện",
        now - datetime.timedelta(hours=1),
        now + datetime.timedelta(hours=1),
        kind=Kind.URGENT,
        link="javascript:alert(1)",
    )
    _banner(
        "Lịch bảo trì",
        now - datetime.timedelta(hours=1),
        now + datetime.timedelta(days=30),
        kind=Kind.PLANNED_STOP,
        stop_starts_at=local(2026, 12, 20, 22, 0),
        restore_at=local(2026, 12, 21, 6, 0),
    )
    html = citizen.get(public_page).content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; Mất điện" in html
    assert "javascript:" not in html
    urgent = html.index('role="alert"')
    assert urgent < html.index("Lịch bảo trì")  # urgent first
    assert 'role="status"' in html
    assert (
        html.count('<button type="button" class="site-notice__close" data-notice-close hidden>Ẩn thông báo')
        == 2
    )
    assert "dự kiến hoạt động trở lại" in html and "21/12/2026 06:00" in html
    assert "notices/notices.js" in html


def test_a_page_spends_at_most_one_query_on_banners(citizen, public_page):
    now = datetime.datetime.now(datetime.UTC)
    for i in range(5):
        _banner(f"Thông báo {i}", now - datetime.timedelta(hours=1), now + datetime.timedelta(hours=1))
    with CaptureQueriesContext(connection) as cold:
        citizen.get(public_page)
    assert len([q for q in cold.captured_queries if "notices_notice" in q["sql"]]) == 1
    with CaptureQueriesContext(connection) as warm:
        html = citizen.get(public_page).content.decode()
    assert not [q for q in warm.captured_queries if "notices_notice" in q["sql"]]
    assert html.count("data-notice=") == 5
