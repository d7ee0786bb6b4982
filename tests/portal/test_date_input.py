"""Dates typed the Vietnamese way: 05/03/2026 is 5 March 2026 in every admin date box.

Secretaries copy issue and effective dates from Vietnamese documents, which put the day first;
the admin's date picker writes the same format, and lists show dates as they are typed.
"""

import datetime
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.contrib import admin
from django.test import Client, RequestFactory
from django.utils import timezone, translation

from committee.forms import ReorganisationForm
from documents.models import Term
from tests.conftest import login_staff

pytestmark = pytest.mark.django_db
D = datetime.date
ADMIN = "/quan-tri/"
TYPED = [("05/03/2026", D(2026, 3, 5)), ("31/12/2026", D(2026, 12, 31))]
DATE_FIELDS = (forms.DateField, forms.DateTimeField, forms.SplitDateTimeField)


def _admin_date_fields(user) -> dict[str, forms.Field]:
    """Every date and date-time box of the admin, "app.Model.field" → its form field.

    Read from the admin itself (add and change forms of every registered model, and their
    inlines) plus the kiện toàn page's form, so a date field added later is swept too.
    """
    request = RequestFactory().get(ADMIN)
    request.user = user
    form_classes = [ReorganisationForm]
    for model, model_admin in admin.site._registry.items():
        for obj in (None, model()):
            form_classes.append(model_admin.get_form(request, obj))
            for inline in model_admin.get_inline_instances(request, obj):
                form_classes.append(inline.get_formset(request, obj).form)
    found = {}
    for form_class in form_classes:
        for name, field in form_class().fields.items():
            if isinstance(field, DATE_FIELDS):
                found[f"{form_class._meta.model._meta.label}.{name}"] = field
    return found


def _post_as_a_browser(field: forms.Field, typed: str) -> dict:
    """The POST a browser sends for `typed` in this box (date-time boxes get 08:30 too)."""
    if isinstance(field, forms.SplitDateTimeField):
        return {"box_0": typed, "box_1": "08:30"}
    if isinstance(field, forms.DateTimeField):
        return {"box": f"{typed} 08:30"}
    return {"box": typed}


def test_the_sweep_reaches_the_dates_secretaries_and_editors_type(superuser):
    assert set(_admin_date_fields(superuser)) >= {
        "documents.Document.issue_date",
        "documents.Document.effective_date",
        "documents.Document.expiry_date",
        "documents.Term.start_date",
        "documents.Term.end_date",
        "committee.Appointment.start_date",
        "committee.Appointment.end_date",
        "committee.Reorganisation.date",
        "news.Article.publish_at",
        "news.Article.expire_at",
        "stats.DailyVisits.day",
        "auth.User.last_login",
        "auth.User.date_joined",
    }


@pytest.mark.parametrize("typed, day", TYPED, ids=["05-03-2026", "31-12-2026"])
def test_every_admin_date_box_reads_the_day_first(superuser, typed, day):
    misread = {}
    for label, field in _admin_date_fields(superuser).items():
        value = field.clean(field.widget.value_from_datadict(_post_as_a_browser(field, typed), {}, "box"))
        if isinstance(value, datetime.datetime):
            value = timezone.localtime(value)
            ok = value.date() == day and (value.hour, value.minute) == (8, 30)
        else:
            ok = value == day
        if not ok:
            misread[label] = value
    assert misread == {}


@pytest.mark.parametrize("typed", ["5/3/2026", "05-03-2026", "2026-03-05"])
def test_a_date_without_leading_zeros_with_dashes_or_in_iso_order_is_read_too(typed):
    with translation.override("vi"):
        assert forms.DateField().clean(typed) == D(2026, 3, 5)


def _add_term(client, start: str, end: str, **headers):
    data = {"name": "Nhiệm kỳ 2026–2031", "start_date": start, "end_date": end, "_save": "Lưu"}
    return client.post(f"{ADMIN}documents/term/add/", data, **headers)


def test_secretary_saves_a_term_typed_day_first_and_sees_it_back_as_typed(secretary):
    response = _add_term(secretary, "05/03/2026", "31/12/2026")

    assert response.status_code == 302
    term = Term.objects.get()
    assert (term.start_date, term.end_date) == (D(2026, 3, 5), D(2026, 12, 31))
    change_page = secretary.get(f"{ADMIN}documents/term/{term.pk}/change/").content.decode()
    assert 'value="05/03/2026"' in change_page and 'value="31/12/2026"' in change_page
    listing = secretary.get(f"{ADMIN}documents/term/").content.decode()
    assert "05/03/2026" in listing and "31/12/2026" in listing


def test_a_date_that_cannot_be_a_day_first_date_is_refused_in_vietnamese_and_kept(secretary):
    # 12/31/2026 is the month-first way of writing 31 December: there is no month 31.
    response = _add_term(secretary, "12/31/2026", "")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Nhập một ngày hợp lệ." in page
    assert 'value="12/31/2026"' in page
    assert not Term.objects.exists()


def test_an_admin_shown_in_english_still_reads_dates_day_first(secretary):
    response = _add_term(secretary, "05/03/2026", "", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert response.status_code == 302
    assert Term.objects.get().start_date == D(2026, 3, 5)
    assert _picker_formats(secretary, HTTP_ACCEPT_LANGUAGE="en")["DATE_INPUT_FORMATS"][0] == "%d/%m/%Y"


def _picker_formats(client, **headers) -> dict:
    """The formats the admin's JavaScript catalog hands to its date and time pickers."""
    script = client.get(f"{ADMIN}jsi18n/", **headers).content.decode()
    return json.loads(re.search(r"django\.formats = (\{.*?\n\s*\});", script, re.S).group(1))


def test_the_admin_date_picker_is_given_the_day_first_format(secretary):
    formats = _picker_formats(secretary)

    # DateTimeShortcuts.js writes the first input format and reads the box with it.
    assert formats["DATE_INPUT_FORMATS"][0] == "%d/%m/%Y"
    assert formats["DATETIME_INPUT_FORMATS"][0].startswith("%d/%m/%Y")
    assert formats["FIRST_DAY_OF_WEEK"] == 1  # the calendar's weeks start on Thứ Hai


# --- in a real browser ----------------------------------------------------------------------
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.fixture
def secretary_browser(live_server, secretary_user):
    """Chromium signed in as the secretary (session made before Playwright's event loop runs)."""
    if not (shutil.which(CHROMIUM) or Path(CHROMIUM).exists()):
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser tests: Chromium not found at {CHROMIUM}")
        pytest.skip(f"needs Chromium at {CHROMIUM} (apt-get install chromium; .ci/run does)")
    session = login_staff(Client(), secretary_user).cookies[settings.SESSION_COOKIE_NAME].value
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(locale="vi-VN")
        context.set_default_timeout(15_000)
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
        )
        yield context.new_page()
        browser.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_calendar_reads_and_writes_the_box_day_first_in_chromium(live_server, secretary_browser):
    page = secretary_browser
    page.goto(f"{live_server.url}{ADMIN}documents/term/add/")

    page.fill("#id_start_date", "05/03/2026")
    page.click("#calendarlink0")
    calendar = page.locator("#calendarbox0")
    # Opened on the month of the typed date: 5 March, not May (Tháng Năm).
    assert calendar.locator("caption").text_content() == "Tháng Ba 2026"
    calendar.locator("td a", has_text=re.compile(r"^31$")).click()
    assert page.input_value("#id_start_date") == "31/03/2026"
