"""News per site: each committee's articles, categories, feeds and uploads are its own.

An article published on one site never shows on another (list, article page, category, feed,
home page, site map); slugs are unique within a site only; a site's staff cannot reach another
site's article in the admin or its preview; uploads land under the site's own prefix.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from network.api import working_on
from news.models import Article, Category, GalleryPhoto, Status, Tag

from .conftest import admin_form_data, jpeg_bytes

OTHER_HOST = "longhuu.test"


def _article(category, title, **fields) -> Article:
    values = {
        "title": title,
        "summary": "Tóm tắt bài viết.",
        "body": "<p>Nội dung bài viết.</p>",
        "category": category,
        "status": Status.PUBLISHED,
        "publish_at": timezone.now() - datetime.timedelta(hours=1),
    }
    values.update(fields)
    article = Article(**values)
    article.save()
    return article


@pytest.fixture
def other_category(other_site):
    with working_on(other_site):
        return Category.objects.create(name="Tin xã Long Hữu", slug="tin-xa-long-huu", order=1)


@pytest.fixture
def other_article(other_site, other_category):
    with working_on(other_site):
        return _article(other_category, "Xã Long Hữu ra quân vệ sinh môi trường", slug="ra-quan-long-huu")


@pytest.fixture
def own_article(category):
    return _article(category, "Huyện tổng kết công tác năm", slug="tong-ket-cong-tac")


# --- (1) what readers see ------------------------------------------------------------------
def test_another_sites_article_never_shows_on_site_one(citizen, own_article, other_article, other_category):
    for path in ["/", "/tin-tuc/", "/tin-tuc/rss/", "/sitemap.xml", f"/tin-tuc/{own_article.category.slug}/"]:
        response = citizen.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert own_article.title in html or path == "/sitemap.xml", path
        assert other_article.title not in html and other_article.slug not in html, path
    # Its article page, category page and category feed do not exist on site 1.
    assert citizen.get(other_article.get_absolute_url()).status_code == 404
    assert citizen.get(f"/tin-tuc/{other_category.slug}/").status_code == 404
    assert citizen.get(f"/tin-tuc/{other_category.slug}/rss/").status_code == 404
    assert citizen.get(f"{other_article.get_absolute_url()}luu/").status_code == 404


def test_the_other_site_shows_its_own_article_and_not_site_ones(
    citizen, own_article, other_article, other_category
):
    host = {"HTTP_HOST": OTHER_HOST}
    for path in ["/", "/tin-tuc/", f"/tin-tuc/{other_category.slug}/", "/tin-tuc/rss/"]:
        response = citizen.get(path, **host)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert other_article.title in html, path
        assert own_article.title not in html, path
    page = citizen.get(other_article.get_absolute_url(), **host)
    assert page.status_code == 200 and other_article.title in page.content.decode()
    feed = citizen.get("/tin-tuc/rss/", **host).content.decode()
    assert f"http://{OTHER_HOST}{other_article.get_absolute_url()}" in feed
    assert citizen.get(own_article.get_absolute_url(), **host).status_code == 404
    assert citizen.get(f"/tin-tuc/{own_article.category.slug}/", **host).status_code == 404
    sitemap = citizen.get("/sitemap.xml", **host).content.decode()
    assert other_article.slug in sitemap and own_article.slug not in sitemap


def test_cached_pages_and_counts_stay_with_their_site(citizen, own_article, other_article, settings):
    """The page cache and the list totals are kept per site: a page one site cached is never
    the answer on the other, even at the same path."""
    settings.PAGE_CACHE_SECONDS = 30
    first = citizen.get("/tin-tuc/").content.decode()
    second = citizen.get("/tin-tuc/", HTTP_HOST=OTHER_HOST).content.decode()
    assert own_article.title in first and other_article.title not in first
    assert other_article.title in second and own_article.title not in second
    again = citizen.get("/tin-tuc/", HTTP_HOST=OTHER_HOST)
    assert other_article.title in again.content.decode() and own_article.title not in again.content.decode()


# --- (2) slugs and names per site ------------------------------------------------------------
def test_same_slug_on_two_sites(category, other_site, other_category):
    mine = _article(category, "Hội nghị sơ kết", slug="hoi-nghi-so-ket")
    with working_on(other_site):
        theirs = _article(other_category, "Hội nghị sơ kết", slug="hoi-nghi-so-ket")
        assert theirs.slug == "hoi-nghi-so-ket"  # not suffixed: the slug is free on this site
        same_name = Category(name=category.name, slug=category.slug)
        same_name.full_clean()
        same_name.save()
        tag = Tag.objects.create(name="Chuyển đổi số")
    assert mine.slug == "hoi-nghi-so-ket"
    assert {mine.site_id, theirs.site_id} == {1, other_site.pk}
    assert Tag.objects.create(name="Chuyển đổi số").slug == tag.slug


def test_same_slug_twice_on_one_site_is_refused_in_vietnamese(category, make_article):
    article = make_article(slug="hoi-nghi-so-ket")
    twin = Article(title="Hội nghị khác", slug=article.slug, category=category)
    with pytest.raises(ValidationError) as refused:
        twin.full_clean()
    assert "Đã có tin bài với đường dẫn này." in refused.value.messages

    for duplicate, message in (
        (Category(name="Tên khác", slug=category.slug), "Đã có chuyên mục với đường dẫn này."),
        (Category(name=category.name, slug="duong-dan-khac"), "Đã có chuyên mục với tên này."),
    ):
        with pytest.raises(ValidationError) as refused:
            duplicate.full_clean()
        assert message in refused.value.messages
    Tag.objects.create(name="An sinh xã hội", slug="an-sinh")
    with pytest.raises(ValidationError) as refused:
        Tag(name="Khác", slug="an-sinh").full_clean()
    assert "Đã có thẻ với đường dẫn này." in refused.value.messages


def test_the_admin_form_refuses_a_taken_slug_with_its_message(admin_client_, category):
    """The site is no field of the form, yet the form checks the rule of its site (no 500)."""
    url = reverse("admin:news_category_add")
    response = admin_client_.post(
        url, {"name": "Chuyên mục trùng", "slug": category.slug, "order": 3, "description": ""}
    )
    assert response.status_code == 200
    assert "Đã có chuyên mục với đường dẫn này." in response.content.decode()
    assert Category.objects.filter(slug=category.slug).count() == 1


# --- (3) staff of one site, another site's article ------------------------------------------------
@pytest.fixture
def other_draft(other_site, other_category, editor_user):
    """A draft on the other site, written by the user who is an editor of site 1 only."""
    with working_on(other_site):
        return _article(
            other_category,
            "Bản nháp của xã Long Hữu",
            slug="ban-nhap-long-huu",
            status=Status.DRAFT,
            publish_at=None,
            created_by=editor_user,
            author=editor_user,
        )


def test_editor_of_site_one_cannot_reach_another_sites_article(editor, other_draft, other_site):
    change = reverse("admin:news_article_change", args=[other_draft.pk])
    delete = reverse("admin:news_article_delete", args=[other_draft.pk])
    assert editor.get(change).status_code in (403, 404)
    forged = editor.post(
        change,
        {"title": "Chiếm bài", "slug": "chiem-bai", "status": Status.REVIEW, "summary": "", "body": ""},
    )
    assert forged.status_code in (403, 404)
    assert editor.post(delete, {"post": "yes"}).status_code in (403, 404)
    assert editor.get(other_draft.get_absolute_url()).status_code == 404  # the preview
    assert editor.get(f"{other_draft.get_absolute_url()}luu/").status_code == 404
    # On the other site's own address the editor has no role there: no preview either.
    assert editor.get(other_draft.get_absolute_url(), HTTP_HOST=OTHER_HOST).status_code == 404
    with working_on(other_site):
        unchanged = Article.objects.get(pk=other_draft.pk)
    assert (unchanged.title, unchanged.slug, unchanged.status) == (
        "Bản nháp của xã Long Hữu",
        "ban-nhap-long-huu",
        Status.DRAFT,
    )


def test_approver_of_site_one_cannot_change_another_sites_article(approver, other_article, other_site):
    change = reverse("admin:news_article_change", args=[other_article.pk])
    assert approver.get(change).status_code in (403, 404)
    changelist = approver.get(reverse("admin:news_article_changelist")).content.decode()
    assert other_article.title not in changelist
    approver.post(
        reverse("admin:news_article_changelist"),
        {"action": "unpublish_selected", "_selected_action": [other_article.pk]},
    )
    delete = reverse("admin:news_article_delete", args=[other_article.pk])
    assert approver.post(delete, {"post": "yes"}).status_code in (403, 404)
    with working_on(other_site):
        assert Article.objects.get(pk=other_article.pk).status == Status.PUBLISHED


def test_article_form_offers_only_this_sites_categories(approver, category, other_category):
    response = approver.get(reverse("admin:news_article_add"))
    choices = [str(value) for value, _ in response.context["adminform"].form.fields["category"].choices]
    assert str(category.pk) in choices and str(other_category.pk) not in choices
    data = admin_form_data(approver, reverse("admin:news_article_add"))
    data.update({"title": "Bài gán nhầm chuyên mục", "category": other_category.pk, "status": Status.DRAFT})
    approver.post(reverse("admin:news_article_add"), data)
    assert not Article.objects.filter(title="Bài gán nhầm chuyên mục").exists()


def test_editor_upload_on_a_site_without_a_role_is_refused(editor, other_site):
    upload = SimpleUploadedFile("anh.jpg", jpeg_bytes(), content_type="image/jpeg")
    response = editor.post(reverse("news:editor-image-upload"), {"upload": upload}, HTTP_HOST=OTHER_HOST)
    assert response.status_code == 403


# --- (4) uploads under the site's prefix --------------------------------------------------------
def test_article_and_gallery_photos_are_stored_under_their_site(category, other_site, other_category):
    mine = _article(category, "Ảnh của huyện", photo_alt="Quang cảnh hội nghị")
    mine.photo.save("anh.jpg", ContentFile(jpeg_bytes()), save=True)
    assert mine.photo.name.startswith("sites/1/news/")
    with working_on(other_site):
        theirs = _article(other_category, "Ảnh của xã", photo_alt="Quang cảnh ra quân")
        theirs.photo.save("anh.jpg", ContentFile(jpeg_bytes()), save=True)
        photo = GalleryPhoto(article=theirs, alt="Người dân dọn vệ sinh")
        photo.image.save("bo-anh.jpg", ContentFile(jpeg_bytes()), save=True)
    assert theirs.photo.name.startswith(f"sites/{other_site.pk}/news/")
    assert photo.site_id == other_site.pk
    assert photo.image.name.startswith(f"sites/{other_site.pk}/news/gallery/")


def test_editor_upload_lands_under_the_site_it_was_made_on(editor_user, other_site):
    from django.core.files.storage import default_storage

    from tests.conftest import give_role, login_staff

    give_role(editor_user, "Biên tập viên", site_id=other_site.pk)
    from django.test import Client

    client = login_staff(Client(), editor_user)
    upload = SimpleUploadedFile("anh.jpg", jpeg_bytes(), content_type="image/jpeg")
    response = client.post(reverse("news:editor-image-upload"), {"upload": upload}, HTTP_HOST=OTHER_HOST)
    assert response.status_code == 200, response.content
    _, files = default_storage.listdir(f"sites/{other_site.pk}/news/editor/{timezone.localdate():%Y/%m}")
    assert len(files) == 1
