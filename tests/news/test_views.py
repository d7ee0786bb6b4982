"""Public news pages, staff preview, redirects, sharing, saving, feeds, sitemap and SEO tags."""

import datetime
import json
import re
import xml.etree.ElementTree as ET

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from committee.models import Appointment, Person, Role, Unit
from imaging.pipeline import rendition_name
from news.models import Article, Status
from news.templatetags.news_tags import vi_date, vi_datetime
from news.views import HOME_LATEST

TZ = timezone.get_fixed_timezone(7 * 60)
SEED_CAPTION = (
    "Đồng chí Phan Văn Nhặn, Phó Bí thư Thường trực Huyện ủy, Trưởng Ban Chỉ đạo 35 huyện phát biểu chỉ đạo"
)


def _h1_count(response) -> int:
    return len(re.findall(r"<h1[\s>]", response.content.decode()))


@pytest.fixture
def seed_like(make_article, site_identity):
    return make_article(
        "Hội nghị triển khai kế hoạch, quy chế làm việc Ban Chỉ đạo 35 huyện",
        photo=True,
        photo_caption=SEED_CAPTION,
        credit="Tin, ảnh: Minh Đông",
        source="Ban Tuyên giáo Huyện ủy",
        publish_at=datetime.datetime(2021, 3, 12, 8, 30, tzinfo=TZ),
    )


# --- every public page ------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/", "/tin-tuc/", "/tin-tuc/tin-hoat-dong/", "ARTICLE"])
def test_public_page_answers_200_with_one_h1(citizen, seed_like, path):
    path = seed_like.get_absolute_url() if path == "ARTICLE" else path
    response = citizen.get(path)
    assert response.status_code == 200
    assert _h1_count(response) == 1


@pytest.mark.parametrize("path", ["/", "/tin-tuc/", "/tin-tuc/tin-hoat-dong/"])
def test_empty_pages_answer_200_with_one_h1(citizen, category, site_identity, path):
    response = citizen.get(path)
    assert response.status_code == 200 and _h1_count(response) == 1
    assert "Chưa có tin bài" in response.content.decode()


def test_unknown_category_and_page_are_404(citizen, make_article):
    make_article()
    assert citizen.get("/tin-tuc/khong-co/").status_code == 404
    assert citizen.get("/tin-tuc/?trang=9").status_code == 404
    assert citizen.get("/tin-tuc/?trang=abc").status_code == 404
    assert citizen.get("/tin-tuc/bai/khong-co-bai-nay/").status_code == 404


# --- the article page -----------------------------------------------------------------------
def test_seed_article_page_shows_photo_caption_and_credit(citizen, seed_like):
    html = citizen.get(seed_like.get_absolute_url()).content.decode()
    assert "<picture>" in html and 'alt="Quang cảnh hội nghị"' in html
    assert f"<figcaption>{SEED_CAPTION}</figcaption>" in html
    assert '<p class="credit">Tin, ảnh: Minh Đông</p>' in html
    assert "Nguồn: Ban Tuyên giáo Huyện ủy" in html
    assert "Thứ Sáu, 12/03/2021 08:30" in html
    assert 'fetchpriority="high"' in html  # the lead photo is not lazy


def test_vietnamese_date_filters():
    sunday = datetime.datetime(2021, 3, 14, 1, 5, tzinfo=datetime.UTC)  # 08:05 in Vietnam
    assert vi_datetime(sunday) == "Chủ nhật, 14/03/2021 08:05"
    assert vi_datetime(datetime.datetime(2021, 3, 12, 8, 30, tzinfo=TZ)) == "Thứ Sáu, 12/03/2021 08:30"
    assert vi_date(datetime.date(2021, 3, 15)) == "15/03/2021"
    assert vi_datetime(None) == ""


