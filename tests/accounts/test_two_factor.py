"""Two-factor sign-in for staff: the second step, setting up an app, recovery codes, resets."""

import datetime
import io
import re
from urllib.parse import quote

import pytest
import time_machine
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image

from accounts.models import UserSession
from accounts.two_factor import devices
from news.models import Status
from tests.conftest import authenticator_app, current_code, login_staff

pytestmark = pytest.mark.django_db

PASSWORD = "Mat-khau-rat-dai-2026!"
LOGIN = "/quan-tri/login/"
VERIFY = "/quan-tri/xac-thuc/"
ENROL = "/quan-tri/xac-thuc/cai-dat/"
CODES = "/quan-tri/xac-thuc/ma-du-phong/"
WRONG = "Mã xác thực không đúng"


def _password_only(user) -> Client:
    client = Client()
    response = client.post(LOGIN, {"username": user.username, "password": PASSWORD, "next": "/quan-tri/"})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def _text(response) -> str:
    return response.content.decode()


def _enter(client: Client, code: str, url: str = VERIFY, next_url: str = "/quan-tri/"):
    return client.post(url, {"otp_token": code, "next": next_url})


def _png():
    buf = io.BytesIO()
    Image.new("RGB", (32, 32), (10, 120, 40)).save(buf, "PNG")
    buf.seek(0)
    buf.name = "anh.png"
    return buf


def test_enforcement_is_on_by_default(settings):
    assert settings.STAFF_2FA_REQUIRED is True


# --- enforcement ------------------------------------------------------------------------------
def _admin_pages() -> list[str]:
    pages = ["/quan-tri/", "/quan-tri/password_change/", CODES]
    for model in admin.site._registry:
        opts = model._meta
        pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    return pages


def test_staff_with_only_a_password_are_sent_to_the_second_step_from_every_admin_page(superuser):
    authenticator_app(superuser)
    client = _password_only(superuser)
    pages = _admin_pages()
    assert len(pages) > 40
    for page in pages:
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"].startswith(VERIFY + "?next="), (page, response["Location"])


def test_the_editor_image_upload_needs_the_second_step_and_stores_nothing(editor_user, settings, tmp_path):
    authenticator_app(editor_user)
    client = _password_only(editor_user)
    response = client.post(reverse("news:editor-image-upload"), {"upload": _png()})
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert not any(p.is_file() for p in tmp_path.joinpath("media").rglob("*"))
    assert (
        login_staff(Client(), editor_user)
        .post(reverse("news:editor-image-upload"), {"upload": _png()})
        .status_code
        == 200
    )


def test_a_verified_staff_session_opens_the_admin(editor):
    assert editor.get("/quan-tri/").status_code == 200


def test_before_the_second_step_staff_see_drafts_as_a_citizen_does(editor_user, make_article):
    draft = make_article("Bản nháp chưa đăng", status=Status.DRAFT, publish_at=None, created_by=editor_user)
    authenticator_app(editor_user)
    assert _password_only(editor_user).get(draft.get_absolute_url()).status_code == 404
    assert login_staff(Client(), editor_user).get(draft.get_absolute_url()).status_code == 200


def test_the_second_step_needs_a_password_first():
    response = Client().get(VERIFY)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_with_the_setting_off_a_password_alone_opens_the_admin(editor_user, settings):
    settings.STAFF_2FA_REQUIRED = False
    client = _password_only(editor_user)
    assert client.get("/quan-tri/").status_code == 200
    assert client.get("/quan-tri/news/article/").status_code == 200


# --- setting up an app ------------------------------------------------------------------------
def test_first_login_sets_up_an_app_with_a_qr_code_then_shows_ten_recovery_codes(editor_user, site_identity):
    client = _password_only(editor_user)
    response = client.get("/quan-tri/", follow=True)
    assert response.redirect_chain[-1][0].startswith(ENROL)
    page = _text(response)
    assert "<svg" in page and "Mã QR" in page
    assert "http://" not in page.split("<svg")[1].split("</svg>")[0]  # drawn here, nothing fetched
    device = TOTPDevice.objects.get(user=editor_user, confirmed=False)
    assert devices.secret_text(device) in page
    assert site_identity.short_name in page  # the account's title in the app
    assert f"&issuer={quote(site_identity.short_name)}" in device.config_url

    response = _enter(client, current_code(device), ENROL)
    assert response.status_code == 302 and response["Location"].startswith(CODES)
    device.refresh_from_db()
    assert device.confirmed
    page = _text(client.get(response["Location"]))
    codes = re.findall(r"<li><code>([a-z2-7]{4} [a-z2-7]{4})</code></li>", page)
    assert len(codes) == 10 and "chỉ hiện một lần" in page and "In các mã" in page
    assert not re.findall(r"<li><code>", _text(client.get(CODES)))  # shown once
    assert client.get("/quan-tri/").status_code == 200


