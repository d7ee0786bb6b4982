"""Pins end: a pinned story leads the home page only until its end, and never when it is much
older than newer news. Times are Vietnamese local times, frozen with time-machine."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from news.models import Article
from tests.conftest import login_staff
from tests.news.conftest import admin_form_data

pytestmark = pytest.mark.django_db

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def _at(day: int, hour: int, minute: int = 0, second: int = 0) -> datetime.datetime:
    return datetime.datetime(2030, 5, day, hour, minute, second, tzinfo=VN)


def _lead(client) -> str:
    html = client.get("/").content.decode()
    return html.split('class="lead-story"')[1].split("</article>")[0]


@pytest.fixture(autouse=True)
def _pin_settings(settings):
    settings.NEWS_PIN_DAYS = 7
    settings.NEWS_LEAD_MAX_AGE_DAYS = 7


def test_a_pin_made_after_midnight_leads_for_seven_days_to_the_second(citizen, make_article):
    # 00:30 in Vietnam is still the previous day in UTC (17:30): the end counts from the local moment.
    pinned_at = _at(2, 0, 30)
    with time_machine.travel(pinned_at, tick=False):
        pin = make_article("Tin ghim sau nửa đêm", publish_at=_at(1, 9), is_pinned=True)
        make_article("Tin mới hơn", publish_at=_at(3, 8))  # scheduled, newer than the pin
    assert pin.pinned_until == _at(9, 0, 30)

    with time_machine.travel(_at(9, 0, 29, 59), tick=False):
        assert "Tin ghim sau nửa đêm" in _lead(citizen)
        assert list(Article.objects.published().lead()) == [pin]
    with time_machine.travel(_at(9, 0, 30), tick=False):
        lead = _lead(citizen)
        assert "Tin mới hơn" in lead and "Tin ghim sau nửa đêm" not in lead
        assert not Article.objects.published().lead().exists()


def test_pin_days_come_from_the_setting(settings, make_article):
    settings.NEWS_PIN_DAYS = 3
    with time_machine.travel(_at(10, 23, 45), tick=False):
        pin = make_article(is_pinned=True)
    assert pin.pinned_until == _at(13, 23, 45)


def test_a_pinned_story_more_than_seven_days_older_than_newer_news_does_not_lead(citizen, make_article):
    with time_machine.travel(_at(20, 10), tick=False):
        make_article("Tin mới nhất", publish_at=_at(20, 8))
        old = make_article("Tin ghim quá cũ", publish_at=_at(13, 7, 59), is_pinned=True)
        lead = _lead(citizen)
        assert "Tin mới nhất" in lead and "Tin ghim quá cũ" not in lead
        assert old not in Article.objects.published().lead()
        # Exactly seven days older than the newest story still leads.
        Article.objects.filter(pk=old.pk).update(publish_at=_at(13, 8))
        assert "Tin ghim quá cũ" in _lead(citizen)


def test_an_old_pin_leads_when_no_newer_news_exists(citizen, make_article):
    with time_machine.travel(_at(30, 12), tick=False):
        make_article("Tin ghim duy nhất", publish_at=_at(1, 8), is_pinned=True)
        assert "Tin ghim duy nhất" in _lead(citizen)


def test_unpinning_clears_the_end(make_article):
    pin = make_article(is_pinned=True)
    assert pin.pinned_until is not None
    pin.is_pinned = False
    pin.save()
    pin.refresh_from_db()
    assert pin.pinned_until is None and pin.pinned_at is None


def test_approver_pin_action_pins_for_seven_days_and_renews_an_ended_pin(approver_user, make_article):
    with time_machine.travel(_at(1, 23, 50), tick=False):
        article = make_article("Tin sẽ được ghim", is_pinned=True)
    with time_machine.travel(_at(15, 23, 50), tick=False):
        approver = login_staff(Client(), approver_user)  # signed in on the frozen day
        response = approver.post(
            reverse("admin:news_article_changelist"),
            {"action": "pin_selected", "_selected_action": [article.pk]},
            follow=True,
        )
        assert "Đã ghim 1 bài đến 22/05/2030 23:50" in response.content.decode()
        article.refresh_from_db()
        assert article.is_pinned and article.pinned_until == _at(22, 23, 50)
        assert article.updated_by == approver_user
        assert list(Article.objects.published().lead()) == [article]


def test_editor_cannot_pin_with_the_action(editor, make_article):
    article = make_article()
    editor.post(
        reverse("admin:news_article_changelist"),
        {"action": "pin_selected", "_selected_action": [article.pk]},
    )
    article.refresh_from_db()
    assert not article.is_pinned and article.pinned_until is None


def test_approver_sets_the_pin_end_in_the_form(approver, make_article):
    article = make_article("Tin ghim ba ngày")
    url = reverse("admin:news_article_change", args=[article.pk])
    page = approver.get(url).content.decode()
    assert "Từ thời điểm này tin thôi dẫn đầu trang chủ" in page
    data = admin_form_data(
        approver,
        url,
        article,
        is_pinned="on",
        pinned_until_0="2030-05-04",
        pinned_until_1="18:00:00",
    )
    approver.post(url, data)
    article.refresh_from_db()
    assert article.is_pinned and article.pinned_until == _at(4, 18)


def test_editor_sees_the_pin_end_but_cannot_change_it(editor, editor_user, make_article):
    article = make_article(created_by=editor_user, author=editor_user, status="draft", publish_at=None)
    page = editor.get(reverse("admin:news_article_change", args=[article.pk])).content.decode()
    assert "Ghim đến" in page and 'name="pinned_until_0"' not in page