def test_article_page_has_share_print_and_save(citizen, seed_like):
    html = citizen.get(seed_like.get_absolute_url()).content.decode()
    canonical = f"http://testserver{seed_like.get_absolute_url()}"
    encoded = canonical.replace(":", "%3A").replace("/", "%2F")
    assert f'href="https://www.facebook.com/sharer/sharer.php?u={encoded}"' in html
    assert f'data-copy-link="{canonical}">Sao chép liên kết</button>' in html
    assert "data-print" in html
    assert f'href="{seed_like.get_absolute_url()}luu/" download' in html
    assert 'media="print"' in html


def test_article_page_shares_without_any_dead_or_third_party_link(citizen, seed_like):
    html = citizen.get(seed_like.get_absolute_url()).content.decode()
    canonical = f"http://testserver{seed_like.get_absolute_url()}"
    assert "zalo.me" not in html  # its share plugin is closed
    # The device's share sheet: the button stays hidden until share.js finds navigator.share.
    share = re.search(r"<button [^>]*data-share[ >][^>]*>", html)[0]
    assert " hidden" in share and f'data-share-url="{canonical}"' in share
    # Without the Clipboard API the address is selected in a read-only box, and the outcome is
    # announced in a live region.
    assert re.search(rf'<input id="lien-ket-bai-viet"[^>]* value="{re.escape(canonical)}" readonly>', html)
    assert '<label for="lien-ket-bai-viet">Liên kết bài viết</label>' in html
    assert 'role="status" aria-live="polite" data-share-status' in html
    # Only the site's own scripts, loaded from files (the CSP allows no inline script).
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert '<script src="/static/news/share.js" defer>' in scripts
    assert all('src="/static/' in tag or "application/ld+json" in tag for tag in scripts)


def test_article_page_seo_tags(citizen, seed_like):
    html = citizen.get(seed_like.get_absolute_url()).content.decode()
    canonical = f"http://testserver{seed_like.get_absolute_url()}"
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert '<meta property="og:type" content="article">' in html
    og_image = rendition_name(seed_like.photo.name, 1200, "jpg")  # the 1200 px test photo's largest
    assert f'<meta property="og:image" content="http://testserver/media/{og_image}">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert 'type="application/rss+xml"' in html and "/tin-tuc/tin-hoat-dong/rss/" in html


def test_og_image_uses_the_1600_rendition_when_there_is_one(citizen, make_article, site_identity):
    from django.core.files.base import ContentFile

    from .conftest import jpeg_bytes

    article = make_article()
    article.photo = ContentFile(jpeg_bytes(size=(2400, 1600)), name="lon.jpg")
    article.photo_alt = "Hội trường"
    article.save()
    html = citizen.get(article.get_absolute_url()).content.decode()
    assert (
        rendition_name(article.photo.name, 1600, "jpg") in re.search(r'og:image" content="([^"]+)"', html)[1]
    )


def test_json_ld_is_news_article_and_cannot_break_out(citizen, make_article, site_identity):
    article = make_article('Tin "đặc biệt" </script><script>alert(1)</script>')
    html = citizen.get(article.get_absolute_url()).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    assert "<" not in block
    data = json.loads(block)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.title
    assert data["author"] == {"@type": "Person", "name": "Minh Đông"}
    assert data["datePublished"] == timezone.localtime(article.publish_at).isoformat(timespec="seconds")
    assert data["datePublished"].endswith("+07:00")
    assert "<script>alert(1)</script>" not in html


# 20:30 UTC on 12 March is 03:30 on 13 March in Vietnam: a UTC date here would be a day early.
EVENING_UTC = datetime.datetime(2021, 3, 12, 20, 30, tzinfo=datetime.UTC)


