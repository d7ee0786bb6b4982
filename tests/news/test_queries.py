"""Public news pages run a constant number of SQL queries, with 5 articles or with 200."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from news.models import Article, Status

# A ceiling, so that a page doing one query per article fails even before the 200 run.
CEILING = 15


def _measure(client, path: str) -> int:
    client.get(path)  # warm the identity, menu and "most read" caches
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.fixture
def newsroom(category, other_category, make_article, site_identity, monkeypatch):
    """A pinned lead with a photo, a "most read" list, and grow(n) to reach n articles in two categories."""
    lead = make_article("Tin ghim có ảnh", photo=True, is_pinned=True)
    monkeypatch.setattr("news.views.most_read_ids", lambda model, days, limit: [lead.pk])
    start = timezone.now() - datetime.timedelta(days=1)

    def grow(total: int) -> None:
        have = Article.objects.count()
        Article.objects.bulk_create(
            [
                Article(
                    title=f"Tin số {i}",
                    slug=f"tin-so-{i}",
                    summary="Tóm tắt.",
                    body="<p>Nội dung.</p>",
                    category=category if i % 2 else other_category,
                    status=Status.PUBLISHED,
                    publish_at=start - datetime.timedelta(hours=i),
                )
                for i in range(have, total)
            ]
        )

    return lead, grow


@pytest.mark.parametrize("path", ["/", "/tin-tuc/", "/tin-tuc/tin-hoat-dong/", "ARTICLE"])
def test_page_query_count_does_not_grow_with_articles(citizen, newsroom, django_assert_num_queries, path):
    lead, grow = newsroom
    path = lead.get_absolute_url() if path == "ARTICLE" else path
    grow(5)
    with_five = _measure(citizen, path)
    assert with_five <= CEILING, with_five
    grow(200)
    assert Article.objects.published().count() == 200
    citizen.get(path)
    with django_assert_num_queries(with_five):
        citizen.get(path)


@pytest.mark.parametrize("path", ["/", "/tin-tuc/", "/tin-tuc/tin-hoat-dong/", "ARTICLE"])
def test_no_image_is_opened_or_resized_during_a_page_view(citizen, newsroom, monkeypatch, path):
    from PIL import Image

    lead, grow = newsroom
    grow(5)

    def forbidden(*args, **kwargs):
        raise AssertionError("a page view must not open or resize an image")

    monkeypatch.setattr(Image, "open", forbidden)
    monkeypatch.setattr(Image.Image, "resize", forbidden)
    monkeypatch.setattr(Image.Image, "thumbnail", forbidden)
    response = citizen.get(lead.get_absolute_url() if path == "ARTICLE" else path)
    assert response.status_code == 200
    assert "<picture>" in response.content.decode()
