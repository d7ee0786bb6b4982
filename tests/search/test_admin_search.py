"""The admin change lists search the folded way too: "nhan" finds "Phan Văn Nhặn".

The change lists belong to the news, documents and committee admins (their `search_text`
fields); this checks the behaviour the search issue asks of them.
"""

import re

import pytest
from django.urls import reverse

from tests.search.conftest import seed_article_text


def _listed(client, url_name: str, term: str) -> str:
    response = client.get(reverse(url_name), {"q": term})
    assert response.status_code == 200
    return response.content.decode()


def _rows(html: str) -> int:
    return len(re.findall(r'<tr[^>]*>\s*<td class="action-checkbox">', html))


@pytest.mark.parametrize("term", ["nhan", "NHẶN", "phan van nhan", "Phan Văn Nhặn"])
def test_the_article_change_list_finds_folded_words(admin_client_, make_article, term):
    title, body = seed_article_text()
    make_article(title, body)
    make_article("Tin khác", "<p>Không liên quan.</p>")
    html = _listed(admin_client_, "admin:news_article_changelist", term)
    assert "Hội nghị triển khai kế hoạch" in html
    assert "Tin khác" not in html


@pytest.mark.parametrize("term", ["nhan", "NHẶN", "phan van nhan"])
def test_the_document_change_list_finds_folded_words(admin_client_, make_document, term):
    make_document("Kế hoạch hoạt động năm 2021", number=5, body_text="Người ký: Phan Văn Nhặn.")
    make_document("Quy chế khác", number=6, kind="qc")
    html = _listed(admin_client_, "admin:documents_document_changelist", term)
    assert "Kế hoạch hoạt động năm 2021" in html
    assert "Quy chế khác" not in html


@pytest.mark.parametrize("term", ["nhan", "NHẶN", "phan van nhan", "Phan Văn Nhặn"])
def test_the_person_change_list_finds_folded_words(admin_client_, make_person, term):
    make_person("Phan Văn Nhặn", position="Phó Bí thư Thường trực Huyện ủy")
    make_person("Nguyễn Thị Đào")
    html = _listed(admin_client_, "admin:committee_person_changelist", term)
    assert "Phan Văn Nhặn" in html
    assert "Nguyễn Thị Đào" not in html


def test_document_numbers_are_found_in_the_admin_with_or_without_punctuation(admin_client_, make_document):
    make_document("Kế hoạch hoạt động năm 2021", number=5)
    make_document("Kế hoạch khác", number=7)
    for term in ("05-KH/BCĐ", "05 kh bcd"):
        html = _listed(admin_client_, "admin:documents_document_changelist", term)
        assert "Kế hoạch hoạt động năm 2021" in html and "Kế hoạch khác" not in html, term
