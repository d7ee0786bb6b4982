"""Articles, categories, tags, gallery photos, the editorial workflow and slug redirects.

`Article.objects.published()` is the only door to public news: pages, feeds, sitemaps and
template tags all go through it. Staff previews of unpublished articles take a separate,
never-cached path in the views.
"""

from __future__ import annotations

import datetime
import functools

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models, transaction
from django.db.models import Exists, ExpressionWrapper, OuterRef, Q, Subquery, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django_ckeditor_5.fields import CKEditor5Field

from common.html import clean_html, plain_text
from common.text import fold, slugify_vi, unique_slug, words
from imaging.fields import PipelineImageField
from imaging.validators import validate_alt_text
from network.api import SiteScopedModel, SiteUploadTo, site_manager
from ops.links import LinkField
from ops.routes import slug_url
from pagecache.api import ContentQuerySet

from .office import normalise_pasted_html

# Path segments under /tin-tuc/ used by the app itself; a category may not take them.
RESERVED_CATEGORY_SLUGS = {"bai", "rss", "quan-tri", "trang", "tim-kiem", "phan-bac"}
SLUG_MAX_LENGTH = 200


def of_site(model, site_id):
    """`model`'s rows of one site, whatever site (or none) the code is working on: what a row
    checks or changes about its own kind (a free slug, the pins, the old addresses) stays within
    the row's site, also when a platform administrator works across all sites."""
    return model.objects.with_scope(site=site_id)


class Category(SiteScopedModel):
    name = models.CharField("tên chuyên mục", max_length=120)
    slug = models.SlugField(
        "đường dẫn",
        db_index=False,
        max_length=120,
        blank=True,
        help_text="Để trống để tạo tự động từ tên (ví dụ tin-hoat-dong → /tin-tuc/tin-hoat-dong/).",
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0, help_text="Số nhỏ hiện trước.")
    description = models.TextField(
        "mô tả", blank=True, help_text="Một hai câu giới thiệu, hiện đầu trang chuyên mục."
    )
    show_in_menu = models.BooleanField(
        "hiện trên trang chủ",
        default=True,
        help_text="Trang chủ có một khối tin cho mỗi chuyên mục được bật.",
    )

    objects = site_manager(ContentQuerySet)

    class Meta:
        verbose_name = "chuyên mục"
        verbose_name_plural = "chuyên mục"
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "name"],
                name="news_category_unique_name",
                violation_error_message="Đã có chuyên mục với tên này.",
            ),
            models.UniqueConstraint(
                fields=["site", "slug"],
                name="news_category_unique_slug",
                violation_error_message="Đã có chuyên mục với đường dẫn này.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            base = slugify_vi(self.name, 110)
            if base in RESERVED_CATEGORY_SLUGS:
                base = f"chuyen-muc-{base}"
            self.slug = unique_slug(
                base, lambda s: of_site(Category, self.site_id).filter(slug=s).exclude(pk=self.pk).exists()
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return slug_url("news:category", self.slug)

    def clean(self):
        super().clean()
        if (self.slug or slugify_vi(self.name)) in RESERVED_CATEGORY_SLUGS:
            raise ValidationError({"slug": "Đường dẫn này dành riêng cho hệ thống; hãy chọn đường dẫn khác."})


class Tag(SiteScopedModel):
    name = models.CharField("tên thẻ", max_length=80)
    slug = models.SlugField("đường dẫn", db_index=False, max_length=100, blank=True)

    objects = site_manager(ContentQuerySet)

    class Meta:
        verbose_name = "thẻ"
        verbose_name_plural = "thẻ"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "name"],
                name="news_tag_unique_name",
                violation_error_message="Đã có thẻ với tên này.",
            ),
            models.UniqueConstraint(
                fields=["site", "slug"],
                name="news_tag_unique_slug",
                violation_error_message="Đã có thẻ với đường dẫn này.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(
                slugify_vi(self.name, 90),
                lambda s: of_site(Tag, self.site_id).filter(slug=s).exclude(pk=self.pk).exists(),
            )
        super().save(*args, **kwargs)


class Kind(models.TextChoices):
    """What an article is: ordinary news, or a rebuttal (bài phản bác) of a false claim, which
    carries the claim, the verdict, a short rebuttal and official sources, and has its own
    layout and schema.org ClaimReview data on the article page."""

    STANDARD = "standard", "Tin bài"
    REBUTTAL = "rebuttal", "Bài phản bác"


