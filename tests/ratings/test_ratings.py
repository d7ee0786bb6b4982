""" "Thông tin này có hữu ích không?": one rating per visitor, page and day, sent from pages the
whole-page cache serves, CSRF-checked, rate-limited, and read by staff per page and month."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from network.current import working_on
from news.models import Article, Category, Status
from ratings.models import Choice, Rating
from tests.conftest import make_site

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PHONE = (
    "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0 Mobile Safari/537.36"
)
LAPTOP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _article(title: str, **fields) -> Article:
    category = Category.objects.first() or Category.objects.create(name="Tin hoạt động", slug="tin-hoat-dong")
    values = {
        "category": category,
        "status": Status.PUBLISHED,
        "publish_at": timezone.now() - datetime.timedelta(days=3),
        "body": "<p>Nội dung.</p>",
    }
    values.update(fields)
    article = Article(title=title, **values)
    article.save()
    return article


def _visitor(ip="203.0.113.5", ua=PHONE) -> Client:
    return Client(enforce_csrf_checks=True, REMOTE_ADDR=ip, headers={"user-agent": ua})


def _action(article) -> str:
    return reverse("ratings:rate", args=["news.article", article.pk])


def _rate(client: Client, article, choice=Choice.USEFUL, comment=""):
    """As the page's script does: a token first, then the rating with it."""
    token = client.get(reverse("ratings:token")).json()["token"]
    return client.post(_action(article), {"choice": choice, "comment": comment, "csrfmiddlewaretoken": token})


@pytest.fixture
def article(site_identity):
    return _article("Hội nghị sơ kết công tác bảo vệ nền tảng tư tưởng")


# --- sending, from a cached page ------------------------------------------------------------
def test_a_rating_sent_from_a_page_served_by_the_cache_is_counted_without_javascript(article, settings):
    settings.PAGE_CACHE_SECONDS = 15
    reader = _visitor()
    reader.get(article.get_absolute_url())
    cached = reader.get(article.get_absolute_url())
    assert cached["X-Page-Cache"] == "hit"
    html = cached.content.decode()
    assert "Thông tin này có hữu ích không?" in html and "csrfmiddlewaretoken" not in html
    action = re.search(r'<form class="rating__form" method="post" action="([^"]+)"', html).group(1)

    # The plain form post writes nothing: it asks to confirm, keeping the choice and comment.
    first = reader.post(action, {"choice": "not_useful", "comment": "Thiếu số liệu cụ thể."})
    assert first.status_code == 200
    page = first.content.decode()
    assert "Xác nhận gửi đánh giá" in page and "Thiếu số liệu cụ thể." in page
    assert re.search(r'value="not_useful"[^>]*checked', page)
    assert not Rating.objects.exists()

    token = TOKEN.search(page).group(1)
    done = reader.post(
        action, {"choice": "not_useful", "comment": "Thiếu số liệu cụ thể.", "csrfmiddlewaretoken": token}
    )
    assert done.status_code == 303
    assert done["Location"] == reverse("ratings:thanks", args=["news.article", article.pk])
    rating = Rating.objects.get()
    assert (rating.choice, rating.comment, rating.object_id) == (
        "not_useful",
        "Thiếu số liệu cụ thể.",
        article.pk,
    )
    thanks = reader.get(done["Location"])
    assert "Cảm ơn bạn đã đánh giá" in thanks.content.decode()


def test_the_script_path_token_then_rating_and_a_forged_token_writes_nothing(article):
    reader = _visitor()
    assert _rate(reader, article).status_code == 303
    assert Rating.objects.count() == 1
    forger = _visitor(ip="198.51.100.7")
    forger.get(reverse("ratings:token"))
    refused = forger.post(_action(article), {"choice": "useful", "csrfmiddlewaretoken": "x" * 64})
    assert refused.status_code == 403
    assert Rating.objects.count() == 1


def test_a_reader_who_holds_the_csrf_cookie_gets_the_token_in_the_form_and_rates_in_one_step(article):
    reader = _visitor()
    reader.get(reverse("ratings:token"))
    html = reader.get(article.get_absolute_url()).content.decode()
    token = TOKEN.search(html).group(1)
    assert (
        reader.post(_action(article), {"choice": "neutral", "csrfmiddlewaretoken": token}).status_code == 303
    )
    assert Rating.objects.get().choice == "neutral"