def test_every_machine_date_on_the_article_page_is_the_readers_local_day(citizen, make_article):
    with time_machine.travel(EVENING_UTC + datetime.timedelta(minutes=5), tick=False):
        article = make_article(publish_at=EVENING_UTC)
    html = citizen.get(article.get_absolute_url()).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    data = json.loads(block)
    assert data["datePublished"] == "2021-03-13T03:30:00+07:00"
    assert data["dateModified"] == "2021-03-13T03:35:00+07:00"
    assert '<meta property="article:published_time" content="2021-03-13T03:30:00+07:00">' in html
    assert '<meta property="article:modified_time" content="2021-03-13T03:35:00+07:00">' in html
    assert '<time datetime="2021-03-13T03:30:00+07:00">Thứ Bảy, 13/03/2021 03:30</time>' in html


def test_home_and_list_cards_give_the_local_time_to_machines(citizen, make_article):
    article = make_article(publish_at=EVENING_UTC)
    for path in ("/", "/tin-tuc/", article.category.get_absolute_url()):
        assert '<time datetime="2021-03-13T03:30:00+07:00">' in citizen.get(path).content.decode(), path


def test_title_caption_and_credit_are_escaped(citizen, make_article):
    article = make_article(
        "Tiêu đề <b>đậm</b>", photo=True, photo_caption="<i>chú thích</i>", credit="<script>x</script>Tin"
    )
    html = citizen.get(article.get_absolute_url()).content.decode()
    assert "Tiêu đề &lt;b&gt;đậm&lt;/b&gt;" in html
    assert "&lt;i&gt;chú thích&lt;/i&gt;" in html
    assert "<script>x</script>" not in html


def test_gallery_people_and_tags_are_shown(citizen, make_article, site_identity):
    from django.core.files.base import ContentFile

    from news.models import GalleryPhoto, Tag

    from .conftest import jpeg_bytes

    article = make_article()
    GalleryPhoto(
        article=article,
        image=ContentFile(jpeg_bytes(), name="g.jpg"),
        caption="Đại biểu thảo luận",
        alt="Các đại biểu ngồi quanh bàn",
        order=1,
    ).save()
    person = Person.objects.create(full_name="Phan Văn Nhặn", main_position="Phó Bí thư Thường trực Huyện ủy")
    hidden = Person.objects.create(full_name="Người Chưa Nhận Nhiệm Vụ")
    unit = Unit.objects.create(name="Ban Chỉ đạo", slug="ban-chi-dao", kind=Unit.Kind.STEERING)
    Appointment.objects.create(
        person=person,
        unit=unit,
        role=Role.objects.get_or_create(name="Thành viên", defaults={"rank": 100})[0],
        start_date=datetime.date(2020, 8, 10),
    )
    article.people.add(person, hidden)
    article.tags.add(Tag.objects.create(name="Hội nghị"))
    html = citizen.get(article.get_absolute_url()).content.decode()
    assert "Đại biểu thảo luận" in html and 'alt="Các đại biểu ngồi quanh bàn"' in html
    assert f'<a href="{person.get_absolute_url()}">Đồng chí Phan Văn Nhặn</a>' in html
    assert "Người Chưa Nhận Nhiệm Vụ" not in html  # no public page yet: not linked
    assert "Hội nghị" in html


def test_related_newer_and_older_links(citizen, make_article, other_category):
    now = timezone.now()
    older = make_article("Bài cũ hơn", publish_at=now - datetime.timedelta(days=3))
    middle = make_article("Bài ở giữa", publish_at=now - datetime.timedelta(days=2))
    newer = make_article("Bài mới hơn", publish_at=now - datetime.timedelta(days=1))
    elsewhere = make_article(
        "Bài chuyên mục khác", category=other_category, publish_at=now - datetime.timedelta(hours=36)
    )
    make_article("Bản nháp cùng chuyên mục", status=Status.DRAFT, publish_at=None)
    html = citizen.get(middle.get_absolute_url()).content.decode()
    related = html.split('id="tin-lien-quan"')[1]
    assert "Bài cũ hơn" in related and "Bài mới hơn" in related
    assert "Bài chuyên mục khác" not in related and "Bản nháp" not in related
    nav = re.search(r'<nav class="article-nav.*?</nav>', html, re.S)[0]
    assert f'href="{elsewhere.get_absolute_url()}"' in nav  # newer across categories
    assert f'href="{older.get_absolute_url()}"' in nav
    assert newer.get_absolute_url() not in nav


