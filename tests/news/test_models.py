import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from news.models import Article, ArticleRedirect, Category, Status, StatusChange

SEED_TITLE = "Hội nghị triển khai kế hoạch, quy chế làm việc Ban Chỉ đạo 35 huyện"


def test_slug_is_made_from_the_vietnamese_title(make_article):
    article = make_article(SEED_TITLE)
    assert article.slug == "hoi-nghi-trien-khai-ke-hoach-quy-che-lam-viec-ban-chi-dao-35-huyen"


def test_slug_folds_d_with_stroke(make_article):
    assert make_article("Đảng ủy xã Đôn Châu").slug == "dang-uy-xa-don-chau"


def test_duplicate_title_gets_a_numbered_slug(make_article):
    first = make_article("Giao ban Tổ giúp việc")
    second = make_article("Giao ban Tổ giúp việc")
    third = make_article("Giao ban Tổ giúp việc")
    assert (first.slug, second.slug, third.slug) == (
        "giao-ban-to-giup-viec",
        "giao-ban-to-giup-viec-2",
        "giao-ban-to-giup-viec-3",
    )


def test_slug_is_unique_in_the_database(make_article):
    article = make_article("Tin một")
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=make_article("Tin hai").pk).update(slug=article.slug)


def test_renaming_a_published_article_leaves_a_redirect(make_article):
    article = make_article("Tên cũ của bài")
    article.slug = "ten-moi-cua-bai"
    article.save()
    redirect = ArticleRedirect.objects.get(old_slug="ten-cu-cua-bai")
    assert redirect.article == article


def test_renaming_a_draft_leaves_no_redirect(make_article):
    article = make_article("Bản nháp đầu tiên", status=Status.DRAFT, publish_at=None)
    article.slug = "ban-nhap-da-doi"
    article.save()
    assert not ArticleRedirect.objects.exists()


def test_a_new_article_does_not_take_an_old_redirected_slug(make_article):
    article = make_article("Tên cũ")
    article.slug = "ten-moi"
    article.save()
    newcomer = make_article("Tên cũ")
    assert newcomer.slug == "ten-cu-2"
    assert ArticleRedirect.objects.get(old_slug="ten-cu").article == article


def test_renaming_back_removes_the_redirect_loop(make_article):
    article = make_article("Bài A")
    article.slug = "bai-b"
    article.save()
    article.slug = "bai-a"
    article.save()
    assert list(ArticleRedirect.objects.values_list("old_slug", flat=True)) == ["bai-b"]


@pytest.mark.parametrize(
    "payload",
    [
        '<p>Xin chào</p><script>alert("x")</script>',
        '<p onclick="alert(1)" onmouseover="steal()">Xin chào</p>',
        '<p><a href="javascript:alert(1)">Xin chào</a></p>',
        '<p>Xin chào</p><svg onload="alert(1)"><circle r="5"/></svg>',
        '<p>Xin chào</p><iframe src="https://evil.example/"></iframe>',
        '<p>Xin chào</p><form action="https://evil.example/"><input name="pw"><button>Gửi</button></form>',
        '<p style="position:fixed;top:0">Xin chào</p><style>body{display:none}</style>',
        '<p><img src="data:image/svg+xml;base64,PHN2Zz4=" onerror="alert(1)">Xin chào</p>',
    ],
)
def test_body_is_stored_clean(make_article, payload):
    article = make_article(body=payload)
    stored = Article.objects.get(pk=article.pk).body
    assert "Xin chào" in stored
    for bad in (
        "<script",
        "onclick",
        "onmouseover",
        "onload",
        "onerror",
        "javascript:",
        "<svg",
        "<iframe",
        "<form",
        "<input",
        "style",
        "data:",
        "alert",
    ):
        assert bad not in stored.lower(), (bad, stored)


def test_body_is_sanitised_on_every_save_not_only_the_first(make_article):
    article = make_article()
    article.body = "<p>Lần hai</p><script>x()</script>"
    article.save()
    assert Article.objects.get(pk=article.pk).body == "<p>Lần hai</p>"