class Verdict(models.TextChoices):
    """The rebuttal's finding about the claim (schema.org ClaimReview reviewRating.alternateName)."""

    FALSE = "false", "Sai sự thật"
    FABRICATED = "fabricated", "Bịa đặt"
    DISTORTED = "distorted", "Xuyên tạc"
    MISLEADING = "misleading", "Gây hiểu lầm"


class Status(models.TextChoices):
    DRAFT = "draft", "Bản nháp"
    REVIEW = "review", "Chờ duyệt"
    PUBLISHED = "published", "Đã xuất bản"
    UNPUBLISHED = "unpublished", "Đã gỡ xuống"
    ARCHIVED = "archived", "Lưu trữ"


# The editorial workflow: which status may follow which.
TRANSITIONS: dict[str, set[str]] = {
    Status.DRAFT: {Status.REVIEW, Status.PUBLISHED, Status.ARCHIVED},
    Status.REVIEW: {Status.DRAFT, Status.PUBLISHED, Status.ARCHIVED},
    Status.PUBLISHED: {Status.UNPUBLISHED, Status.ARCHIVED},
    Status.UNPUBLISHED: {Status.DRAFT, Status.REVIEW, Status.PUBLISHED, Status.ARCHIVED},
    Status.ARCHIVED: {Status.DRAFT, Status.PUBLISHED},
}
# Targets only an approver ("Duyệt bài", permission news.publish_article) may choose.
APPROVER_ONLY_TARGETS = {Status.PUBLISHED, Status.UNPUBLISHED, Status.ARCHIVED}
# Statuses in which an editor may still change their own article.
EDITOR_EDITABLE = {Status.DRAFT, Status.REVIEW, Status.UNPUBLISHED}
PUBLISH_PERMISSION = "news.publish_article"


def default_pin_end(pinned_at: datetime.datetime) -> datetime.datetime:
    """When a pin made at `pinned_at` ends unless an approver sets another end."""
    return pinned_at + datetime.timedelta(days=settings.NEWS_PIN_DAYS)


def is_approver(user) -> bool:
    """Approvers (group "Duyệt bài") and superusers review, publish, unpublish and pin any article."""
    return bool(user and user.is_active and user.has_perm(PUBLISH_PERMISSION))


