"""The protections every citizen form shares (civic): what a citizen or a bot sees."""

import datetime

import pytest
from django import forms
from django.core.management import call_command
from django.http import HttpResponse
from django.template import engines
from django.test import RequestFactory

from civic import forms as civic_forms
from civic.forms import CitizenForm
from civic.pow import new_challenge, solve
from civic.privacy import purgers, register_purger
from civic.testing import issued_token, passing_protections
from civic.views import citizen_form_view
from ops.ratelimit import register_group
from pagecache.cache import _cacheable_response


class LetterForm(CitizenForm):
    name = forms.CharField(label="Họ và tên", max_length=100)
    text = forms.CharField(label="Nội dung", widget=forms.Textarea)


@pytest.fixture(autouse=True)
def _quick_pow(settings):
    settings.CIVIC_POW_MAX_NUMBER = 50
    settings.CIVIC_MIN_FILL_SECONDS = 3


def letter(**extra) -> dict:
    return {"name": "Nguyễn Thị Lan", "text": "Xin hỏi về thủ tục.", **extra}


def test_a_person_who_took_their_time_gets_through():
    form = LetterForm(letter(**passing_protections(LetterForm)))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["text"] == "Xin hỏi về thủ tục."


def test_a_filled_honeypot_is_refused_with_a_message_and_the_text_kept():
    data = letter(**passing_protections(LetterForm))
    data[civic_forms.HONEYPOT_FIELD] = "http://spam.example"
    form = LetterForm(data)
    assert not form.is_valid()
    assert form.non_field_errors() == [civic_forms.HONEYPOT_FILLED]
    html = form["text"].as_widget()
    assert "Xin hỏi về thủ tục." in html


def test_a_form_sent_within_seconds_of_opening_is_refused():
    data = letter(**passing_protections(LetterForm, age=1))
    form = LetterForm(data)
    assert not form.is_valid()
    assert form.non_field_errors() == [civic_forms.TOO_FAST]
    assert 'value="Nguyễn Thị Lan"' in form["name"].as_widget()


def test_an_expired_or_forged_issue_time_is_refused(settings):
    settings.CIVIC_FORM_MAX_AGE_SECONDS = 60
    old = letter(**passing_protections(LetterForm, age=120))
    assert LetterForm(old).errors["__all__"] == [civic_forms.EXPIRED]
    forged = letter(**passing_protections(LetterForm))
    forged[civic_forms.ISSUED_FIELD] = "test:1:forged"
    assert LetterForm(forged).errors["__all__"] == [civic_forms.TAMPERED]
    # A token of another form cannot be reused here.

    class OtherForm(CitizenForm):
        pass

    other = letter(**passing_protections(LetterForm))
    other[civic_forms.ISSUED_FIELD] = issued_token(OtherForm)
    assert LetterForm(other).errors["__all__"] == [civic_forms.TAMPERED]


def test_without_the_proof_of_work_javascript_off_the_message_says_so():
    data = letter(**passing_protections(LetterForm))
    del data[civic_forms.POW_FIELD]
    form = LetterForm(data)
    assert form.errors["__all__"] == [civic_forms.POW_MISSING]
    assert "JavaScript" in civic_forms.POW_MISSING


def test_a_solved_challenge_counts_once_and_a_wrong_one_never():
    payload = solve(new_challenge())
    first = letter(**passing_protections(LetterForm))
    first[civic_forms.POW_FIELD] = payload
    assert LetterForm(first).is_valid()
    replay = letter(**passing_protections(LetterForm))
    replay[civic_forms.POW_FIELD] = payload
    assert LetterForm(replay).errors["__all__"] == [civic_forms.POW_FAILED]
    junk = letter(**passing_protections(LetterForm))
    junk[civic_forms.POW_FIELD] = "bm90IGEgc29sdXRpb24="
    assert LetterForm(junk).errors["__all__"] == [civic_forms.POW_FAILED]


def test_the_proof_of_work_can_be_turned_off(settings):
    settings.CIVIC_POW_ENABLED = False
    data = letter(**passing_protections(LetterForm))
    assert civic_forms.POW_FIELD not in data
    assert LetterForm(data).is_valid()


def test_text_without_its_own_limit_gets_the_platform_limit(settings):
    settings.CIVIC_TEXT_MAX_CHARS = 50
    form = LetterForm(letter(text="x" * 51, **passing_protections(LetterForm)))
    assert not form.is_valid()
    assert "50" in form.errors["text"][0]
    assert 'maxlength="50"' in form["text"].as_widget()
    assert 'maxlength="100"' in form["name"].as_widget()


def test_the_include_renders_fresh_protections_never_the_posted_ones():
    data = letter(**passing_protections(LetterForm))
    data[civic_forms.HONEYPOT_FIELD] = "bot text"
    form = LetterForm(data)
    form.is_valid()
    html = (
        engines["django"]
        .from_string('{% include "civic/includes/protections.html" %}')
        .render({"form": form})
    )
    assert "bot text" not in html
    assert data[civic_forms.ISSUED_FIELD] not in html
    assert 'aria-hidden="true"' in html and 'tabindex="-1"' in html and 'autocomplete="off"' in html
    assert "<altcha-widget" in html and "<noscript>" in html
    assert "//" not in html.replace('="/', "")  # nothing loaded from another host


def test_citizen_form_view_is_never_cached_and_floods_get_429(
    settings, rf: RequestFactory, db, stopped_clock
):
    group = register_group("civic-test-letters")
    settings.RATELIMIT_CIVIC_TEST_LETTERS = "2/m"

    @citizen_form_view(group)
    def view(request):
        return HttpResponse("ok")

    get = view(rf.get("/", REMOTE_ADDR="203.0.113.7"))
    assert "no-store" in get["Cache-Control"]
    assert not _cacheable_response(get)  # the whole-page cache never keeps a form's page

    def post(address):
        request = rf.post("/", REMOTE_ADDR=address)
        request._dont_enforce_csrf_checks = True  # as the test client does
        return view(request).status_code

    assert [post("203.0.113.7") for _ in range(3)] == [200, 200, 429]
    # Reading the form is not counted; another address still has its budget.
    assert view(rf.get("/", REMOTE_ADDR="203.0.113.7")).status_code == 200
    assert post("198.51.100.9") == 200
    # Without a CSRF token a submission is refused.
    assert view(rf.post("/", REMOTE_ADDR="192.0.2.1")).status_code == 403


def test_the_purge_command_runs_every_registered_purger_with_the_retention(settings, db):
    settings.CIVIC_CONTACT_RETENTION_DAYS = 30
    seen = []

    @register_purger("civic-test")
    def purge(closed_before):
        seen.append(closed_before)
        return 2

    try:
        call_command("purge_citizen_contacts")
    finally:
        purgers_now = purgers()
        from civic import privacy

        privacy._PURGERS.pop("civic-test", None)
    assert "civic-test" in purgers_now
    from django.utils import timezone

    age = timezone.now() - seen[0]
    assert datetime.timedelta(days=29, hours=23) < age < datetime.timedelta(days=30, hours=1)


def test_the_privacy_notice_names_what_is_kept_and_for_how_long(settings):
    settings.CIVIC_CONTACT_RETENTION_DAYS = 1095
    html = (
        engines["django"]
        .from_string('{% include "civic/includes/privacy_notice.html" with kept="họ tên và thư điện tử" %}')
        .render({})
    )
    assert "họ tên và thư điện tử" in html
    assert "1.095 ngày" in html
    assert "91/2025" in html or "Bảo vệ dữ liệu cá nhân" in html