def test_public_view_is_counted_once(citizen, make_article, monkeypatch):
    calls = []
    monkeypatch.setattr("news.views.record_view", lambda request, obj: calls.append(obj.pk))
    article = make_article()
    citizen.get(article.get_absolute_url())
    assert calls == [article.pk]


# --- staff preview --------------------------------------------------------------------------
@pytest.fixture
def draft(make_article):
    return make_article("Bản nháp chưa đăng", status=Status.DRAFT, publish_at=None)


def test_draft_is_404_for_everyone_but_staff(citizen, secretary, draft, django_user_model, client):
    assert citizen.get(draft.get_absolute_url()).status_code == 404
    assert secretary.get(draft.get_absolute_url()).status_code == 404  # staff, but not a newsroom role
    member = django_user_model.objects.create_user("nguoidan", password="Mat-khau-rat-dai-2026!")
    client.force_login(member)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert citizen.get(f"{draft.get_absolute_url()}luu/").status_code == 404


@pytest.mark.parametrize("persona", ["editor", "approver", "admin_client_"])
def test_staff_preview_has_a_banner_and_is_never_cached(request, draft, persona, monkeypatch):
    calls = []
    monkeypatch.setattr("news.views.record_view", lambda request, obj: calls.append(obj.pk))
    client = request.getfixturevalue(persona)
    if persona == "editor":  # an editor previews her own drafts only
        Article.objects.filter(pk=draft.pk).update(created_by=request.getfixturevalue("editor_user"))
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert (
        "Bản nháp" in response.content.decode()
        and 'class="notice notice--draft"' in response.content.decode()
    )
    cache_control = response["Cache-Control"]
    assert "no-cache" in cache_control and "private" in cache_control and "no-store" in cache_control
    assert _h1_count(response) == 1
    assert calls == []  # previews are not counted


def test_an_editor_cannot_preview_another_editors_draft(editor, editor_user, draft, django_user_model):
    other = django_user_model.objects.create_user("bientap-khac", password="Mat-khau-rat-dai-2026!")
    Article.objects.filter(pk=draft.pk).update(created_by=other)
    assert editor.get(draft.get_absolute_url()).status_code == 404
    Article.objects.filter(pk=draft.pk).update(author=editor_user)
    assert editor.get(draft.get_absolute_url()).status_code == 200


def test_published_page_has_no_draft_banner(approver, make_article):
    article = make_article()
    response = approver.get(article.get_absolute_url())
    assert "notice--draft" not in response.content.decode()
    assert "no-store" not in response.get("Cache-Control", "")


# --- redirects --------------------------------------------------------------------------------
def test_old_address_of_a_renamed_article_redirects_permanently(citizen, make_article):
    article = make_article("Tên ban đầu")
    old_url = article.get_absolute_url()
    article.slug = "ten-sau-khi-sua"
    article.save()
    response = citizen.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == "/tin-tuc/bai/ten-sau-khi-sua/"


def test_old_address_of_an_unpublished_article_is_404(citizen, make_article, approver_user):
    article = make_article("Tên ban đầu")
    old_url = article.get_absolute_url()
    article.slug = "ten-moi"
    article.save()
    article.transition(Status.UNPUBLISHED, approver_user)
    assert citizen.get(old_url).status_code == 404


