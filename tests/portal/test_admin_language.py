"""The admin reads in Vietnamese: no English left from Django's incomplete Vietnamese catalogue.

Django 5.2's Vietnamese catalogue lacks the strings added to the admin since it was last
translated (the skip link, the theme toggle, "Show counts", the refused form's banner, the
two-list picker, the date picker's day names); locale/vi supplies them.
"""

import json
import re

import pytest
from lxml import html

from documents.models import Document

pytestmark = pytest.mark.django_db
ADMIN = "/quan-tri/"

# English the admin showed before locale/vi existed, and words any admin page might leak.
FORMER_ENGLISH = [
    "Skip to main content",
    "Toggle theme",
    "Toggle navigation",
    "Filter navigation items",
    "Breadcrumbs",
    "Sidebar",
    "Model name",
    "Add link",
    "Change or view list link",
    "Show counts",
    "Hide counts",
    "Please correct the error",
    "Select all objects on this page",
    "Access attempts",
    "Access failures",
    "Access logs",
]
COMMON_ENGLISH = re.compile(
    r"\b(Please|correct|error|errors|Error|Choose|Remove|selected|Sunday|Monday|Saturday|"
    r"Show|Hide|Toggle|theme|Skip|content|Select|Filter|navigation|Search|Add|Change|Delete|"
    r"Save|Log in|Log out|password|Username)\b"
)
JS_ENGLISH = [
    "Choose all %s",
    "Choose selected %s",
    "Remove selected %s",
    "Remove all %s",
    "(click to clear)",
    "Type into this box to filter down the list of selected %s.",
    "selected option not visible",
    "Sunday",
    "Monday",
    "Saturday",
]


def _reader_text(content: bytes) -> str:
    """What a reader sees or a screen reader says: text and labelling attributes, no scripts."""
    page = html.fromstring(content.decode())
    for hidden in page.xpath("//script|//style"):
        hidden.drop_tree()
    labels = [
        value
        for element in page.iter()
        if isinstance(element.tag, str)
        for name, value in element.attrib.items()
        if name in ("title", "aria-label", "placeholder")
        or (name == "value" and element.get("type") == "submit")
    ]
    title = page.findtext(".//title") or ""
    return "\n".join([title, page.text_content(), *labels])


def _assert_vietnamese(content: bytes) -> str:
    text = _reader_text(content)
    for english in FORMER_ENGLISH:
        assert english not in text
    assert not COMMON_ENGLISH.findall(text), COMMON_ENGLISH.findall(text)
    return text


def test_the_login_page_is_vietnamese(client):
    text = _assert_vietnamese(client.get(f"{ADMIN}login/").content)

    assert "Chuyển đến nội dung chính" in text
    assert "Đổi giao diện sáng/tối (hiện tại: tự động)" in text


def test_a_change_list_with_filters_is_vietnamese(admin_client_):
    text = _assert_vietnamese(admin_client_.get(f"{ADMIN}documents/document/").content)
    assert "Hiện số lượng" in text
    assert "Các lần đăng nhập sai" in text  # django-axes' records, in the sidebar

    counted = _assert_vietnamese(admin_client_.get(f"{ADMIN}documents/document/?_facets=True").content)
    assert "Ẩn số lượng" in counted


def test_a_refused_change_form_says_so_in_vietnamese(admin_client_):
    response = admin_client_.post(
        f"{ADMIN}documents/document/add/",
        {"attachments-TOTAL_FORMS": "0", "attachments-INITIAL_FORMS": "0"},
    )

    assert response.status_code == 200
    assert not Document.objects.exists()
    text = _assert_vietnamese(response.content)
    assert "Vui lòng sửa các lỗi dưới đây." in text
    assert html.fromstring(response.content.decode()).findtext(".//title").startswith("Lỗi: ")


def test_the_two_list_picker_page_is_vietnamese(editor):
    response = editor.get(f"{ADMIN}news/article/add/")

    assert response.status_code == 200
    assert b'class="selectfilter"' in response.content  # filter_horizontal: drawn by SelectFilter2.js
    _assert_vietnamese(response.content)


def test_the_admin_javascript_catalog_has_no_english_left(editor):
    script = editor.get(f"{ADMIN}jsi18n/").content.decode()
    catalog = json.loads(re.search(r"const newcatalog = (\{.*?\});", script, re.S).group(1))

    for english in JS_ENGLISH:
        assert english not in catalog.values(), f"{english!r} is not translated"
        assert any(english in key for key in catalog), f"{english!r} missing from the catalog"
    assert catalog["Choose all %s"] == "Chọn tất cả %s"
    assert catalog["Sunday"] == "Chủ nhật"
    assert catalog["%s selected option not visible"] == ["%s mục đã chọn đang bị ẩn"]


def test_the_admin_index_names_every_app_in_vietnamese(admin_client_):
    from django.urls import reverse

    page = admin_client_.get(reverse("admin:index")).content.decode()
    assert "Khóa đăng nhập" in page
    assert ">Axes<" not in page
