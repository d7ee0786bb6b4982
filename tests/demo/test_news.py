"""The demo: categories, the seed article exactly as published, ~40 more; loading twice changes nothing."""

import datetime
import io

import pytest
from django.utils import timezone

from demo import news as demo
from news.models import Article, Category, Status


@pytest.fixture(scope="module")
def out():
    return io.StringIO()


def test_demo_loads_the_seed_and_is_idempotent(db, out, citizen):
    demo.load(out)
    counts = (Category.objects.count(), Article.objects.count())
    photos = dict(Article.objects.values_list("pk", "photo"))
    demo.load(out)
    assert (Category.objects.count(), Article.objects.count()) == counts
    assert dict(Article.objects.values_list("pk", "photo")) == photos

    names = set(Category.objects.values_list("name", flat=True))
    assert {"Tin hoạt động", "Chỉ đạo điều hành", "Thông tin tuyên truyền"} <= names

    seed = Article.objects.get(slug="hoi-nghi-trien-khai-ke-hoach-quy-che-lam-viec-ban-chi-dao-35-huyen")
    assert seed.title == "Hội nghị triển khai kế hoạch, quy chế làm việc Ban Chỉ đạo 35 huyện"
    assert seed.photo_caption == (
        "Đồng chí Phan Văn Nhặn, Phó Bí thư Thường trực Huyện ủy, "
        "Trưởng Ban Chỉ đạo 35 huyện phát biểu chỉ đạo"
    )
    assert seed.credit == "Tin, ảnh: Minh Đông"
    assert seed.summary.startswith(
        "Ngày 12/03/2021, Ban Chỉ đạo 35 huyện Duyên Hải tổ chức hội nghị triển khai"
    )
    for text in (seed.summary, seed.body):
        assert "Ban chỉ đạo" not in text and "của đảng," not in text
    assert seed.body.count("<p>") == 3 and seed.body.endswith("quan điểm sai trái, thù địch./.</p>")
    assert timezone.localtime(seed.publish_at).date() == datetime.date(2021, 3, 12)
    assert seed.status == Status.PUBLISHED and seed.photo and seed.photo_alt
    assert seed.gallery.count() == 3

    published = Article.objects.published()
    assert 38 <= published.count() <= 45
    assert not published.filter(photo="").exists()
    assert published.values("category").distinct().count() >= 4
    assert Article.objects.filter(status=Status.REVIEW).exists()
    scheduled = Article.objects.filter(status=Status.PUBLISHED, publish_at__gt=timezone.now())
    assert scheduled.exists() and not published.filter(pk__in=scheduled).exists()

    # The newest story leads the home page, pinned for a week; the 2021 seed is too old to lead.
    home = citizen.get("/").content.decode()
    lead = home.split('class="lead-story"')[1].split("</article>")[0]
    newest = published.order_by("-publish_at").first()
    assert newest.title in lead and seed.title not in lead
    assert newest.is_pinned and newest.pinned_until > timezone.now()
    # The seed's page shows photo, caption and credit.
    page = citizen.get(seed.get_absolute_url()).content.decode()
    assert "<picture>" in page and seed.photo_caption in page
    assert '<p class="credit">Tin, ảnh: Minh Đông</p>' in page


def test_generated_articles_have_captions_and_alt_text_of_their_own(db, out):
    demo.load(out)
    for article in Article.objects.exclude(slug=demo.SEED_SLUG).exclude(photo=""):
        assert article.photo_caption and article.photo_caption not in article.summary
        assert article.photo_alt and article.title not in article.photo_alt
        assert not article.photo_alt.startswith("Ảnh minh họa")
        assert article.photo_alt != article.photo_caption