# --- scheduling -----------------------------------------------------------------------------
def test_scheduled_article_is_invisible_until_its_time(citizen, make_article, site_identity):
    publish_at = datetime.datetime(2030, 5, 1, 8, 0, tzinfo=TZ)
    with time_machine.travel(datetime.datetime(2030, 4, 30, 8, 0, tzinfo=TZ), tick=False):
        article = make_article("Bài hẹn giờ đăng", publish_at=publish_at)
        assert citizen.get(article.get_absolute_url()).status_code == 404
        for path in ("/", "/tin-tuc/", "/tin-tuc/tin-hoat-dong/", "/tin-tuc/rss/", "/sitemap.xml"):
            assert "Bài hẹn giờ đăng" not in citizen.get(path).content.decode(), path
            assert article.slug not in citizen.get(path).content.decode(), path
    with time_machine.travel(publish_at + datetime.timedelta(minutes=1), tick=False):
        assert citizen.get(article.get_absolute_url()).status_code == 200
        assert "Bài hẹn giờ đăng" in citizen.get("/tin-tuc/").content.decode()
        assert "Bài hẹn giờ đăng" in citizen.get("/tin-tuc/rss/").content.decode()


def test_expired_article_disappears(citizen, make_article):
    start = datetime.datetime(2030, 5, 1, 8, 0, tzinfo=TZ)
    with time_machine.travel(start, tick=False):
        article = make_article(publish_at=start, expire_at=start + datetime.timedelta(days=1))
        assert citizen.get(article.get_absolute_url()).status_code == 200
    with time_machine.travel(start + datetime.timedelta(days=1, seconds=1), tick=False):
        assert citizen.get(article.get_absolute_url()).status_code == 404


# --- home -------------------------------------------------------------------------------------
def test_home_leads_with_the_latest_pin_and_has_category_blocks(citizen, make_article, other_category):
    make_article("Tin thường mới nhất")
    make_article("Tin được ghim", is_pinned=True, publish_at=timezone.now() - datetime.timedelta(days=3))
    make_article("Tin chuyên mục khác", category=other_category)
    make_article("Bản nháp ghim", status=Status.DRAFT, publish_at=None, is_pinned=True)
    html = citizen.get("/").content.decode()
    lead = html.split('class="lead-story"')[1].split("</article>")[0]
    assert "Tin được ghim" in lead
    assert "Bản nháp ghim" not in html
    assert "Tin thường mới nhất" in html.split('id="tin-moi"')[1]


def test_a_scheduled_story_reaches_the_home_page_the_second_it_is_due(citizen, make_article, site_identity):
    # Which stories show where is kept between writes: the clock alone must still change it.
    due = datetime.datetime(2030, 5, 1, 8, 0, tzinfo=TZ)
    second = datetime.timedelta(seconds=1)
    with time_machine.travel(due - datetime.timedelta(hours=1), tick=False):
        make_article("Tin đã đăng hôm qua", publish_at=due - datetime.timedelta(days=1))
        make_article("Tin hẹn giờ lên trang chủ", publish_at=due)
        make_article(
            "Tin hết hạn sau đó", publish_at=due - datetime.timedelta(days=2), expire_at=due + 30 * second
        )
    with time_machine.travel(due - second, tick=False):
        before = citizen.get("/").content.decode()
    with time_machine.travel(due, tick=False):
        at_due = citizen.get("/").content.decode()
    with time_machine.travel(due + 30 * second, tick=False):
        expired = citizen.get("/").content.decode()
    assert "Tin hẹn giờ lên trang chủ" not in before and "Tin hết hạn sau đó" in before
    assert "Tin hẹn giờ lên trang chủ" in at_due.split('class="lead-story"')[1].split("</article>")[0]
    assert "Tin hết hạn sau đó" not in expired and "Tin đã đăng hôm qua" in expired


def test_the_home_page_reads_its_stories_in_one_query_until_the_next_write(
    citizen, make_article, category, other_category, site_identity
):
    for i in range(5):
        make_article(f"Tin thứ {i}", category=other_category if i % 2 else category)
    citizen.get("/")
    with CaptureQueriesContext(connection) as ctx:
        citizen.get("/")
    assert len([q for q in ctx.captured_queries if "news_article" in q["sql"]]) == 1
    make_article("Tin vừa được duyệt")
    assert "Tin vừa được duyệt" in citizen.get("/").content.decode()


