"""A staff member's browser without a browser: log in with the second step and fill the admin's
forms over HTTP, as the cluster drills need (requests + the standard HTML parser)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import requests

LOGIN_SHELL = """
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice
user = get_user_model().objects.create_superuser("{username}", "{username}@example.gov.vn", "{password}")
device = TOTPDevice.objects.create(user=user, name="Ứng dụng xác thực", confirmed=True)
print("KEY", device.key)
"""


def totp_code(key_hex: str) -> str:
    """What the staff member's authenticator app shows now for the device's key."""
    from binascii import unhexlify

    from django_otp.oath import TOTP

    return f"{TOTP(unhexlify(key_hex), 30, 0, 6, 0).token():06d}"


class _FormParser(HTMLParser):
    """The fields of each POST form of a page, as a browser would send them untouched."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_form = False
        self.forms: list[list[tuple[str, str]]] = []
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._select_multiple = False
        self._select_first: str | None = None
        self._select_chosen = False
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self.in_form, self.fields = True, []
            self.forms.append(self.fields)
            return
        if not self.in_form:
            return
        name = a.get("name")
        if tag == "input" and name and "disabled" not in a:
            kind = (a.get("type") or "text").lower()
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    self.fields.append((name, a.get("value", "on")))
            elif kind not in {"submit", "button", "file", "image", "reset"}:
                self.fields.append((name, a.get("value", "")))
        elif tag == "select" and name:
            self._select, self._select_first, self._select_chosen = name, None, False
            self._select_multiple = "multiple" in a
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in a and (self._select_multiple or not self._select_chosen):
                self.fields.append((self._select, value))
                self._select_chosen = True
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_endtag(self, tag):
        if tag == "form" and self.in_form:
            self.in_form = False
        elif tag == "select" and self._select is not None:
            # A single choice with nothing selected sends its first option; a multiple one nothing.
            if not self._select_chosen and not self._select_multiple and self._select_first is not None:
                self.fields.append((self._select, self._select_first))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, "".join(self._text).removeprefix("\n")))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)


def form_fields(html: str) -> dict[str, str]:
    """The page's main form: the POST form with the most fields (not the header's "Đăng xuất")."""
    parser = _FormParser()
    parser.feed(html)
    return dict(max(parser.forms, key=len, default=[]))


class StaffBrowser:
    """A logged-in, second-step-verified staff member talking to one app host or to nginx."""

    def __init__(self, session: requests.Session, base: str, admin: str = "/quan-tri/"):
        self.session, self.base, self.admin = session, base.rstrip("/"), admin

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.session.get(self.base + path, allow_redirects=False, **kwargs)

    def login(self, username: str, password: str, key_hex: str) -> StaffBrowser:
        page = self.session.get(f"{self.base}{self.admin}login/")
        fields = form_fields(page.text)
        fields.update(username=username, password=password)
        step = self.post(f"{self.admin}login/?next={self.admin}", fields)
        assert step.status_code == 302, (step.status_code, error_text(step.text), step.text[:3000])
        verify = self.session.get(f"{self.base}{self.admin}xac-thuc/?next={self.admin}")
        fields = form_fields(verify.text)
        fields["otp_token"] = totp_code(key_hex)
        done = self.post(f"{self.admin}xac-thuc/?next={self.admin}", fields)
        assert done.status_code == 302 and done.headers["Location"] == self.admin, done.text[-800:]
        return self

    def post(self, path: str, data, files=None) -> requests.Response:
        token = self.session.cookies.get("csrftoken", "")
        return self.session.post(
            self.base + path,
            data=data,
            files=files,
            # Django checks an HTTPS form's Referer against the host the reader asked for.
            headers={"X-CSRFToken": token, "Referer": f"https://{self.session.headers['Host']}{path}"},
            allow_redirects=False,
        )

    def fill(self, path: str, changes: dict[str, str], files=None) -> requests.Response:
        """GET the admin form at `path`, change some fields, POST it back (as Lưu)."""
        page = self.get(path)
        assert page.status_code == 200, (page.status_code, page.text[-500:])
        fields = form_fields(page.text)
        fields.update(changes)
        return self.post(path, fields, files=files)


def select_options(html: str, name: str) -> dict[str, str]:
    """{label: value} of the non-empty options of the select named `name`."""
    block = re.search(rf'<select[^>]*name="{re.escape(name)}"[^>]*>(.*?)</select>', html, flags=re.S)
    assert block, f"no select named {name}"
    return {
        label.strip(): value
        for value, label in re.findall(r'<option value="([^"]+)"[^>]*>([^<]*)</option>', block.group(1))
    }


def error_text(html: str) -> str:
    """The admin's error messages on a page, for an assertion's explanation."""
    return " | ".join(re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, flags=re.S))
