"""Bài phản bác: the rebuttal layout, its ClaimReview data, the rebuttal list and its editing."""

import json

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from news.models import Article, Kind, RebuttalSource, Verdict
from tests.news.conftest import admin_form_data, bulk_articles
from tests.security.xss import findings

HOSTILE = '</script><script>alert("luận điệu")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def rebuttal(make_article, site_identity):
    article = make_article(
        "Sự thật về tin đồn thu hồi đất ở Long Hữu",
        kind=Kind.REBUTTAL,
        claim="Xã sẽ thu hồi toàn bộ đất ruộng của dân mà không bồi thường.",
        claim_origin="Một số trang mạng xã hội",
        verdict=Verdict.FABRICATED,
        rebuttal_summary="Không có quyết định thu hồi đất nào; quy hoạch được công khai tại UBND xã.",
    )
    RebuttalSource.objects.create(
        article=article, title="Luật Đất đai 2024", url="https://vbpl.vn/luat-dat-dai-2024", order=1
    )
    RebuttalSource.objects.create(article=article, title="Quy hoạch sử dụng đất", url="/van-ban/", order=2)
    return article


def _ld(html: str) -> list[dict]:
    root = lxml.html.document_fromstring(html)
    return [json.loads(s.text) for s in root.xpath('//script[@type="application/ld+json"]')]


def test_the_rebuttal_page_shows_claim_verdict_truth_and_sources(citizen, rebuttal):
    response = citizen.get(rebuttal.get_absolute_url())
    assert response.status_code == 200
    root = lxml.html.document_fromstring(response.content.decode())
    claim = root.xpath('//section[@class="rebuttal"]//blockquote')[0].text_content()
    assert "thu hồi toàn bộ đất ruộng" in claim
    assert "Bịa đặt" in root.xpath('//p[@class="rebuttal__verdict"]')[0].text_content()
    assert (
        "Không có quyết định thu hồi đất" in root.xpath('//div[@class="rebuttal__truth"]')[0].text_content()
    )
    sources = root.xpath('//section[@class="rebuttal-sources"]//a')
    assert [(a.text, a.get("href")) for a in sources] == [
        ("Luật Đất đai 2024", "https://vbpl.vn/luat-dat-dai-2024"),
        ("Quy hoạch sử dụng đất", "/van-ban/"),
    ]
    assert root.xpath('//a[@href="/tin-tuc/phan-bac/"]')


def test_the_rebuttal_carries_valid_claim_review_data(citizen, rebuttal):
    data = _ld(citizen.get(rebuttal.get_absolute_url()).content.decode())
    assert [d["@type"] for d in data] == ["NewsArticle", "ClaimReview"]
    review = data[1]
    assert review["@context"] == "https://schema.org"
    assert review["claimReviewed"] == rebuttal.claim
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Bịa đặt"}
    assert review["itemReviewed"]["appearance"]["name"] == "Một số trang mạng xã hội"
    assert review["url"].endswith(rebuttal.get_absolute_url())
    assert review["citation"] == ["https://vbpl.vn/luat-dat-dai-2024", "/van-ban/"]
    assert review["datePublished"].startswith(str(rebuttal.publish_at.astimezone().year))


def test_an_ordinary_article_has_no_rebuttal_layout_nor_claim_review(citizen, make_article, site_identity):
    html = citizen.get(make_article("Tin thường").get_absolute_url()).content.decode()
    assert 'class="rebuttal"' not in html
    assert [d["@type"] for d in _ld(html)] == ["NewsArticle"]


def test_script_in_claim_and_sources_is_escaped_on_the_page_and_in_the_data(citizen, rebuttal):
    Article.objects.filter(pk=rebuttal.pk).update(
        claim=HOSTILE, claim_origin=HOSTILE, rebuttal_summary=HOSTILE
    )
    RebuttalSource.objects.filter(article=rebuttal).update(title=HOSTILE)
    # A link stored around the validator (a raw update) is never printed as a link.
    RebuttalSource.objects.filter(article=rebuttal, order=1).update(url="javascript:alert(1)")
    html = citizen.get(rebuttal.get_absolute_url()).content.decode()
    assert findings(html) == []
    assert 'href="javascript:' not in html
    review = _ld(html)[1]
    assert review["claimReviewed"] == HOSTILE  # the data says exactly what was stored, as data
    assert "</script><script>" not in html