class ArticleQuerySet(ContentQuerySet):
    def published(self, now=None):
        """The only door to public articles: published, due (publish time passed), not expired.

        Scheduling needs no cron job: the comparison with the current time happens in every query.
        """
        now = now or timezone.now()
        return self.filter(status=Status.PUBLISHED, publish_at__lte=now).filter(
            Q(expire_at__isnull=True) | Q(expire_at__gt=now)
        )

    def newest_first(self):
        return self.order_by("-publish_at", "-pk")

    def pinned(self, now=None):
        """Pins still in force at `now`, the latest pinned first; a pin past its end is ignored."""
        now = now or timezone.now()
        return self.filter(is_pinned=True, pinned_until__gt=now).order_by("-pinned_at", "-pk")

    def lead(self, now=None):
        """The home page's head stories at `now`: the pins that may lead, latest pinned first.

        Call it on `published()`. A pin leads only while its end is ahead, and only when it is at
        most NEWS_LEAD_MAX_AGE_DAYS older than the newest published story: the home page never
        puts an old story above much newer news, however long it stays pinned. When no pin
        qualifies, the newest story leads (the view takes it from the latest list).
        """
        now = now or timezone.now()
        newest = self.order_by("-publish_at").values("publish_at")[:1]
        oldest_allowed = ExpressionWrapper(
            Subquery(newest) - datetime.timedelta(days=settings.NEWS_LEAD_MAX_AGE_DAYS),
            output_field=models.DateTimeField(),
        )
        return self.pinned(now).filter(publish_at__gte=oldest_allowed)[: settings.NEWS_MAX_PINNED]

    def next_change(self, now=None):
        """The next moment after `now` at which the clock alone changes what `published()` and
        `lead()` give (a scheduled story comes out, one expires, a pin ends), or None."""
        now = now or timezone.now()
        live = Q(status=Status.PUBLISHED)
        moments = self.aggregate(
            publish=models.Min("publish_at", filter=live & Q(publish_at__gt=now)),
            expire=models.Min("expire_at", filter=live & Q(expire_at__gt=now)),
            unpin=models.Min("pinned_until", filter=live & Q(is_pinned=True, pinned_until__gt=now)),
        )
        return min((m for m in moments.values() if m is not None), default=None)

    def for_listing(self):
        """What a list or a card shows, in one query (category joined)."""
        return self.select_related("category").defer("body", "search_text").newest_first()

    def for_detail(self):
        """The article page's article, category joined, in one query. Not the search text (the
        body again, folded) nor the author's account, which the page never shows.

        What the page lists below the body (tags, gallery, people, linked documents) is a query
        each, and most articles have few of them: the query says which the article has, as
        `has_tags`, `has_gallery`, `has_people` and `has_documents` (an indexed EXISTS each), so
        the page fetches only those. Each flag counts any linked row; which of them a reader may
        see is decided where they are fetched."""
        return self.select_related("category").defer("search_text").annotate(**_linked_flags())

    def rebuttals(self):
        return self.filter(kind=Kind.REBUTTAL)

    def visible_to(self, user):
        """Articles a staff user works on in the admin: approvers see all, editors their own."""
        if is_approver(user):
            return self
        return self.filter(Q(created_by=user) | Q(author=user))

    def search(self, text: str):
        """Every word of `text` (diacritics and case ignored, đ = d) in the article's search text."""
        qs = self
        for word in words(text)[:10]:
            qs = qs.filter(search_text__contains=word)
        return qs

    def latest_per_category(self, per_category: int, category_ids):
        """The newest `per_category` articles of each of `category_ids`, in one query.

        On PostgreSQL each category is its own `ORDER BY publish_at DESC LIMIT n` branch of a
        UNION ALL (an index scan of n rows on `news_article_cat_pub`), so the cost does not grow
        with the archive. A window function over every article would rank all 20,000 of them
        on each render. SQLite cannot limit the branches of a compound query; there (a
        development database) the window function does the same job.
        """
        return self._latest_per("category_id", per_category, category_ids)

    def latest_per_site(self, per_site: int, site_ids):
        """The newest `per_site` articles of each of `site_ids`, in one query: call it on a
        queryset scoped to those sites. A province's "Tin từ cơ sở" takes its newest stories
        from these. One branch per site reads n rows of `news_article_published_order` (site,
        status, publish time), where one ORDER BY over every member site would read and sort all their
        articles (80,000 for 49 communes: 120 ms a render, against 2 ms)."""
        return self._latest_per("site_id", per_site, site_ids)

    def _latest_per(self, field: str, per_group: int, group_ids):
        group_ids = list(group_ids)
        if not group_ids:
            return self.none()
        if connection.features.supports_slicing_ordering_in_compound:
            branches = [
                self.filter(**{field: pk}).order_by("-publish_at", "-pk").values("pk")[:per_group]
                for pk in group_ids
            ]
            newest = branches[0].union(*branches[1:], all=True)
            return self.filter(pk__in=newest)
        ranked = self.filter(**{f"{field}__in": group_ids}).annotate(
            group_rank=Window(
                RowNumber(), partition_by=field, order_by=[models.F("publish_at").desc(), "-pk"]
            )
        )
        return ranked.filter(group_rank__lte=per_group)


@functools.cache
def _linked_flags() -> dict[str, Exists]:
    """`has_tags`, `has_gallery`, `has_people`, `has_documents` for ArticleQuerySet.for_detail:
    whether any row links to the article, built once (each use resolves its own copy)."""
    linked = {
        "has_tags": Article.tags.through.objects.all(),
        "has_gallery": GalleryPhoto._base_manager.all(),  # the article's own scope applies
        "has_people": Article.people.through.objects.all(),
        "has_documents": Article.documents.through.objects.all(),  # documents.Document.related_articles
    }
    return {name: Exists(rows.filter(article=OuterRef("pk"))) for name, rows in linked.items()}


