"""Error pages in Vietnamese with a way back; /healthz tells the truth about the database."""

import json
import re
from unittest import mock

import pytest
from django.db.utils import OperationalError
from django.test import Client

pytestmark = pytest.mark.django_db


def test_unknown_url_gets_the_vietnamese_404_page(citizen, site_identity):
    response = citizen.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy trang" in html
    assert 'href="/"' in html
    assert len(re.findall(r"<h1[\s>]", html)) == 1


def test_500_page_renders_without_a_database():
    from portal.views import server_error

    with mock.patch("django.db.backends.base.base.BaseDatabaseWrapper.cursor", side_effect=OperationalError):
        response = server_error(mock.Mock())
    assert response.status_code == 500
    html = response.content.decode()
    assert "Hệ thống đang gặp sự cố" in html
    assert 'href="/"' in html


def test_database_down_gives_the_503_page_without_a_stack_trace(site_identity):
    client = Client(raise_request_exception=False)
    with mock.patch("pages.views.get_object_or_404", side_effect=OperationalError("db is down")):
        response = client.get("/gioi-thieu/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "Hệ thống tạm thời gián đoạn" in html
    assert 'href="/"' in html
    assert "Traceback" not in html and "OperationalError" not in html and "db is down" not in html


def test_every_query_failing_gives_the_503_page_on_the_home_page(site_identity):
    """The database gone for real: no query succeeds, the page itself needs none."""
    client = Client(raise_request_exception=False)
    with mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.cursor", side_effect=OperationalError("down")
    ):
        response = client.get("/")
    assert response.status_code == 503
    assert "Hệ thống tạm thời gián đoạn" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_a_lost_connection_in_a_middleware_also_gives_the_503_page(site_identity, settings):
    import importlib

    from django.db.utils import InterfaceError

    store = importlib.import_module(settings.SESSION_ENGINE).SessionStore
    client = Client(raise_request_exception=False)
    client.cookies[settings.SESSION_COOKIE_NAME] = "x" * 32
    with mock.patch.object(store, "load", side_effect=InterfaceError("connection already closed")):
        response = client.get("/gioi-thieu/")
    assert response.status_code == 503


def test_other_errors_still_give_the_500_page(site_identity):
    client = Client(raise_request_exception=False)
    with mock.patch("pages.views.get_object_or_404", side_effect=RuntimeError("bug")):
        response = client.get("/gioi-thieu/")
    assert response.status_code == 500
    assert "Hệ thống đang gặp sự cố" in response.content.decode()


def test_csrf_failure_page_is_vietnamese_and_says_what_to_do(site_identity):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/tim-kiem/", {"q": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Biểu mẫu đã hết hạn" in html and "tải lại trang" in html
    assert len(re.findall(r"<h1[\s>]", html)) == 1


def test_403_and_400_pages_are_vietnamese(rf, site_identity):
    from portal.views import bad_request, permission_denied

    request = rf.get("/")
    assert "Không có quyền truy cập" in permission_denied(request).content.decode()
    assert "Yêu cầu không hợp lệ" in bad_request(request).content.decode()


def test_healthz_reports_the_database_up(citizen):
    response = citizen.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_503_when_the_database_is_unreachable(citizen):
    with mock.patch("portal.views.connection.cursor", side_effect=OperationalError("down")):
        response = citizen.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["database"] == "error"


def test_robots_txt_points_at_the_sitemap_and_hides_the_admin(citizen, settings):
    response = citizen.get("/robots.txt")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert f"Disallow: /{settings.ADMIN_URL}" in body


def test_sitemap_is_xml(citizen, site_identity):
    response = citizen.get("/sitemap.xml")
    assert response.status_code == 200
    assert response.content.startswith(b"<?xml")


def test_error_log_line_escapes_control_characters():
    import logging

    from common.logfmt import LogfmtFormatter

    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "bad\nname\x1b[31m", None, None)
    line = LogfmtFormatter().format(record)
    assert "\n" not in line and "\x1b" not in line
    assert "bad\\x0aname\\x1b[31m" in line


def test_an_address_too_long_gets_the_vietnamese_414_page(citizen, site_identity):
    response = citizen.get("/tim-kiem/?q=" + "a" * 20_000)
    assert response.status_code == 414
    assert "Địa chỉ quá dài" in response.content.decode()


def test_a_header_field_too_large_gets_the_vietnamese_431_page(citizen, site_identity):
    response = citizen.get("/", HTTP_COOKIE="x=" + "b" * 9_000)
    assert response.status_code == 431
    assert "Yêu cầu quá lớn" in response.content.decode()


def test_an_address_of_ordinary_length_is_served(citizen, site_identity):
    assert citizen.get("/tim-kiem/?q=" + "a" * 2_000).status_code == 200