def test_a_source_link_must_be_a_web_address_or_a_portal_path():
    from django.core.exceptions import ValidationError

    source = RebuttalSource(title="Nguồn", url="javascript:alert(1)")
    with pytest.raises(ValidationError):
        source.full_clean(exclude=["article", "site"])


def test_a_rebuttal_needs_its_claim_truth_and_verdict(category):
    from django.core.exceptions import ValidationError

    article = Article(title="Phản bác", category=category, kind=Kind.REBUTTAL)
    with pytest.raises(ValidationError) as refused:
        article.full_clean()
    assert {"claim", "rebuttal_summary", "verdict"} <= set(refused.value.message_dict)


def test_the_rebuttal_list_shows_only_published_rebuttals(citizen, rebuttal, make_article):
    make_article("Tin hoạt động thường")
    make_article("Phản bác chưa duyệt", kind=Kind.REBUTTAL, status="draft", claim="x", rebuttal_summary="y")
    html = citizen.get(reverse("news:rebuttals")).content.decode()
    assert rebuttal.title in html
    assert "Tin hoạt động thường" not in html and "Phản bác chưa duyệt" not in html
    assert "<h1>Phản bác luận điệu sai trái</h1>" in html


def _measure(client, path: str) -> int:
    client.get(path)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_rebuttal_list_and_page_query_counts_do_not_grow(citizen, rebuttal, category, settings):
    settings.PAGE_CACHE_SECONDS = 0  # measure the views, not the whole-page cache
    bulk_articles(category, 5)
    Article.objects.update(kind=Kind.REBUTTAL)
    few = _measure(citizen, reverse("news:rebuttals"))
    page_few = _measure(citizen, rebuttal.get_absolute_url())
    for i in range(10):
        RebuttalSource.objects.create(article=rebuttal, title=f"Nguồn {i}", url=f"https://chinhphu.vn/{i}")
    Article.objects.bulk_create(
        [
            Article(
                title=f"Phản bác số {i}",
                slug=f"phan-bac-so-{i}",
                category=category,
                kind=Kind.REBUTTAL,
                status="published",
                publish_at=rebuttal.publish_at,
            )
            for i in range(30)
        ]
    )
    assert 0 < few <= 15, few
    assert _measure(citizen, reverse("news:rebuttals")) == few
    assert _measure(citizen, rebuttal.get_absolute_url()) == page_few


def test_an_editor_writes_a_rebuttal_with_sources_and_still_only_submits_it(editor, editor_user, category):
    url = reverse("admin:news_article_add")
    data = admin_form_data(
        editor,
        url,
        title="Phản bác luận điệu về giá điện",
        category=category.pk,
        body="<p>Phân tích.</p>",
        kind=Kind.REBUTTAL,
        claim="Giá điện tăng gấp đôi từ tháng sau.",
        verdict=Verdict.FALSE,
        rebuttal_summary="Giá điện chỉ điều chỉnh 4,8% theo quyết định của Bộ Công Thương.",
        status="published",  # an editor may not publish: refused
        **{
            "rebuttal_sources-TOTAL_FORMS": "1",
            "rebuttal_sources-0-title": "Quyết định của Bộ Công Thương",
            "rebuttal_sources-0-url": "https://moit.gov.vn/",
            "rebuttal_sources-0-order": "0",
        },
    )
    response = editor.post(url, data)
    assert response.status_code == 200
    assert not Article.objects.filter(title="Phản bác luận điệu về giá điện").exists()
    data["status"] = "review"
    response = editor.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get(title="Phản bác luận điệu về giá điện")
    assert article.is_rebuttal and article.status == "review"
    assert list(article.rebuttal_sources.values_list("url", flat=True)) == ["https://moit.gov.vn/"]
