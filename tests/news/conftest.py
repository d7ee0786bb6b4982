import datetime
import importlib
import io
import itertools
import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from news.models import Article, Category, Status

FIXTURES = Path(__file__).parent / "fixtures"
_counter = itertools.count(1)


def jpeg_bytes(size=(1200, 800), color=(160, 40, 40), exif=None) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, "JPEG", quality=85, **({"exif": exif} if exif else {}))
    return buf.getvalue()


def png_bytes(size=(64, 64)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (20, 120, 60)).save(buf, "PNG")
    return buf.getvalue()


def gps_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (9.0, 40.0, 12.5), 3: "E", 4: (106.0, 34.0, 1.2)}
    return exif.tobytes()


@pytest.fixture(autouse=True)
def _editorial_groups(request):
    """Restore the news groups if a transactional test elsewhere (a live-server browser test in
    the same worker) flushed what the data migration made. A no-op when the groups are intact,
    so test_groups_are_created_with_their_rights still checks the migration itself."""
    if "db" not in request.fixturenames or "transactional_db" in request.fixturenames:
        return
    request.getfixturevalue("db")
    from django.contrib.auth.models import Group, Permission

    groups = importlib.import_module("news.migrations.0002_editorial_groups")
    for name, codenames in (
        (groups.EDITOR_GROUP, groups.EDITOR_PERMISSIONS),
        (groups.APPROVER_GROUP, groups.APPROVER_PERMISSIONS),
    ):
        group, _ = Group.objects.get_or_create(name=name)
        if not group.permissions.exists():
            sources = importlib.import_module("news.migrations.0009_rebuttal_source_permissions")
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="news", codename__in=[*codenames, *sources.CODENAMES]
                )
            )


@pytest.fixture
def category(db):
    return Category.objects.create(name="Tin hoạt động", slug="tin-hoat-dong", order=1)


@pytest.fixture
def other_category(db):
    return Category.objects.create(name="Chỉ đạo điều hành", slug="chi-dao-dieu-hanh", order=2)


@pytest.fixture
def make_article(db, category):
    """Build and save an article; published an hour ago unless told otherwise."""

    def _make(title=None, *, photo=False, **fields):
        n = next(_counter)
        values = {
            "title": title or f"Tin hoạt động số {n}",
            "summary": "Tóm tắt bài viết.",
            "body": "<p>Nội dung bài viết.</p>",
            "category": category,
            "status": Status.PUBLISHED,
            "publish_at": timezone.now() - datetime.timedelta(hours=1, minutes=n),
            "credit": "Tin, ảnh: Minh Đông",
        }
        if photo:
            values.update({"photo_alt": "Quang cảnh hội nghị", "photo_caption": "Các đại biểu dự hội nghị"})
        values.update(fields)
        article = Article(**values)
        if photo:
            article.photo = ContentFile(jpeg_bytes(), name="anh.jpg")
        article.save()
        return article

    return _make


def bulk_articles(category, count: int, *, start=None) -> None:
    """Many published articles at once (no photos, no per-row save), for query-count tests."""
    start = start or timezone.now() - datetime.timedelta(days=1)
    Article.objects.bulk_create(
        [
            Article(
                title=f"Tin số {i}",
                slug=f"tin-so-{i}",
                summary="Tóm tắt.",
                body="<p>Nội dung.</p>",
                category=category,
                status=Status.PUBLISHED,
                publish_at=start - datetime.timedelta(hours=i),
            )
            for i in range(count)
        ]
    )


_MANAGEMENT = re.compile(r'name="([\w-]+-(?:TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS)"[^>]*value="(\d*)"')


def admin_form_data(client, url: str, article: Article | None = None, **overrides) -> dict:
    """POST data for the article admin form: the inline management forms as the page renders
    them, the article's current values (or a fresh draft), then `overrides`."""
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    data = dict(_MANAGEMENT.findall(page.content.decode()))
    data["kind"] = article.kind if article is not None else "standard"
    if article is not None:
        data.update(
            {
                "title": article.title,
                "slug": article.slug,
                "category": article.category_id,
                "summary": article.summary,
                "body": article.body,
                "photo_alt": article.photo_alt,
                "photo_caption": article.photo_caption,
                "credit": article.credit,
                "source": article.source,
                "status": article.status,
            }
        )
        if article.publish_at:
            local = timezone.localtime(article.publish_at)
            data.update(
                {"publish_at_0": local.strftime("%Y-%m-%d"), "publish_at_1": local.strftime("%H:%M:%S")}
            )
    data.update(overrides)
    return data
