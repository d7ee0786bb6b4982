"""The admin dashboard: staff only, SVG charts, most read / downloaded, CSV exports."""

import csv
import datetime
import io
import re

import pytest
import time_machine
from django.conf import settings
from django.test import Client

from stats.models import DailyVisits, HourlyVisits, ObjectDailyCount

from .helpers import at

pytestmark = pytest.mark.django_db

T = at(2025, 3, 12, 3, 0, 0)
TODAY = datetime.date(2025, 3, 12)
DASHBOARD = f"/{settings.ADMIN_URL}stats/dailyvisits/"


@pytest.fixture
def history():
    DailyVisits.objects.bulk_create(
        [DailyVisits(day=TODAY - datetime.timedelta(days=n), visits=100 + n) for n in range(1, 400)]
    )
    HourlyVisits.objects.bulk_create(
        [HourlyVisits(day=TODAY - datetime.timedelta(days=n), hour=9, visits=60) for n in range(1, 30)]
        + [HourlyVisits(day=TODAY - datetime.timedelta(days=n), hour=20, visits=40) for n in range(1, 30)]
    )


def test_anonymous_visitors_are_sent_to_the_login_page():
    response = Client().get(DASHBOARD)
    assert response.status_code == 302 and "login" in response["Location"]
    assert Client().get(DASHBOARD + "csv/ngay/").status_code == 302


def test_every_staff_member_sees_the_dashboard_with_svg_charts(editor, history):
    with time_machine.travel(T, tick=False):
        response = editor.get(DASHBOARD)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<svg class="stats-chart"') == 4
    for title in ("30 ngày qua", "365 ngày qua", "Theo thứ trong tuần", "Theo giờ trong ngày"):
        assert title in html
    assert "<script" not in html.split('id="content-main"')[1]  # server-rendered, no chart library
    assert "http" not in re.sub(r'xmlns="http://www.w3.org/2000/svg"', "", html.split('id="content-main"')[1])
    assert "Thứ Ba, 11/03/2025: 101 lượt" in html  # a bar's tooltip
    assert "09h: trung bình 60 lượt mỗi ngày" in html  # per day with data


def test_the_dashboard_lists_the_most_read_and_most_downloaded(admin_client_, countable_model):
    countable_model.objects.create(id=1, title="Hội nghị triển khai kế hoạch", view_count=900)
    countable_model.objects.create(id=2, title="Kế hoạch 05-KH/BCĐ", download_count=40)
    ObjectDailyCount.objects.create(day=TODAY, kind="view", model="stats.countable", object_id=1, count=12)
    ObjectDailyCount.objects.create(day=TODAY, kind="download", model="stats.countable", object_id=2, count=3)
    with time_machine.travel(T, tick=False):
        html = admin_client_.get(DASHBOARD).content.decode()
    assert "Xem nhiều nhất" in html and "Tải nhiều nhất" in html
    assert "Hội nghị triển khai kế hoạch" in html and "Kế hoạch 05-KH/BCĐ" in html
    assert "<td>12</td><td>900</td>" in html


def test_csv_export_of_daily_visits_opens_in_excel(editor, history):
    with time_machine.travel(T, tick=False):
        response = editor.get(DASHBOARD + "csv/ngay/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == ["Ngày", "Lượt truy cập"]
    assert rows[-1] == ["2025-03-12", "0"] and rows[-2] == ["2025-03-11", "101"]
    assert len(rows) == 1 + 400


def test_csv_exports_of_hours_and_objects(admin_client_, history, countable_model):
    countable_model.objects.create(id=1, title='=HYPERLINK("http://x")')
    ObjectDailyCount.objects.create(day=TODAY, kind="view", model="stats.countable", object_id=1, count=4)
    with time_machine.travel(T, tick=False):
        hours = admin_client_.get(DASHBOARD + "csv/gio/").content.decode().lstrip("\ufeff")
        objects = admin_client_.get(DASHBOARD + "csv/noi-dung/").content.decode().lstrip("\ufeff")
    assert "2025-03-11,9,60" in hours
    rows = list(csv.reader(io.StringIO(objects)))
    assert rows[1][1:] == ["Lượt xem", "stats.countable", "1", '\'=HYPERLINK("http://x")', "4"]


def test_unknown_export_is_404(editor):
    assert editor.get(DASHBOARD + "csv/khac/").status_code == 404


def test_counts_cannot_be_edited_by_hand(admin_client_):
    assert admin_client_.get(DASHBOARD + "add/").status_code == 403
    assert admin_client_.get(f"/{settings.ADMIN_URL}stats/counterbaseline/add/").status_code == 403


def test_the_baseline_is_shown_with_its_help_text(admin_client_):
    from stats.models import CounterBaseline

    CounterBaseline.objects.create(pk=1, visits=3782582, as_of=datetime.date(2024, 6, 30))
    html = admin_client_.get(f"/{settings.ADMIN_URL}stats/counterbaseline/1/change/").content.decode()
    assert "NukeViet" in html and "set_visit_baseline" in html