def test_home_category_blocks_do_not_repeat_stories_shown_in_tin_moi(citizen, make_article, other_category):
    now = timezone.now()
    month_ago = now - datetime.timedelta(days=30)
    older = make_article("Tin cũ chuyên mục khác", category=other_category, publish_at=month_ago)
    newest = [
        make_article(f"Tin mới số {i}", publish_at=now - datetime.timedelta(hours=i + 1))
        for i in range(HOME_LATEST + 1)
    ]
    html = citizen.get("/").content.decode()
    before, after = html.split('id="tin-moi"')
    tin_moi, blocks = after.split("</section>", 1)
    assert older.title in blocks
    for article in newest:
        assert f">{article.title}<" in before + tin_moi, article.title
        assert f">{article.title}<" not in blocks, article.title


def test_home_most_read_block(citizen, make_article, monkeypatch):
    popular = make_article("Bài đọc nhiều nhất")
    monkeypatch.setattr("news.views.most_read_ids", lambda model, days, limit: [popular.pk])
    html = citizen.get("/").content.decode()
    block = html.split('id="w-doc-nhieu"')[1].split("</section>")[0]
    assert "Bài đọc nhiều nhất" in block


def test_home_most_read_empty_state(citizen, make_article, monkeypatch):
    make_article()
    monkeypatch.setattr("news.views.most_read_ids", lambda model, days, limit: [])
    html = citizen.get("/").content.decode()
    assert "Chưa có số liệu lượt đọc" in html


def test_category_pages_paginate(citizen, category, site_identity):
    from .conftest import bulk_articles

    bulk_articles(category, 13)
    first = citizen.get("/tin-tuc/tin-hoat-dong/").content.decode()
    assert first.count('class="news-card news-card--row"') == 12
    assert "?trang=2" in first
    second = citizen.get("/tin-tuc/tin-hoat-dong/?trang=2").content.decode()
    assert second.count('class="news-card news-card--row"') == 1