def test_external_links_get_noopener(make_article):
    article = make_article(body='<p><a href="https://example.vn/">Nguồn</a></p>')
    assert 'rel="noopener noreferrer"' in article.body


def test_search_text_is_folded(make_article):
    article = make_article("Đấu tranh phản bác quan điểm sai trái", summary="Ở huyện Duyên Hải")
    assert "dau tranh phan bac" in article.search_text
    assert "duyen hai" in article.search_text


def test_alt_text_is_required_for_a_lead_photo_unless_decorative(make_article):
    article = make_article(photo=True)
    article.photo_alt = ""
    with pytest.raises(ValidationError) as info:
        article.full_clean()
    assert "photo_alt" in info.value.message_dict
    article.photo_decorative = True
    article.full_clean()


def test_alt_text_that_looks_like_a_file_name_is_refused(make_article):
    article = make_article(photo=True)
    article.photo_alt = "IMG_2034.JPG"
    with pytest.raises(ValidationError) as info:
        article.full_clean()
    assert "photo_alt" in info.value.message_dict


def test_expiry_before_publication_is_refused(make_article):
    now = timezone.now()
    article = make_article(publish_at=now)
    article.expire_at = now - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as info:
        article.full_clean()
    assert "expire_at" in info.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(expire_at=now - datetime.timedelta(days=2))


def test_pinning_more_than_the_limit_unpins_the_oldest_pin(make_article, settings):
    settings.NEWS_MAX_PINNED = 2
    first = make_article(is_pinned=True)
    second = make_article(is_pinned=True)
    third = make_article(is_pinned=True)
    pinned = set(Article.objects.filter(is_pinned=True).values_list("pk", flat=True))
    assert pinned == {second.pk, third.pk}
    first.refresh_from_db()
    assert first.pinned_at is None


def test_resaving_a_pinned_article_keeps_its_pin_time(make_article):
    article = make_article(is_pinned=True)
    pinned_at = article.pinned_at
    article.title = "Tiêu đề mới"
    article.save()
    article.refresh_from_db()
    assert article.pinned_at == pinned_at


def test_publishing_sets_publish_time_and_records_history(make_article, approver_user):
    article = make_article(status=Status.REVIEW, publish_at=None)
    article.transition(Status.PUBLISHED, approver_user, note="Đạt yêu cầu")
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert article.publish_at is not None and article.first_published_at == article.publish_at
    change = article.status_changes.first()
    assert (change.from_status, change.to_status, change.changed_by, change.note) == (
        Status.REVIEW,
        Status.PUBLISHED,
        approver_user,
        "Đạt yêu cầu",
    )
    assert abs((timezone.now() - change.changed_at).total_seconds()) < 60


def test_creating_an_article_records_its_first_status(make_article):
    article = make_article(status=Status.DRAFT, publish_at=None)
    assert list(article.status_changes.values_list("from_status", "to_status")) == [("", Status.DRAFT)]


def test_saving_without_status_change_records_nothing(make_article):
    article = make_article()
    article.title = "Sửa tiêu đề"
    article.save()
    assert StatusChange.objects.filter(article=article).count() == 1


def test_deferred_load_then_save_detects_no_false_change(make_article):
    article = make_article()
    partial = Article.objects.only("title").get(pk=article.pk)
    partial.title = "Sửa một phần"
    partial.save()
    assert StatusChange.objects.filter(article=article).count() == 1


def test_published_queryset_hides_drafts_scheduled_and_expired(make_article):
    now = timezone.now()
    live = make_article()
    make_article(status=Status.DRAFT, publish_at=None)
    make_article(status=Status.REVIEW)
    make_article(status=Status.UNPUBLISHED)
    make_article(status=Status.ARCHIVED)
    make_article(publish_at=now + datetime.timedelta(hours=2))
    make_article(publish_at=now - datetime.timedelta(days=3), expire_at=now - datetime.timedelta(days=1))
    assert list(Article.objects.published()) == [live]


def test_category_slug_cannot_be_a_reserved_path(db):
    category = Category(name="RSS", slug="rss")
    with pytest.raises(ValidationError):
        category.full_clean()
    auto = Category.objects.create(name="Bài")
    assert auto.slug == "chuyen-muc-bai"