class Article(SiteScopedModel):
    title = models.CharField("tiêu đề", max_length=300)
    slug = models.SlugField(
        "đường dẫn",
        db_index=False,
        max_length=SLUG_MAX_LENGTH,
        blank=True,
        help_text="Để trống để tạo tự động từ tiêu đề. Đổi đường dẫn của bài đã xuất bản thì "
        "đường dẫn cũ tự chuyển về bài này.",
    )
    summary = models.TextField(
        "sapo (tóm tắt)",
        max_length=1000,
        blank=True,
        help_text="Một đoạn ngắn in đậm dưới tiêu đề; cũng hiện khi chia sẻ lên Facebook, Zalo.",
    )
    body = CKEditor5Field("nội dung", config_name="default", blank=True)
    photo = PipelineImageField(
        "ảnh đại diện",
        upload_to=SiteUploadTo("news/%Y/%m/"),
        width_field="photo_width",
        height_field="photo_height",
        blank=True,
        help_text="JPEG, PNG hoặc WebP. Ảnh được xoay đúng chiều, xóa thông tin EXIF (vị trí, máy chụp) "
        "và tạo sẵn các cỡ ảnh khi lưu.",
    )
    photo_width = models.PositiveIntegerField(null=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, editable=False)
    photo_alt = models.CharField(
        "văn bản thay thế của ảnh",
        max_length=300,
        blank=True,
        validators=[validate_alt_text],
        help_text="Mô tả nội dung ảnh cho người không xem được ảnh, ví dụ: “Đồng chí Trưởng ban "
        "phát biểu tại hội nghị”. Không ghi tên tệp.",
    )
    photo_decorative = models.BooleanField(
        "ảnh chỉ để trang trí",
        default=False,
        help_text="Chỉ bật khi ảnh không mang thông tin; khi đó không cần văn bản thay thế.",
    )
    photo_caption = models.CharField(
        "chú thích ảnh", max_length=500, blank=True, help_text="Hiện dưới ảnh, ví dụ: ai đang làm gì, ở đâu."
    )
    credit = models.CharField(
        "dòng tác giả",
        max_length=200,
        blank=True,
        help_text="Hiện cuối bài, căn phải. Ví dụ: Tin, ảnh: Minh Đông.",
    )
    source = models.CharField(
        "nguồn tin", max_length=300, blank=True, help_text="Ví dụ: Báo Trà Vinh (khi đăng lại)."
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người viết",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news_articles",
    )
    category = models.ForeignKey(
        Category, verbose_name="chuyên mục", on_delete=models.PROTECT, related_name="articles"
    )
    tags = models.ManyToManyField(Tag, verbose_name="thẻ", blank=True, related_name="articles")
    people = models.ManyToManyField(
        "committee.Person",
        verbose_name="người được nhắc đến",
        blank=True,
        related_name="news_articles",
        help_text="Thành viên Ban Chỉ đạo có trong bài; trang bài viết dẫn đến trang của họ.",
    )
    is_pinned = models.BooleanField(
        "ghim lên đầu",
        default=False,
        help_text="Tin ghim hiện nổi bật trên trang chủ. Ghim thêm khi đã đủ số tối đa thì tin ghim "
        "lâu nhất tự bỏ ghim.",
    )
    pinned_at = models.DateTimeField("ghim lúc", null=True, blank=True, editable=False)
    pinned_until = models.DateTimeField(
        "ghim đến",
        null=True,
        blank=True,
        help_text="Từ thời điểm này tin thôi dẫn đầu trang chủ. Để trống thì tin được ghim theo số ngày "
        "mặc định của cổng (thường là 7 ngày) tính từ lúc ghim.",
    )
    kind = models.CharField(
        "loại bài",
        max_length=20,
        choices=Kind,
        default=Kind.STANDARD,
        help_text="“Bài phản bác”: bài đấu tranh với một luận điệu sai trái; điền thêm phần “Bài phản bác”.",
    )
    claim = models.TextField(
        "luận điệu sai trái",
        max_length=2000,
        blank=True,
        help_text="Tóm tắt trung thực luận điệu bị phản bác, một hai câu. "
        "Không dán đường dẫn tới nguồn xấu độc.",
    )
    claim_origin = models.CharField(
        "nơi xuất hiện luận điệu",
        max_length=300,
        blank=True,
        help_text="Ví dụ: “Một số trang mạng xã hội”, “Trang Facebook mạo danh cơ quan”. "
        "Chỉ ghi chữ, không ghi đường dẫn.",
    )
    verdict = models.CharField("kết luận", max_length=20, choices=Verdict, blank=True)
    rebuttal_summary = models.TextField(
        "sự thật (tóm tắt phản bác)",
        max_length=3000,
        blank=True,
        help_text="Điều đúng, ngắn gọn; nội dung phân tích đầy đủ viết ở phần nội dung bài.",
    )
    status = models.CharField("trạng thái", max_length=20, choices=Status, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        "thời điểm xuất bản",
        null=True,
        blank=True,
        help_text="Để trống thì lấy lúc duyệt đăng. Chọn thời điểm trong tương lai để hẹn giờ: bài chỉ "
        "hiện từ thời điểm đó.",
    )
    expire_at = models.DateTimeField(
        "hết hạn lúc", null=True, blank=True, help_text="Tùy chọn: bài tự ẩn từ thời điểm này."
    )
    first_published_at = models.DateTimeField("xuất bản lần đầu", null=True, blank=True, editable=False)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tạo",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người cập nhật",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    view_count = models.PositiveIntegerField("lượt xem", default=0, editable=False)
    search_text = models.TextField(editable=False, blank=True)

    objects = site_manager(ArticleQuerySet)

    class Meta:
        verbose_name = "tin bài"
        verbose_name_plural = "tin bài"
        ordering = ["-publish_at", "-pk"]
        permissions = [("publish_article", "Duyệt, xuất bản, gỡ và ghim tin bài")]
        indexes = [
            # Published articles newest first, as every list orders them (ties by id), with the
            # expiry last so that a deep page's ids are read from the index alone.
            models.Index(
                fields=["site", "status", "-publish_at", "-id", "expire_at"],
                name="news_article_published_order",
            ),
            # A category's list and the home page's per-category blocks, in the same order (ties
            # by id, the expiry last: a deep page's ids are read from the index alone).
            models.Index(
                fields=["site", "category", "-publish_at", "-id", "expire_at"],
                name="news_article_cat_pub",
                condition=Q(status="published"),
            ),
            # /tin-tuc/phan-bac/: the newest published rebuttals.
            models.Index(
                fields=["site", "-publish_at"],
                name="news_article_rebuttal_pub",
                condition=Q(status="published", kind="rebuttal"),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "slug"],
                name="news_article_unique_slug",
                violation_error_message="Đã có tin bài với đường dẫn này.",
            ),
            models.CheckConstraint(
                condition=Q(expire_at__isnull=True)
                | Q(publish_at__isnull=True)
                | Q(expire_at__gt=models.F("publish_at")),
                name="news_article_expire_after_publish",
                violation_error_message="Thời điểm hết hạn phải sau thời điểm xuất bản.",
            ),
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # What the database holds, to detect status, slug and pin changes on save.
        self._loaded_status, self._loaded_slug, self._loaded_pinned = None, None, False

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        now = timezone.now()
        self._load_original_if_deferred()
        self.title = " ".join(self.title.split())
        self.body = clean_html(normalise_pasted_html(self.body))
        if not self.slug:
            self.slug = slugify_vi(self.title, SLUG_MAX_LENGTH - 6)
        if self.slug != self._loaded_slug:
            self.slug = unique_slug(self.slug, self._slug_taken, max_length=SLUG_MAX_LENGTH)
        if self.status == Status.PUBLISHED:
            self.publish_at = self.publish_at or now
            self.first_published_at = self.first_published_at or self.publish_at
        if self.is_pinned and not (self._loaded_pinned and self.pinned_at):
            self.pinned_at = now
        elif not self.is_pinned:
            self.pinned_at = self.pinned_until = None
        if self.is_pinned and self.pinned_until is None:
            self.pinned_until = default_pin_end(self.pinned_at)
        self.search_text = fold(
            " ".join(
                [
                    self.title,
                    self.summary,
                    self.claim,
                    self.rebuttal_summary,
                    plain_text(self.body),
                    self.photo_caption,
                    self.credit,
                    self.source,
                ]
            )
        )
        with transaction.atomic():
            super().save(*args, **kwargs)
            self._after_save()
        self._loaded_status, self._loaded_slug, self._loaded_pinned = self.status, self.slug, self.is_pinned

    def get_absolute_url(self) -> str:
        return slug_url("news:article", self.slug)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        loaded = instance.__dict__  # deferred fields are absent: never trigger a query here
        instance._loaded_status = loaded.get("status")
        instance._loaded_slug = loaded.get("slug")
        instance._loaded_pinned = loaded.get("is_pinned", False)
        return instance

    def _load_original_if_deferred(self):
        if self.pk and not self._state.adding and (self._loaded_status is None or self._loaded_slug is None):
            own = of_site(Article, self.site_id).filter(pk=self.pk)
            row = own.values_list("status", "slug", "is_pinned").first()
            if row:
                self._loaded_status, self._loaded_slug, self._loaded_pinned = row

    # --- validation and derived data ---------------------------------------------------
    def clean(self):
        super().clean()
        errors = {}
        if self.photo and not self.photo_decorative and not self.photo_alt.strip():
            errors["photo_alt"] = "Hãy nhập văn bản thay thế mô tả ảnh, hoặc đánh dấu “ảnh chỉ để trang trí”."
        if self.expire_at and self.publish_at and self.expire_at <= self.publish_at:
            errors["expire_at"] = "Thời điểm hết hạn phải sau thời điểm xuất bản."
        if self.category_id and self.site_id and self.category.site_id != self.site_id:
            errors["category"] = "Chuyên mục này thuộc cổng của một Ban Chỉ đạo khác."
        if self.kind == Kind.REBUTTAL:
            if not self.claim.strip():
                errors["claim"] = "Bài phản bác cần tóm tắt luận điệu sai trái bị phản bác."
            if not self.rebuttal_summary.strip():
                errors["rebuttal_summary"] = "Bài phản bác cần phần “sự thật”: tóm tắt điều đúng."
            if not self.verdict:
                errors["verdict"] = "Hãy chọn kết luận về luận điệu (ví dụ “Sai sự thật”)."
        if errors:
            raise ValidationError(errors)

    def _slug_taken(self, candidate: str) -> bool:
        """Another article has the slug, or an old address of another article redirects from it."""
        return (
            of_site(Article, self.site_id).filter(slug=candidate).exclude(pk=self.pk).exists()
            or of_site(ArticleRedirect, self.site_id)
            .filter(old_slug=candidate)
            .exclude(article_id=self.pk)
            .exists()
        )

    def _after_save(self):
        old_slug = self._loaded_slug
        redirects = of_site(ArticleRedirect, self.site_id)
        if old_slug and old_slug != self.slug:
            # A published article's old address keeps working: a permanent redirect to the new one.
            if self.first_published_at:
                redirects.update_or_create(old_slug=old_slug, defaults={"article": self})
            redirects.filter(old_slug=self.slug).delete()
        if self.status != self._loaded_status:
            of_site(StatusChange, self.site_id).create(
                article=self,
                from_status=self._loaded_status or "",
                to_status=self.status,
                changed_by=self.updated_by,
                note=self.__dict__.pop("_status_note", ""),
            )
        if self.is_pinned and not self._loaded_pinned:
            self._unpin_oldest()

    def _unpin_oldest(self):
        limit = max(0, settings.NEWS_MAX_PINNED)
        pinned = of_site(Article, self.site_id).filter(is_pinned=True)
        keep = list(pinned.order_by("-pinned_at", "-pk").values_list("pk", flat=True))[:limit]
        pinned.exclude(pk__in=keep).update(is_pinned=False, pinned_at=None, pinned_until=None)
        if self.pk not in keep:
            self.is_pinned, self.pinned_at, self.pinned_until = False, None, None

    def pin(self, user, now=None) -> None:
        """Pin (or pin again) from `now` for NEWS_PIN_DAYS days, as `user`."""
        now = now or timezone.now()
        self.is_pinned, self.pinned_at, self.pinned_until = True, now, default_pin_end(now)
        self.updated_by = user
        self.save()

    # --- workflow ------------------------------------------------------------------------
    def is_own(self, user) -> bool:
        return bool(user and user.pk and user.pk in {self.created_by_id, self.author_id})

    def can_edit(self, user) -> bool:
        """Approvers edit any article; editors only their own, and only before it is published."""
        if is_approver(user):
            return True
        if not user.has_perm("news.change_article"):
            return False
        return self.pk is None or (self.is_own(user) and self._loaded_status in EDITOR_EDITABLE)

    def allowed_statuses(self, user) -> list[str]:
        """The statuses `user` may set on this article: the current one plus permitted transitions."""
        current = self._loaded_status or Status.DRAFT
        if self.pk is None:
            targets = {Status.DRAFT, Status.REVIEW, Status.PUBLISHED}
        else:
            targets = set(TRANSITIONS.get(current, set()))
        if not is_approver(user):
            targets -= APPROVER_ONLY_TARGETS
            if not self.can_edit(user):
                targets = set()
        allowed = {current} | targets
        return [s for s in Status.values if s in allowed]

    def transition(self, to_status: str, user, note: str = "") -> None:
        """Change the status as `user`, or raise PermissionDenied; the change is recorded."""
        if to_status == self._loaded_status:
            return
        if to_status not in self.allowed_statuses(user):
            raise PermissionDenied(
                f"Bạn không có quyền chuyển bài từ “{self.get_status_display()}” sang "
                f"“{Status(to_status).label}”."
            )
        self.status = to_status
        if to_status in {Status.UNPUBLISHED, Status.ARCHIVED}:
            self.is_pinned = False
        self.updated_by = user
        self._status_note = note
        self.save()

    # --- display -------------------------------------------------------------------------
    @property
    def is_live(self) -> bool:
        """Visible to the public right now (the same test as `published()`)."""
        now = timezone.now()
        return (
            self.status == Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= now
            and (self.expire_at is None or self.expire_at > now)
        )

    @property
    def is_rebuttal(self) -> bool:
        return self.kind == Kind.REBUTTAL

    @property
    def lead_alt(self) -> str:
        return "" if self.photo_decorative else self.photo_alt

    @property
    def display_date(self):
        return self.publish_at or self.created_at