# --- save as HTML ---------------------------------------------------------------------------
def test_save_article_downloads_a_clean_standalone_file(citizen, seed_like):
    response = citizen.get(f"{seed_like.get_absolute_url()}luu/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{seed_like.slug}.html"'
    html = response.content.decode()
    assert html.startswith("<!DOCTYPE html>")
    assert seed_like.title in html and SEED_CAPTION in html and "Tin, ảnh: Minh Đông" in html
    assert 'src="data:image/jpeg;base64,' in html  # the photo travels inside the file
    assert "<script" not in html and "site.css" not in html
    assert f"http://testserver{seed_like.get_absolute_url()}" in html


def test_saved_file_makes_body_links_absolute(citizen, make_article):
    article = make_article(body='<p><a href="/van-ban/">Văn bản</a><img src="/media/a.jpg" alt="Ảnh"></p>')
    html = citizen.get(f"{article.get_absolute_url()}luu/").content.decode()
    assert 'href="http://testserver/van-ban/"' in html and 'src="http://testserver/media/a.jpg"' in html


# --- feeds and sitemap ------------------------------------------------------------------------
def test_rss_lists_only_published_with_photo_enclosures(citizen, seed_like, make_article, other_category):
    make_article("Bản nháp không vào RSS", status=Status.DRAFT, publish_at=None)
    make_article("Tin chuyên mục khác", category=other_category)
    response = citizen.get("/tin-tuc/rss/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    titles = [item.findtext("title") for item in root.iter("item")]
    assert seed_like.title in titles and "Tin chuyên mục khác" in titles
    assert "Bản nháp không vào RSS" not in titles
    item = next(i for i in root.iter("item") if i.findtext("title") == seed_like.title)
    enclosure = item.find("enclosure")
    url = enclosure.get("url")
    assert url.startswith("http://testserver/media/sites/1/renditions/") and url.endswith("-960.jpg")
    name = url.removeprefix("http://testserver/media/")
    assert int(enclosure.get("length")) == default_storage.size(name) > 0
    assert enclosure.get("type") == "image/jpeg"
    assert item.findtext("link") == f"http://testserver{seed_like.get_absolute_url()}"


def test_category_rss_lists_only_its_category(citizen, make_article, other_category):
    make_article("Tin hoạt động A")
    make_article("Tin chỉ đạo B", category=other_category)
    root = ET.fromstring(citizen.get("/tin-tuc/chi-dao-dieu-hanh/rss/").content)
    assert [i.findtext("title") for i in root.iter("item")] == ["Tin chỉ đạo B"]
    assert citizen.get("/tin-tuc/khong-co/rss/").status_code == 404


def test_rss_is_discoverable_from_news_pages(citizen, make_article):
    make_article()
    for path in ("/", "/tin-tuc/", "/tin-tuc/tin-hoat-dong/"):
        html = citizen.get(path).content.decode()
        assert '<link rel="alternate" type="application/rss+xml"' in html and 'href="/tin-tuc/rss/"' in html


def test_rss_dates_carry_the_local_offset_and_the_local_day(citizen, make_article):
    with time_machine.travel(EVENING_UTC + datetime.timedelta(minutes=5), tick=False):
        make_article("Tin buổi tối", publish_at=EVENING_UTC)
    channel = ET.fromstring(citizen.get("/tin-tuc/rss/").content).find("channel")
    assert channel.find("item").findtext("pubDate") == "Sat, 13 Mar 2021 03:30:00 +0700"
    assert channel.findtext("lastBuildDate") == "Sat, 13 Mar 2021 03:35:00 +0700"


def test_sitemap_lastmod_is_the_local_day_of_the_last_edit(citizen, make_article):
    with time_machine.travel(EVENING_UTC + datetime.timedelta(minutes=5), tick=False):
        article = make_article(publish_at=EVENING_UTC)
    root = ET.fromstring(citizen.get("/sitemap.xml").content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    lastmod = {u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns) for u in root}
    assert lastmod[f"http://testserver{article.get_absolute_url()}"] == "2021-03-13"
    assert lastmod[f"http://testserver{article.category.get_absolute_url()}"] == "2021-03-13"


def test_sitemap_lists_published_articles_and_categories(citizen, make_article, other_category):
    live = make_article("Tin đã đăng")
    draft = make_article("Bản nháp", status=Status.DRAFT, publish_at=None)
    response = citizen.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [loc.text for loc in root.findall("s:url/s:loc", ns)]
    assert f"http://testserver{live.get_absolute_url()}" in locations
    assert f"http://testserver{draft.get_absolute_url()}" not in locations
    assert "http://testserver/tin-tuc/tin-hoat-dong/" in locations
    assert "http://testserver/tin-tuc/chi-dao-dieu-hanh/" not in locations  # nothing published there
    assert "http://testserver/tin-tuc/" in locations


def test_article_has_a_stable_public_address(make_article):
    article = make_article("Hội nghị triển khai kế hoạch, quy chế làm việc Ban Chỉ đạo 35 huyện")
    assert article.get_absolute_url() == (
        "/tin-tuc/bai/hoi-nghi-trien-khai-ke-hoach-quy-che-lam-viec-ban-chi-dao-35-huyen/"
    )
    assert Article.objects.published().get() == article


def test_a_deep_news_page_shows_its_own_number_and_its_neighbours(citizen, site_identity, category):
    """Page 12 of 20: the reader sees where they are (1 … 10 11 [12] 13 14 … 20)."""
    from news.views import PAGE_SIZE

    from .conftest import bulk_articles

    bulk_articles(category, PAGE_SIZE * 20)
    html = citizen.get("/tin-tuc/?trang=12").content.decode()
    assert re.search(r'aria-current="page"><span class="visually-hidden">Trang </span>12<', html)
    for neighbour in (1, 10, 11, 13, 14, 20):
        assert f'trang={neighbour}"' in html
    assert 'trang=5"' not in html
