"""The lookup tables of documents (types, issuing bodies, fields, terms).

Each committee's site keeps its own lookup tables: names and slugs are unique within a site,
two communes may both have a "Kế hoạch" type with the slug ke-hoach. The blocks built from
them (documents.models.blocks) are kept with the site's content version, which every write to
these rows moves."""

import datetime

from django.db import models
from django.db.models import F, Q

from common.text import slugify_vi, unique_slug
from network.api import SiteScopedModel, current_site_id, site_manager
from pagecache.api import ContentQuerySet

LATEST_MAX = 10
CACHE_TIMEOUT = 60 * 60  # seconds; every write to the site's content moves its version anyway
RESERVED_SLUGS = {"rss", "tai-ve", "du-thao"}


def _unique_per_site(*fields: str, name: str, message: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(fields=["site", *fields], name=name, violation_error_message=message)


class _InvalidatingModel(SiteScopedModel):
    """Lookup tables whose names appear in cached blocks (kept with the site's content version);
    a blank slug is made from the name, unique within the site."""

    objects = site_manager(ContentQuerySet)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if any(field.name == "slug" for field in self._meta.fields) and not self.slug:
            self.slug = unique_slug(
                slugify_vi(str(self), max_length=70),
                lambda s: (
                    type(self)._base_manager.filter(site_id=self.site_id, slug=s).exclude(pk=self.pk).exists()
                ),
            )
        super().save(*args, **kwargs)

    def validate_constraints(self, exclude=None):
        # The site is never on a form but always set: names and slugs are checked within it.
        super().validate_constraints(exclude=set(exclude or ()) - {"site"})


class DocumentType(_InvalidatingModel):
    name = models.CharField("tên loại", max_length=80, help_text="Ví dụ: Kế hoạch.")
    abbreviation = models.CharField(
        "chữ viết tắt",
        max_length=10,
        help_text="Dùng trong số hiệu, ví dụ KH trong “05-KH/BCĐ”.",
    )
    slug = models.SlugField(
        "đường dẫn", db_index=False, max_length=80, blank=True, help_text="Để trống để tạo từ tên loại."
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "loại văn bản"
        verbose_name_plural = "loại văn bản"
        ordering = ["order", "name"]
        constraints = [
            _unique_per_site(
                "name", name="documents_type_name_unique", message="Đã có loại văn bản tên này."
            ),
            _unique_per_site(
                "abbreviation",
                name="documents_type_abbreviation_unique",
                message="Đã có loại văn bản dùng chữ viết tắt này.",
            ),
            _unique_per_site(
                "slug", name="documents_type_slug_unique", message="Đã có loại văn bản với đường dẫn này."
            ),
        ]

    def __str__(self) -> str:
        return self.name


class IssuingBody(_InvalidatingModel):
    class Numbering(models.TextChoices):
        TERM = "term", "Theo nhiệm kỳ (văn bản Đảng)"
        YEAR = "year", "Theo năm (văn bản nhà nước)"

    name = models.CharField("tên cơ quan", max_length=200, help_text="Ví dụ: Ban Chỉ đạo 35 huyện Duyên Hải.")
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
        "đường dẫn", db_index=False, max_length=80, blank=True, help_text="Để trống để tạo từ tên cơ quan."
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "cơ quan ban hành"
        verbose_name_plural = "cơ quan ban hành"
        ordering = ["order", "name"]
        constraints = [
            _unique_per_site(
                "name", name="documents_body_name_unique", message="Đã có cơ quan ban hành tên này."
            ),
            _unique_per_site(
                "slug", name="documents_body_slug_unique", message="Đã có cơ quan ban hành với đường dẫn này."
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Field(_InvalidatingModel):
    name = models.CharField("tên lĩnh vực", max_length=120)
    slug = models.SlugField(
        "đường dẫn", db_index=False, max_length=80, blank=True, help_text="Để trống để tạo từ tên lĩnh vực."
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "lĩnh vực"
        verbose_name_plural = "lĩnh vực"
        ordering = ["order", "name"]
        constraints = [
            _unique_per_site("name", name="documents_field_name_unique", message="Đã có lĩnh vực tên này."),
            _unique_per_site(
                "slug", name="documents_field_slug_unique", message="Đã có lĩnh vực với đường dẫn này."
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Term(_InvalidatingModel):
    name = models.CharField("tên nhiệm kỳ", max_length=80, help_text="Ví dụ: Nhiệm kỳ 2020–2025.")
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
            ),
            _unique_per_site("name", name="documents_term_name_unique", message="Đã có nhiệm kỳ tên này."),
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def covering(cls, day: datetime.date, site_id: int | None = None) -> "Term | None":
        """The term of `site_id` (by default the site being worked on) that contains `day`."""
        site_id = site_id if site_id is not None else current_site_id()
        return (
            cls._base_manager.filter(site_id=site_id, start_date__lte=day)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
            .order_by("-start_date")
            .first()
        )