def test_setting_up_refuses_a_wrong_code_in_vietnamese(editor_user):
    client = _password_only(editor_user)
    client.get(ENROL)
    response = _enter(client, "000000", ENROL)
    assert response.status_code == 200
    assert WRONG in _text(response) and "ứng dụng vừa cài" in _text(response)
    assert not TOTPDevice.objects.filter(user=editor_user, confirmed=True).exists()
    assert client.get("/quan-tri/")["Location"].startswith(VERIFY)


def test_reloading_the_set_up_page_keeps_the_same_secret(editor_user):
    client = _password_only(editor_user)
    client.get(ENROL)
    client.get(ENROL)
    assert TOTPDevice.objects.filter(user=editor_user).count() == 1


def test_a_password_alone_cannot_replace_an_existing_app(editor_user):
    app = authenticator_app(editor_user)
    client = _password_only(editor_user)
    response = client.get(ENROL)
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert list(TOTPDevice.objects.filter(user=editor_user)) == [app]


def test_a_verified_user_can_move_to_a_new_phone(editor, editor_user):
    old = authenticator_app(editor_user)
    editor.get(ENROL)
    new = TOTPDevice.objects.get(user=editor_user, confirmed=False)
    assert _enter(editor, current_code(new), ENROL).status_code == 302
    assert list(TOTPDevice.objects.filter(user=editor_user).values_list("pk", flat=True)) == [new.pk]
    assert new.pk != old.pk


# --- the second step --------------------------------------------------------------------------
def test_the_second_step_accepts_the_apps_code_and_rotates_the_session_id(editor_user):
    device = authenticator_app(editor_user)
    client = _password_only(editor_user)
    page = _text(client.get(VERIFY + "?next=/quan-tri/news/article/"))
    assert "Mã xác thực 6 số" in page and "mã dự phòng" in page
    before = client.cookies["sessionid"].value
    response = _enter(client, current_code(device), next_url="/quan-tri/news/article/")
    assert response.status_code == 302 and response["Location"] == "/quan-tri/news/article/"
    assert client.cookies["sessionid"].value != before
    assert client.get("/quan-tri/news/article/").status_code == 200


def test_a_wrong_code_is_refused_and_repeated_failures_are_throttled(editor_user):
    device = authenticator_app(editor_user)
    client = _password_only(editor_user)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        response = _enter(client, "123456" if current_code(device) != "123456" else "654321")
        assert response.status_code == 200 and WRONG in _text(response)
        # Straight after a failure even the right code waits (django-otp's throttling: 1 s, 2 s, 4 s …).
        throttled = _enter(client, current_code(device))
        assert "tạm dừng" in _text(throttled)
        assert client.get("/quan-tri/").status_code == 302
    with time_machine.travel(start + datetime.timedelta(seconds=31), tick=False):
        assert _enter(client, current_code(device)).status_code == 302
        assert client.get("/quan-tri/").status_code == 200


def test_throttling_doubles_the_wait_after_each_failure(editor_user):
    device = authenticator_app(editor_user)
    for _ in range(5):
        device.throttle_increment()
    assert device.throttling_enabled
    allowed, extra = device.verify_is_allowed()
    assert not allowed and extra["locked_until"] - device.throttling_failure_timestamp == datetime.timedelta(
        seconds=16
    )


def test_a_code_cannot_be_used_twice(editor_user):
    device = authenticator_app(editor_user)
    code = current_code(device)
    assert _enter(_password_only(editor_user), code).status_code == 302
    assert WRONG in _text(_enter(_password_only(editor_user), code))


