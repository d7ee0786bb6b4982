"""The locked front door: lockout per username and address, proxies, passwords, sessions."""

import re
import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from tests.conftest import login_staff

pytestmark = pytest.mark.django_db

LOGIN = "/quan-tri/login/"


def _try(client: Client, username: str, password: str, **extra):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/quan-tri/"}, **extra)


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("bientap2", password="Mat-khau-dung-2026!", is_staff=True)


def test_five_failures_lock_that_username_from_that_address(staff, site_identity):
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(4):
        assert _try(client, "bientap2", "sai-mat-khau").status_code == 200
    assert _try(client, "bientap2", "sai-mat-khau").status_code == 429  # the fifth failure locks
    locked = _try(client, "bientap2", "Mat-khau-dung-2026!")
    assert locked.status_code == 429
    assert "Tạm khóa đăng nhập" in locked.content.decode()


def test_the_lock_does_not_touch_another_address_or_user(staff, django_user_model, site_identity):
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(5):
        _try(attacker, "bientap2", "sai")
    office = Client(REMOTE_ADDR="198.51.100.20")
    assert _try(office, "bientap2", "Mat-khau-dung-2026!").status_code == 302
    django_user_model.objects.create_user("thuky2", password="Mat-khau-khac-2026!", is_staff=True)
    assert _try(attacker, "thuky2", "Mat-khau-khac-2026!").status_code == 302


def test_spoofed_forwarded_for_neither_bypasses_nor_locks_others(staff, site_identity, settings):
    settings.TRUSTED_PROXIES = []  # direct connections: X-Forwarded-For is the client's own word
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    for i in range(5):
        _try(attacker, "bientap2", "sai", HTTP_X_FORWARDED_FOR=f"10.0.0.{i}")
    # Still locked although every attempt claimed another address …
    assert (
        _try(attacker, "bientap2", "Mat-khau-dung-2026!", HTTP_X_FORWARDED_FOR="10.9.9.9").status_code == 429
    )
    # … and the address the attacker named is not locked.
    victim = Client(REMOTE_ADDR="10.0.0.1")
    assert _try(victim, "bientap2", "Mat-khau-dung-2026!").status_code == 302


def test_behind_a_trusted_proxy_the_forwarded_client_is_the_one_locked(staff, site_identity, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    for _ in range(5):
        _try(Client(REMOTE_ADDR="127.0.0.1"), "bientap2", "sai", HTTP_X_FORWARDED_FOR="203.0.113.7")
    proxy = Client(REMOTE_ADDR="127.0.0.1")
    assert (
        _try(proxy, "bientap2", "Mat-khau-dung-2026!", HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 429
    )
    assert (
        _try(proxy, "bientap2", "Mat-khau-dung-2026!", HTTP_X_FORWARDED_FOR="198.51.100.9").status_code == 302
    )


def test_login_form_does_not_reveal_whether_a_user_exists(staff, site_identity):
    client = Client(REMOTE_ADDR="192.0.2.1")
    wrong_password_response = _try(client, "bientap2", "sai")
    no_such_user_response = _try(client, "khongco", "sai")
    assert wrong_password_response.status_code == no_such_user_response.status_code == 200
    wrong_password = wrong_password_response.content.decode()
    no_such_user = no_such_user_response.content.decode()

    def strip(html: str) -> str:
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
        return html.replace("bientap2", "").replace("khongco", "")

    assert strip(wrong_password) == strip(no_such_user)


@pytest.mark.parametrize("password", ["matkhau123", "MatKhau@123", "quantri2024", "Vietnam@123", "ngắn-quá"])
def test_weak_and_common_vietnamese_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_long_unusual_password_is_accepted():
    validate_password("Ruộng lúa Duyên Hải mùa nước nổi 2026")


def test_session_id_rotates_at_login(staff, site_identity):
    client = Client(REMOTE_ADDR="192.0.2.2")
    client.get(LOGIN)
    before = client.cookies.get("sessionid")
    _try(client, "bientap2", "Mat-khau-dung-2026!")
    assert client.cookies["sessionid"].value != (before.value if before else None)


def test_staff_session_ends_after_the_absolute_limit(staff, site_identity, settings):
    settings.SESSION_ABSOLUTE_SECONDS = 60
    client = Client()
    login_staff(client, staff)
    assert client.get("/quan-tri/").status_code == 200
    session = client.session
    session["_started_at"] = int(time.time()) - 61
    session.save()
    response = client.get("/quan-tri/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert client.get("/quan-tri/").status_code == 302  # logged out for good


def test_idle_limit_is_thirty_minutes_or_less(settings):
    assert settings.SESSION_COOKIE_AGE <= 30 * 60 and settings.SESSION_SAVE_EVERY_REQUEST


def test_logout_ends_the_session(staff, site_identity):
    client = Client()
    login_staff(client, staff)
    client.post("/quan-tri/logout/")
    assert client.get("/quan-tri/").status_code == 302


def test_logout_ends_the_users_sessions_on_every_device(staff, editor, site_identity):
    office, phone = login_staff(Client(), staff), login_staff(Client(), staff)
    assert office.get("/quan-tri/").status_code == 200 and phone.get("/quan-tri/").status_code == 200
    office.post("/quan-tri/logout/")
    assert office.get("/quan-tri/").status_code == 302
    assert phone.get("/quan-tri/").status_code == 302  # the other device is logged out too
    assert editor.get("/quan-tri/").status_code == 200  # other users are not


def test_logout_needs_a_post_and_ends_nothing_on_get(staff, site_identity):
    office, phone = login_staff(Client(), staff), login_staff(Client(), staff)
    assert office.get("/quan-tri/logout/").status_code == 405
    assert phone.get("/quan-tri/").status_code == 200


def test_password_change_keeps_this_session_and_ends_the_others(staff, site_identity):
    here, elsewhere = login_staff(Client(), staff), login_staff(Client(), staff)
    response = here.post(
        "/quan-tri/password_change/",
        {
            "old_password": "Mat-khau-dung-2026!",
            "new_password1": "Ruộng lúa mùa nước nổi 2026",
            "new_password2": "Ruộng lúa mùa nước nổi 2026",
        },
    )
    assert response.status_code == 302, response.content.decode()[:300]
    assert here.get("/quan-tri/").status_code == 200
    assert elsewhere.get("/quan-tri/").status_code == 302


def test_the_age_limit_ends_only_the_old_session(staff, site_identity, settings):
    settings.SESSION_ABSOLUTE_SECONDS = 60
    old, new = login_staff(Client(), staff), login_staff(Client(), staff)
    for client in (old, new):
        client.get("/quan-tri/")
    session = old.session
    session["_started_at"] = int(time.time()) - 61
    session.save()
    assert old.get("/quan-tri/").status_code == 302
    assert new.get("/quan-tri/").status_code == 200


def test_a_session_planted_before_login_is_not_the_one_logged_in(staff, site_identity):
    client = Client(REMOTE_ADDR="192.0.2.3")
    planted = client.session
    planted["lang"] = "vi"
    planted.save()
    client.cookies["sessionid"] = planted.session_key
    _try(client, "bientap2", "Mat-khau-dung-2026!")
    assert client.cookies["sessionid"].value != planted.session_key
    attacker = Client()
    attacker.cookies["sessionid"] = planted.session_key
    assert attacker.get("/quan-tri/").status_code == 302