def test_only_published_content_of_the_allowed_kinds_can_be_rated(article):
    draft = _article("Bản nháp", status=Status.DRAFT)
    reader = _visitor()
    token = reader.get(reverse("ratings:token")).json()["token"]
    assert reader.post(_action(draft), {"choice": "useful", "csrfmiddlewaretoken": token}).status_code == 404
    bad = reverse("ratings:rate", args=["auth.user", 1])
    assert reader.post(bad, {"choice": "useful", "csrfmiddlewaretoken": token}).status_code == 404
    assert reader.get(_action(article)).status_code == 405
    assert not Rating.objects.exists()


# --- counting -------------------------------------------------------------------------------
def test_one_visitor_counts_once_per_page_per_day_and_again_the_next_day(article):
    other_article = _article("Tin thứ hai")
    morning = datetime.datetime(2026, 12, 8, 8, 0, tzinfo=VN)
    with time_machine.travel(morning, tick=False) as clock:
        reader = _visitor()
        _rate(reader, article, Choice.USEFUL)
        _rate(reader, article, Choice.NOT_USEFUL)  # changed their mind: replaces
        assert Rating.objects.filter(object_id=article.pk).count() == 1
        assert Rating.objects.get(object_id=article.pk).choice == Choice.NOT_USEFUL

        _rate(reader, other_article, Choice.NEUTRAL)  # another page: its own rating
        assert Rating.objects.count() == 2
        _rate(_visitor(ua=LAPTOP), article, Choice.USEFUL)  # another browser: another visitor
        assert Rating.objects.filter(object_id=article.pk).count() == 2

        clock.move_to(morning + datetime.timedelta(hours=15))  # 23:00, still the same local day
        _rate(reader, article, Choice.USEFUL)
        assert Rating.objects.filter(object_id=article.pk).count() == 2

        clock.move_to(morning + datetime.timedelta(days=1))  # the next day's salt: counted again
        _rate(reader, article, Choice.USEFUL)
        assert Rating.objects.filter(object_id=article.pk).count() == 3
    days = sorted(set(Rating.objects.values_list("day", flat=True)))
    assert days == [datetime.date(2026, 12, 8), datetime.date(2026, 12, 9)]
    # No address, no user agent stored: only the salted key.
    for rating in Rating.objects.all():
        assert re.fullmatch(r"[0-9a-f]{32}", rating.visitor_key)
        assert "203.0.113" not in rating.visitor_key


# --- the comment ----------------------------------------------------------------------------
def test_an_oversized_comment_is_refused_in_vietnamese_and_kept_in_the_form(article, settings):
    settings.RATING_COMMENT_MAX_LENGTH = 50
    long_comment = "Bài viết cần bổ sung thêm thông tin " * 3
    response = _rate(_visitor(), article, comment=long_comment)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Góp ý dài tối đa 50 ký tự" in html
    assert long_comment.strip() in html
    assert not Rating.objects.exists()


def test_markup_in_a_comment_is_stored_as_plain_text_and_shown_escaped_to_staff(article, secretary):
    comment = '<script>alert("x")</script><img src=x onerror=alert(1)>Rất <b>hữu ích</b> & rõ ràng\u202e'
    assert _rate(_visitor(), article, comment=comment).status_code == 303
    stored = Rating.objects.get().comment
    assert "<" not in stored and "\u202e" not in stored
    assert stored.endswith("Rất hữu ích & rõ ràng")
    html = secretary.get(reverse("admin:ratings_rating_changelist")).content.decode()
    assert "Rất hữu ích &amp; rõ ràng" in html
    assert "<script>alert" not in html and "onerror" not in html
    public = Client().get(article.get_absolute_url()).content.decode()
    assert "Rất hữu ích" not in public  # comments are never shown publicly


# --- flood ----------------------------------------------------------------------------------
def test_a_flood_from_one_client_gets_429_and_loses_nothing_for_others(article, settings, stopped_clock):
    settings.RATELIMIT_RATING = "4/m"
    flooder = _visitor(ip="203.0.113.66")
    assert _rate(flooder, article).status_code == 303  # token + rating: 2 of 4
    assert _rate(flooder, article, Choice.NEUTRAL).status_code == 303  # 4 of 4
    refused = flooder.post(_action(article), {"choice": "not_useful"})
    assert refused.status_code == 429 and refused["Retry-After"]
    assert "Quá nhiều yêu cầu" in refused.content.decode()
    assert _rate(_visitor(ip="198.51.100.20"), article, Choice.USEFUL).status_code == 303
    assert sorted(Rating.objects.values_list("choice", flat=True)) == ["neutral", "useful"]