def test_a_recovery_code_works_once_only(editor_user):
    authenticator_app(editor_user)
    codes = devices.new_recovery_codes(editor_user)
    first = _password_only(editor_user)
    assert _enter(first, devices.display_code(codes[0]).upper()).status_code == 302  # as printed, any case
    assert first.get("/quan-tri/").status_code == 200
    second = _password_only(editor_user)
    assert WRONG in _text(_enter(second, codes[0]))
    assert devices.recovery_codes_left(editor_user) == 9


def test_the_next_address_must_be_on_this_site(editor_user):
    device = authenticator_app(editor_user)
    response = _enter(_password_only(editor_user), current_code(device), next_url="https://evil.example/")
    assert response["Location"] == "/quan-tri/"


# --- recovery codes and resets ----------------------------------------------------------------
def test_new_recovery_codes_replace_the_old_ones(editor, editor_user):
    old = devices.new_recovery_codes(editor_user)
    page = _text(editor.get(CODES))
    assert "Bạn còn <strong>10</strong> mã" in page
    response = editor.post(CODES)
    assert response.status_code == 302
    new = re.findall(
        r"<li><code>([a-z2-7]{4} [a-z2-7]{4})</code></li>", _text(editor.get(response["Location"]))
    )
    assert len(new) == 10 and not {code.replace(" ", "") for code in new} & set(old)
    assert WRONG in _text(_enter(_password_only(editor_user), old[0]))


def _reset(client: Client, user):
    return client.post(
        reverse("admin:auth_user_changelist"), {"action": "reset_two_factor", "_selected_action": [user.pk]}
    )


def test_a_superuser_resets_a_lost_phone_and_the_colleague_sets_up_again(admin_client_, editor_user):
    authenticator_app(editor_user)
    devices.new_recovery_codes(editor_user)
    thief = login_staff(Client(), editor_user)
    assert thief.get("/quan-tri/").status_code == 200
    listing = _text(admin_client_.get(reverse("admin:auth_user_changelist")))
    assert "xác thực hai bước" in listing.lower() and "reset_two_factor" in listing
    response = _reset(admin_client_, editor_user)
    assert response.status_code == 302
    assert "Đã đặt lại xác thực hai bước cho 1 tài khoản" in _text(admin_client_.get(response["Location"]))
    assert not TOTPDevice.objects.filter(user=editor_user).exists()
    assert not StaticDevice.objects.filter(user=editor_user).exists()
    assert thief.get("/quan-tri/").status_code == 302  # the open session ended with it
    assert not UserSession.objects.filter(user=editor_user).exists()
    assert _password_only(editor_user).get("/quan-tri/", follow=True).redirect_chain[-1][0].startswith(ENROL)


def test_staff_who_may_change_users_but_are_not_superusers_cannot_reset(django_user_model, editor_user):
    from django.contrib.auth.models import Permission

    manager = django_user_model.objects.create_user("nhansu", password=PASSWORD, is_staff=True)
    manager.user_permissions.add(*Permission.objects.filter(codename__in=["view_user", "change_user"]))
    client = login_staff(Client(), manager)
    assert "reset_two_factor" not in _text(client.get(reverse("admin:auth_user_changelist")))
    app = authenticator_app(editor_user)
    _reset(client, editor_user)
    assert TOTPDevice.objects.filter(pk=app.pk).exists()


def test_device_admins_are_not_offered(superuser):
    # They would show each colleague's secret; the reset action above is all that is needed.
    assert TOTPDevice not in admin.site._registry and StaticDevice not in admin.site._registry


def test_the_operator_can_reset_from_the_command_line(editor_user):
    from django.core.management import CommandError, call_command

    authenticator_app(editor_user)
    out = io.StringIO()
    call_command("reset_two_factor", editor_user.username, stdout=out)
    assert "Đã đặt lại" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=editor_user).exists()
    with pytest.raises(CommandError, match="Không có tài khoản"):
        call_command("reset_two_factor", "khong-co-ai")


def test_every_admin_page_links_to_the_two_factor_page(editor):
    html = editor.get("/quan-tri/").content.decode()
    assert 'href="/quan-tri/xac-thuc/ma-du-phong/">Xác thực hai bước</a>' in html
