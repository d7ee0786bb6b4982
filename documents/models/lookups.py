"""The lookup tables of documents (types, issuing bodies, fields, terms) and the cached blocks
built from them; every write to them empties those caches."""

import datetime

from django.core.cache import cache
from django.db import models
from django.db.models import F, Q

from common.text import slugify_vi, unique_slug
from pagecache.api import ContentQuerySet

FACETS_CACHE_KEY = "documents:facets:v1"
LATEST_CACHE_KEY = "documents:latest:{style}:v1"
LATEST_MAX = 10
CACHE_TIMEOUT = 60 * 60  # seconds; every write invalidates at once anyway
RESERVED_SLUGS = {"rss", "tai-ve"}


def invalidate_caches() -> None:
    """Drop the cached filter choices and the "Văn bản mới" block (documents.signals calls it
    after every write to the rows they show)."""
    cache.delete_many([FACETS_CACHE_KEY, *_latest_keys()])


def _latest_keys() -> list[str]:
    return [LATEST_CACHE_KEY.format(style=style) for style in ("party", "state")]


class _InvalidatingModel(models.Model):
    """Lookup tables whose names appear in cached blocks (emptied by documents.signals); a blank
    slug is made from the name."""

    objects = ContentQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if any(field.name == "slug" for field in self._meta.fields) and not self.slug:
            self.slug = unique_slug(
                slugify_vi(str(self), max_length=70),
                lambda s: type(self).objects.filter(slug=s).exclude(pk=self.pk).exists(),
            )
        super().save(*args, **kwargs)


class DocumentType(_InvalidatingModel):
    name = models.CharField("tên loại", max_length=80, unique=True, help_text="Ví dụ: Kế hoạch.")
    abbreviation = models.CharField(
        "chữ viết tắt",
        max_length=10,
        unique=True,
        help_text="Dùng trong số hiệu, ví dụ KH trong “05-KH/BCĐ”.",
    )
    slug = models.SlugField(
        "đường dẫn", max_length=80, unique=True, blank=True, help_text="Để trống để tạo từ tên loại."
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "loại văn bản"
        verbose_name_plural = "loại văn bản"
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class IssuingBody(_InvalidatingModel):
    class Numbering(models.TextChoices):
        TERM = "term", "Theo nhiệm kỳ (văn bản Đảng)"
        YEAR = "year", "Theo năm (văn bản nhà nước)"

    name = models.CharField(
        "tên cơ quan", max_length=200, unique=True, help_text="Ví dụ: Ban Chỉ đạo 35 huyện Duyên Hải."
    )
    abbreviation = models.CharField(
        "ký hiệu cơ quan",
        max_length=30,
        help_text="Phần sau dấu “/” của số hiệu, ví dụ BCĐ trong “05-KH/BCĐ”.",
    )
    numbering = models.CharField(
        "cách đánh số",
        max_length=10,
        choices=Numbering.choices,
        default=Numbering.TERM,
        help_text="Cơ quan Đảng đánh số từ 01 cho mỗi loại văn bản trong một nhiệm kỳ; cơ quan nhà nước "
        "đánh số lại từ đầu mỗi năm.",
    )
    slug = models.SlugField(
        "đường dẫn", max_length=80, unique=True, blank=True, help_text="Để trống để tạo từ tên cơ quan."
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "cơ quan ban hành"
        verbose_name_plural = "cơ quan ban hành"
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Field(_InvalidatingModel):
    name = models.CharField("tên lĩnh vực", max_length=120, unique=True)
    slug = models.SlugField(
        "đường dẫn", max_length=80, unique=True, blank=True, help_text="Để trống để tạo từ tên lĩnh vực."
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "lĩnh vực"
        verbose_name_plural = "lĩnh vực"
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Term(_InvalidatingModel):
    name = models.CharField(
        "tên nhiệm kỳ", max_length=80, unique=True, help_text="Ví dụ: Nhiệm kỳ 2020–2025."
    )
    start_date = models.DateField("bắt đầu")
    end_date = models.DateField("kết thúc", null=True, blank=True, help_text="Để trống nếu đang diễn ra.")

    class Meta:
        verbose_name = "nhiệm kỳ"
        verbose_name_plural = "nhiệm kỳ"
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gt=F("start_date")),
                name="documents_term_end_after_start",
                violation_error_message="Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def covering(cls, day: datetime.date) -> "Term | None":
        return (
            cls.objects.filter(start_date__lte=day)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
            .order_by("-start_date")
            .first()
        )
