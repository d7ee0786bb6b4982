"""One answer to "may this stored link go into an href?", read the way a browser reads it."""

import pytest

from common.links import (
    CHARACTERS,
    CONTACT_SCHEMES,
    SCHEME,
    WEB_SCHEMES,
    is_safe_link,
    link_problem,
    safe_link,
)


@pytest.mark.parametrize(
    "value",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "java\r\nscript:alert(1)",
        "\x00\x01 javascript:alert(1)",
        "&#106;avascript:alert(1)",
        "&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;:alert(1)",
        "jav&#x09;ascript:alert(1)",
        "javascript&colon;alert(1)",
        "&amp;#106;avascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
        "//evil.example/",
        "/\\evil.example/",
        "/&#47;evil.example/",
        "https:evil.example",
        "https:///khong-co-may-chu",
        "file:///etc/passwd",
        "van-ban/",
        "www.chinhphu.vn",
        '<a href="https://chinhphu.vn/">Chính phủ</a>',
        "",
    ],
)
def test_script_foreign_and_bare_links_are_refused(value):
    assert link_problem(value) == SCHEME
    assert safe_link(value) == ""


@pytest.mark.parametrize(
    "value", ['https://chinhphu.vn/"><script>alert(1)</script>', "https://vi.example/tai lieu.pdf"]
)
def test_markup_or_spaces_inside_an_address_are_refused(value):
    assert link_problem(value) == CHARACTERS


@pytest.mark.parametrize(
    "value",
    [
        "https://chinhphu.vn/",
        "http://vinhlong.gov.vn/tin-tuc?id=12&trang=2",
        "http://vinhlong.gov.vn/?a=1&copy=2",  # `&copy` is a query parameter, not ©
        "https://bộ-ngoại-giao.vn/",
        "/van-ban/",
        "/tin-tuc/hoat-dong/#binh-luan",
        "/",
    ],
)
def test_web_addresses_and_portal_paths_are_kept_as_typed(value):
    assert safe_link(value) == value


def test_mail_and_phone_links_only_where_a_field_asks_for_them():
    assert not is_safe_link("mailto:bcd35@duyenhai.example.vn")
    assert is_safe_link("mailto:bcd35@duyenhai.example.vn", WEB_SCHEMES | CONTACT_SCHEMES)
    assert is_safe_link("tel:+842943832000", WEB_SCHEMES | CONTACT_SCHEMES)
    assert not is_safe_link("mailto:", WEB_SCHEMES | CONTACT_SCHEMES)
    assert not is_safe_link("javascript:alert(1)", WEB_SCHEMES | CONTACT_SCHEMES)


def test_entities_nested_beyond_what_a_person_pastes_are_refused():
    deep = "&" + "amp;" * 6 + "#106;avascript:alert(1)"  # six layers of &amp; around a "j"
    assert not is_safe_link(deep)
    assert not is_safe_link("/tin-tuc/" + deep)
