"""The security log: failed logins, lockouts, 403s and refused uploads, one escaped line each,
never a password, a session id or a file's contents."""

import logging
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from ops.security_log import SecurityFormatter, escape_value
from tests.documents.conftest import upload
from tests.documents.test_admin import form_data

pytestmark = pytest.mark.django_db
PASSWORD = "Sai-mat-khau-bi-mat-2026!"


@pytest.fixture
def security_lines(caplog):
    """The lines the "security" logger writes, formatted as production writes them."""
    logger = logging.getLogger("security")
    logger.addHandler(caplog.handler)
    formatter = SecurityFormatter()

    def lines() -> list[str]:
        return [formatter.format(r) for r in caplog.records if r.name == "security"]

    yield lines
    logger.removeHandler(caplog.handler)


def _log_in(client: Client, username: str, password: str = PASSWORD):
    return client.post(reverse("admin:login"), {"username": username, "password": password})


def fields_of(line: str) -> dict:
    """A logfmt line parsed the way a log shipper would: key=value or key="quoted \\" value"."""
    pairs = re.findall(r'(\w+)=("(?:[^"\\]|\\.)*"|\S*)', line)
    return {key: value.strip('"') for key, value in pairs}


def test_a_failed_login_is_one_line_without_the_password(client, editor_user, security_lines):
    response = _log_in(client, "bientap")
    assert response.status_code == 200
    [line] = security_lines()
    fields = fields_of(line)
    assert (fields["event"], fields["user"], fields["ip"]) == ("login_failed", "bientap", "127.0.0.1")
    assert PASSWORD not in line and "password" not in line
    assert "sessionid" not in line and "csrf" not in line.lower()


def test_an_injected_line_break_in_a_username_stays_on_one_line(client, db, security_lines):
    _log_in(client, "admin\r\nFAKE=1 event=login_ok")
    [line] = security_lines()
    assert "\r" not in line and "\n" not in line
    fields = fields_of(line)
    assert "FAKE" not in fields and fields["event"] == "login_failed"
    assert fields["user"] == r"admin\x0d\x0aFAKE=1 event=login_ok"


def test_each_attempt_is_one_line_and_the_lockout_is_logged(client, editor_user, security_lines, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        _log_in(client, "bientap")
    events = [fields_of(line)["event"] for line in security_lines()]
    assert len(events) == settings.AXES_FAILURE_LIMIT + 1
    assert events[: settings.AXES_FAILURE_LIMIT - 1] == ["login_failed"] * (settings.AXES_FAILURE_LIMIT - 1)
    assert events[-2:] == ["lockout", "lockout"]
    assert all(PASSWORD not in line for line in security_lines())


def test_a_403_is_logged_with_the_user_and_path(editor, editor_user, security_lines):
    response = editor.get(reverse("admin:documents_document_add"))
    assert response.status_code == 403
    [line] = security_lines()
    fields = fields_of(line)
    assert (fields["event"], fields["reason"]) == ("forbidden", "permission")
    assert fields["user_id"] == str(editor_user.pk)
    assert fields["path"] == reverse("admin:documents_document_add")


def test_a_csrf_failure_is_logged_once(db, security_lines):
    response = Client(enforce_csrf_checks=True).post("/tim-kiem/", {"q": "x"})
    assert response.status_code == 403
    [line] = security_lines()
    assert fields_of(line)["reason"] == "csrf"


def test_a_refused_attachment_is_logged_with_reason_and_size_but_not_its_contents(
    secretary, secretary_user, lookups, security_lines
):
    content = b"MZ\x90\x00" + b"SECRET-CONTENT" * 10
    name = 'ke-hoach"\x1b[31m=.pdf'
    response = secretary.post(
        reverse("admin:documents_document_add"), form_data(lookups, upload(content, name))
    )
    assert response.status_code == 200
    [line] = security_lines()
    fields = fields_of(line)
    assert (fields["event"], fields["field"], fields["reason"]) == (
        "upload_refused",
        "documents.Attachment.file",
        "dinh-dang-khong-hop-le",
    )
    assert fields["size"] == str(len(content))
    assert fields["user_id"] == str(secretary_user.pk)
    assert "SECRET-CONTENT" not in line and "\x1b" not in line


def test_a_refused_photo_and_a_refused_editor_upload_are_logged(approver, editor, category, security_lines):
    from tests.news.conftest import admin_form_data

    url = reverse("admin:news_article_add")
    bad = SimpleUploadedFile("anh.jpg", b"not an image at all", content_type="image/jpeg")
    data = admin_form_data(approver, url, title="Tin", category=category.pk, status="draft", photo=bad)
    assert approver.post(url, data).status_code == 200
    bad = SimpleUploadedFile("anh2.jpg", b"not an image either", content_type="image/jpeg")
    assert editor.post(reverse("news:editor-image-upload"), {"upload": bad}).status_code == 400
    refused = [fields_of(line) for line in security_lines() if "upload_refused" in line]
    assert [(f["field"], f["reason"]) for f in refused] == [
        ("news.Article.photo", "not_an_image"),
        ("news.editor_image_upload", "not_an_image"),
    ]


def test_an_editor_upload_without_rights_is_a_logged_403(secretary, security_lines):
    bad = SimpleUploadedFile("anh.jpg", b"x", content_type="image/jpeg")
    assert secretary.post(reverse("news:editor-image-upload"), {"upload": bad}).status_code == 403
    [line] = security_lines()
    assert fields_of(line)["reason"] == "upload_permission"


def test_values_are_escaped_and_bounded():
    assert escape_value("a b") == '"a b"'
    assert escape_value('say "hi"') == '"say \\"hi\\""'
    assert escape_value("back\\slash\x00") == "back\\\\slash\\x00"
    assert escape_value("\u2028") == "\\x2028"
    assert len(escape_value("x" * 1000)) <= 125
    assert escape_value("") == '""' and escape_value(None) == "-"


def test_a_wrong_second_step_code_is_one_line_without_the_code(editor_user, security_lines):
    from tests.accounts.test_two_factor import _enter, _password_only
    from tests.conftest import authenticator_app, current_code

    device = authenticator_app(editor_user)
    wrong = "123456" if current_code(device) != "123456" else "654321"
    client = _password_only(editor_user)
    _enter(client, wrong)
    [line] = [line for line in security_lines() if "second_step_failed" in line]
    fields = fields_of(line)
    assert (fields["user"], fields["ip"], fields["path"]) == ("bientap", "127.0.0.1", "/quan-tri/xac-thuc/")
    assert wrong not in line
