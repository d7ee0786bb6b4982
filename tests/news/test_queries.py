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


def _link_document(article, title: str, *, is_published: bool) -> None:
    """A plan linked to the article (its "Văn bản liên quan")."""
    from documents.models import Document, DocumentType, IssuingBody

    Document.objects.create(
        doc_type=DocumentType.objects.get_or_create(name="Kế hoạch", abbreviation="KH", slug="ke-hoach")[0],
        issuing_body=IssuingBody.objects.get_or_create(name="Ban Chỉ đạo 35", abbreviation="BCĐ", slug="bcd")[
            0
        ],
        number=Document.objects.count() + 1,
        title=title,
        summary=f"{title}.",
        issue_date=datetime.date(2026, 1, 5),
        is_published=is_published,
    ).related_articles.add(article)


def test_article_page_fetches_only_the_linked_rows_the_article_has(citizen, make_article, site_identity):
    """Tags, gallery, people and linked documents: a query for each kind the article has, none
    for the kinds it has not, and what each brings is on the page."""
    from django.core.files.base import ContentFile

    from committee.models import Appointment, Person, Role, Unit
    from news.models import GalleryPhoto, Tag

    from .conftest import jpeg_bytes

    article = make_article("Bài có đủ thứ")
    bare = _measure(citizen, article.get_absolute_url())

    article.tags.add(Tag.objects.create(name="Không gian mạng"))
    assert _measure(citizen, article.get_absolute_url()) == bare + 1

    GalleryPhoto(
        article=article, image=ContentFile(jpeg_bytes(), name="g.jpg"), alt="Hội trường", order=1
    ).save()
    assert _measure(citizen, article.get_absolute_url()) == bare + 2

    person = Person.objects.create(full_name="Phan Văn Nhặn")
    Appointment.objects.create(
        person=person,
        unit=Unit.objects.create(name="Ban Chỉ đạo", slug="ban-chi-dao", kind=Unit.Kind.STEERING),
        role=Role.objects.get_or_create(name="Thành viên", defaults={"rank": 100})[0],
        start_date=datetime.date(2020, 8, 10),
    )
    article.people.add(person)
    assert _measure(citizen, article.get_absolute_url()) == bare + 3

    _link_document(article, "Kế hoạch tuyên truyền", is_published=True)
    assert _measure(citizen, article.get_absolute_url()) == bare + 4
    html = citizen.get(article.get_absolute_url()).content.decode()
    assert "Không gian mạng" in html and 'alt="Hội trường"' in html
    assert "Đồng chí Phan Văn Nhặn" in html and "Văn bản liên quan" in html


def test_article_page_hides_linked_rows_a_reader_may_not_see(citizen, make_article, site_identity):
    """A linked person with no public page and an unpublished document are counted as linked but
    never shown: the page keeps no empty heading for them."""
    from committee.models import Person

    article = make_article("Bài có liên kết ẩn")
    article.people.add(Person.objects.create(full_name="Người Chưa Nhận Nhiệm Vụ"))
    _link_document(article, "Bản nháp kế hoạch", is_published=False)
    html = citizen.get(article.get_absolute_url()).content.decode()
    assert "Người Chưa Nhận Nhiệm Vụ" not in html and "Thành viên Ban Chỉ đạo trong bài" not in html
    assert "Bản nháp kế hoạch" not in html and "Văn bản liên quan" not in html