class GalleryPhoto(SiteScopedModel):
    site_parent = "article"

    article = models.ForeignKey(
        Article, verbose_name="tin bài", on_delete=models.CASCADE, related_name="gallery"
    )
    image = PipelineImageField(
        "ảnh",
        upload_to=SiteUploadTo("news/gallery/%Y/%m/"),
        width_field="image_width",
        height_field="image_height",
    )
    image_width = models.PositiveIntegerField(null=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, editable=False)
    caption = models.CharField("chú thích", max_length=300, blank=True)
    alt = models.CharField(
        "văn bản thay thế",
        max_length=300,
        validators=[validate_alt_text],
        help_text="Mô tả nội dung ảnh; không ghi tên tệp.",
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    objects = site_manager(ContentQuerySet)

    class Meta:
        verbose_name = "ảnh trong bộ ảnh"
        verbose_name_plural = "bộ ảnh"
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.caption or self.alt


class RebuttalSource(SiteScopedModel):
    """An official source a rebuttal cites (a law, a ministry's statement, a statistics page)."""

    site_parent = "article"

    article = models.ForeignKey(
        Article, verbose_name="tin bài", on_delete=models.CASCADE, related_name="rebuttal_sources"
    )
    title = models.CharField(
        "tên nguồn", max_length=300, help_text="Ví dụ: Luật An ninh mạng 2018, Điều 8 — Cổng TTĐT Chính phủ."
    )
    url = LinkField(
        "địa chỉ",
        max_length=1000,
        help_text="Địa chỉ đầy đủ bắt đầu bằng https://, hoặc đường dẫn trong cổng (ví dụ /van-ban/…).",
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    objects = site_manager(ContentQuerySet)

    class Meta:
        verbose_name = "nguồn chính thức"
        verbose_name_plural = "nguồn chính thức (bài phản bác)"
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class StatusChange(SiteScopedModel):
    """One step of an article's workflow: who moved it from which status to which, and when."""

    site_parent = "article"

    article = models.ForeignKey(
        Article, verbose_name="tin bài", on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField("từ trạng thái", max_length=20, choices=Status, blank=True)
    to_status = models.CharField("sang trạng thái", max_length=20, choices=Status)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thực hiện",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField("thời điểm", default=timezone.now)
    note = models.CharField("ghi chú", max_length=300, blank=True)

    objects = site_manager(ContentQuerySet)

    class Meta:
        verbose_name = "lịch sử trạng thái"
        verbose_name_plural = "lịch sử trạng thái"
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        start = self.get_from_status_display() or "Tạo mới"
        return f"{start} → {self.get_to_status_display()}"


class ArticleRedirect(SiteScopedModel):
    """An old address of a published article, answered with a permanent redirect."""

    site_parent = "article"

    old_slug = models.SlugField("đường dẫn cũ", db_index=False, max_length=SLUG_MAX_LENGTH)
    article = models.ForeignKey(
        Article, verbose_name="tin bài", on_delete=models.CASCADE, related_name="redirects"
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    objects = site_manager(ContentQuerySet)

    class Meta:
        verbose_name = "đường dẫn cũ"
        verbose_name_plural = "đường dẫn cũ"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "old_slug"],
                name="news_articleredirect_unique_old_slug",
                violation_error_message="Đường dẫn cũ này đã dẫn tới một tin bài khác.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.old_slug} → {self.article.slug}"