# --- the dashboard and CSV ------------------------------------------------------------------
def test_the_dashboard_moves_after_a_rating_and_shows_only_this_sites_ratings(article, secretary):
    url = reverse("admin:ratings_rating_changelist")
    before = secretary.get(url).content.decode()
    assert re.search(r'data-stat="ratings-total">0<', before)
    other = make_site("longhuu.test", "Ban Chỉ đạo 35 xã Long Hữu")
    with working_on(other):
        theirs = _article("Tin của xã")
        Rating.objects.create(
            content_type_id=_ct(),
            object_id=theirs.pk,
            day=timezone.localdate(),
            visitor_key="a" * 32,
            choice="useful",
        )
    _rate(_visitor(), article, Choice.USEFUL, "Cảm ơn Ban Chỉ đạo")
    after = secretary.get(url).content.decode()
    assert re.search(r'data-stat="ratings-total">1<', after)
    assert re.search(r'data-stat="ratings-useful">1<', after)
    assert article.title in after and "Tin của xã" not in after
    assert "Cảm ơn Ban Chỉ đạo" in after
    assert "<svg" in after  # the server-drawn chart


def _ct() -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(Article).pk


def test_who_reads_the_ratings(article, editor, approver, secretary):
    url = reverse("admin:ratings_rating_changelist")
    assert editor.get(url).status_code == 403
    assert approver.get(url).status_code == 200
    assert secretary.get(url).status_code == 200
    assert Client().get(url).status_code == 302


def test_csv_has_a_bom_vietnamese_headers_and_the_counts(article, approver):
    _rate(_visitor(), article, Choice.USEFUL, '=HYPERLINK("x")')
    _rate(_visitor(ua=LAPTOP), article, Choice.NOT_USEFUL)
    response = approver.get(reverse("admin:ratings_rating_csv", args=["trang-thang"]))
    body = response.content.decode("utf-8")
    assert response["Content-Type"].startswith("text/csv") and body.startswith("\ufeff")
    lines = body.lstrip("\ufeff").splitlines()
    assert lines[0] == "Tháng,Loại nội dung,Mã,Tên,Hữu ích,Bình thường,Không hữu ích,Tổng,Số góp ý"
    month = timezone.localdate().strftime("%m/%Y")
    assert lines[1].startswith(f"{month},tin bài,{article.pk},{article.title},")
    assert lines[1].endswith(",1,0,1,2,1")
    comments = approver.get(reverse("admin:ratings_rating_csv", args=["gop-y"])).content.decode()
    assert "'=HYPERLINK" in comments  # never a formula in Excel
    assert approver.get(reverse("admin:ratings_rating_csv", args=["khac"])).status_code == 404


def test_dashboard_queries_do_not_grow_with_the_number_of_pages(site_identity, secretary):
    url = reverse("admin:ratings_rating_changelist")

    def rate_pages(n: int, start: int):
        for i in range(start, start + n):
            a = _article(f"Bài {i}")
            Rating.objects.create(
                content_type_id=_ct(),
                object_id=a.pk,
                day=timezone.localdate(),
                visitor_key=f"{i:032x}",
                choice="useful",
            )

    rate_pages(2, 0)
    secretary.get(url)
    with CaptureQueriesContext(connection) as few:
        secretary.get(url)
    rate_pages(15, 100)
    secretary.get(url)  # new articles emptied the menu's cache: warm it again, as before
    with CaptureQueriesContext(connection) as many:
        html = secretary.get(url).content.decode()
    assert "Bài 114" in html
    assert len(many.captured_queries) == len(few.captured_queries), "\n".join(
        q["sql"][:160] for q in many.captured_queries
    )


def test_another_sites_article_cannot_be_rated_here(article):
    other = make_site("longhuu.test", "Ban Chỉ đạo 35 xã Long Hữu")
    with working_on(other):
        theirs = _article("Tin của xã Long Hữu")
    reader = _visitor()
    token = reader.get(reverse("ratings:token")).json()["token"]
    response = reader.post(_action(theirs), {"choice": "useful", "csrfmiddlewaretoken": token})
    assert response.status_code == 404
    assert reader.get(reverse("ratings:thanks", args=["news.article", theirs.pk])).status_code == 404
    with working_on(other):
        assert not Rating.objects.exists()
